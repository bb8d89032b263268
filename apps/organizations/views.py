"""Tree pages. Thin: selectors read, services write, the permission layer decides."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.views import submit_form

from . import selectors
from .forms import OrganizationForm, OrganizationSearchForm
from .models import Organization, Role
from .permissions import Action, may
from .services import organization_create


def visible_or_404(request, code: str) -> Organization:
    org = selectors.visible_organization(user=request.user, code=code)
    if org is None:
        raise Http404(_("Không tìm thấy tổ chức."))
    return org


@login_required
def tree(request):
    form = OrganizationSearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = list(
            selectors.search_organizations(user=request.user, query=form.cleaned_data["q"])
        )
    roots = list(selectors.tree_roots_for(user=request.user))
    return render(
        request, "organizations/tree.html", {"form": form, "roots": roots, "results": results}
    )


@login_required
def children(request, code: str):
    """The HTMX partial behind a node's expand button: one level, visible children only, a
    page at a time. A province may have 700 committees under it: rendering them all took
    134 ms at national scale, so a "more" item fetches the next page after the last path
    shown (keyset paging: every page is one indexed range scan, however deep)."""
    org = visible_or_404(request, code)
    kids = selectors.children_visible_to(user=request.user, parent=org).order_by("path")
    after = request.GET.get("after", "")[: Organization._meta.get_field("path").max_length]
    if after:
        kids = kids.filter(path__gt=after)
    page = list(kids[: CHILDREN_PAGE + 1])
    more_after = page[CHILDREN_PAGE - 1].path if len(page) > CHILDREN_PAGE else ""
    return render(
        request,
        "organizations/_children.html",
        {"nodes": page[:CHILDREN_PAGE], "parent": org, "more_after": more_after},
    )


CHILDREN_PAGE = 100


@login_required
def detail(request, code: str):
    org = visible_or_404(request, code)
    members = list(selectors.members_by_role(organization=org))
    by_role = [(label, [m for m in members if m.role == value]) for value, label in Role.choices]
    context = {
        "org": org,
        "ancestors": list(selectors.ancestors_of(org)),
        "by_role": [(label, ms) for label, ms in by_role if ms],
        "children": list(selectors.children_visible_to(user=request.user, parent=org)),
        "can_add": may(request.user, Action.KEEP_REGISTERS, org),
        "can_audit": any(
            may(request.user, a, org) for a in (Action.LEAD, Action.APPROVE_PLAN, Action.SUPERVISE)
        ),
    }
    return render(request, "organizations/detail.html", context)


@login_required
def subtree(request, code: str):
    """The whole subtree in tree order, a page at a time: the root's 13,000 organisations were
    one 1.9 MB page taking a second. Keyset paging after the last path shown, as the tree's
    children: every page is one indexed range scan of SUBTREE_PAGE rows, however big the tree
    or deep the page (no count, no offset)."""
    org = visible_or_404(request, code)
    nodes = selectors.subtree_visible_to(user=request.user, root=org)
    after = request.GET.get("after", "")[: Organization._meta.get_field("path").max_length]
    if after:
        nodes = nodes.filter(path__gt=after)
    page = list(nodes[: SUBTREE_PAGE + 1])
    more_after = page[SUBTREE_PAGE - 1].path if len(page) > SUBTREE_PAGE else ""
    context = {"org": org, "nodes": page[:SUBTREE_PAGE], "more_after": more_after, "after": after}
    return render(request, "organizations/subtree.html", context)


SUBTREE_PAGE = 200


@login_required
def add_child(request, code: str):
    parent = visible_or_404(request, code)
    if not may(request.user, Action.KEEP_REGISTERS, parent):
        raise HttpForbidden(_("Bạn không có quyền thêm tổ chức cấp dưới ở đây."))
    form = OrganizationForm(request.POST or None)
    done = submit_form(
        request,
        form,
        lambda data: organization_create(actor=request.user, parent=parent, **data),
        success=lambda org: _("Đã thêm tổ chức “%(name)s”.") % {"name": org.name},
        then=lambda org: reverse("organizations:detail", args=[org.code]),
    )
    if done:
        return done
    return render(request, "organizations/add_child.html", {"parent": parent, "form": form})
