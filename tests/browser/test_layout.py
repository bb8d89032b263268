"""Every page a non-admin demo role reaches, on a phone (390 × 844) and a laptop (1366 × 768).

One test per window size: the demo data is loaded once, each demo role signs in once (one
browser context per role) and walks the site by its own links, visiting the first address of
each kind of page (route) it can reach. On every page: no horizontal scroll, no control of a
form overlapping another's click target, every radio/checkbox label selects its own control
(issue 18.1), and the navigation opens and leads somewhere. axe-core (vendored for the tests
only, tests/browser/vendor/) finds no serious or critical violation on the home, dashboard,
congress, round, plan, decide and notifications pages. Screenshots: artifacts/screenshots/.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from apps.accounts.models import User
from apps.congresses.models import Congress
from apps.documents.models import DraftDocument, DraftRound
from tests.browser.conftest import ARTIFACTS
from tests.factories import term

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
DEMO_PASSWORD = "Demo@2020"
# One demo account per role (fixtures/demo.json): the secretary, deputy, standing member,
# committee member, office officer, party member and working-group member of the province,
# and the secretaries of a grassroots committee (with cells) and of a cell.
ROLES = [
    "bithu.qb",
    "phobithu.qb",
    "btv.qb",
    "capuy.qb",
    "vanphong.qb",
    "dangvien.qb",
    "tocongtac.qb",
    "bithu.ptm",
    "bithu.ankt",
]
AXE_PAGES = {
    "worklist:home",
    "congresses:dashboard",
    "congresses:detail",
    "documents:round",
    "personnel:plan",
    "congresses:decide",
    "notifications:inbox",
}
# Addresses a crawler must not follow: files and PDFs, writes behind links, other apps.
SKIP_PREFIXES = ("/admin/", "/api/", "/i18n/", "/static/", "/media/", "/logout/", "/reports/")
SKIP_PARTS = ("/file/", "/attachment/", ".ics", "/export", "/download")
MAX_PAGES_PER_ROLE = 30
# A kind of page is visited once per role, a few of them more often: the circulate form's
# list of subordinates shows only for an organisation that has some.
VISITS_PER_VIEW = {"documents:circulate": 3}
# Form fields rendered as radio or checkbox lists somewhere in the app; the walk must meet each.
CHOICE_FIELDS = {"decision", "organizations", "all_subordinates", "is_pilot", "proposed_posts"}

OVERLAPS_JS = """
() => {
  const out = [];
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  for (const form of document.querySelectorAll('main form')) {
    const els = [...form.querySelectorAll(
      'input:not([type=hidden]), select, textarea, button, label, a')].filter(visible);
    for (let i = 0; i < els.length; i++) {
      for (let j = i + 1; j < els.length; j++) {
        const a = els[i], b = els[j];
        if (a.contains(b) || b.contains(a)) continue;
        const r = a.getBoundingClientRect(), q = b.getBoundingClientRect();
        const w = Math.min(r.right, q.right) - Math.max(r.left, q.left);
        const h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
        if (w > 2 && h > 2) {
          const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
            (e.getAttribute('for') ? '[for=' + e.getAttribute('for') + ']' : '') +
            ' "' + (e.innerText || e.value || '').trim().slice(0, 30) + '"';
          out.push(name(a) + ' overlaps ' + name(b));
        }
      }
    }
  }
  return out;
}
"""

LABELS_JS = """
() => {
  // For every visible radio/checkbox of a form that has a label: the element a click at the
  // label's centre reaches must be the label itself (nothing lies over it), and that click must
  // change its own control and no other (radios: the others of its group may go off).
  const inputs = [...document.querySelectorAll(
    'main form input[type=radio], main form input[type=checkbox]')]
    .filter((i) => i.id && !i.disabled && i.getBoundingClientRect().width > 0);
  const state = () => inputs.map((i) => i.checked);
  const out = {names: [], problems: []};
  for (const input of inputs) {
    const label = document.querySelector('label[for="' + input.id + '"]');
    if (!label) continue;
    out.names.push(input.name);
    label.scrollIntoView({block: 'center', behavior: 'instant'});
    const r = label.getBoundingClientRect();
    const x = r.left + Math.min(r.width / 2, 40), y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    if (!hit || !(label === hit || label.contains(hit))) {
      out.problems.push('#' + input.id + ': a click on its label lands on ' +
        (hit ? hit.tagName.toLowerCase() + (hit.id ? '#' + hit.id : '') : 'nothing'));
      continue;
    }
    const before = state();
    hit.click();
    const after = state();
    const changed = inputs.filter((_, k) => before[k] !== after[k]);
    const wrong = changed.filter((i) => i !== input &&
      !(input.type === 'radio' && i.name === input.name && !i.checked));
    if (wrong.length || (input.type === 'checkbox' && !changed.includes(input)) ||
        (input.type === 'radio' && !input.checked)) {
      out.problems.push('#' + input.id + ': its label changed ' +
        changed.map((i) => '#' + i.id).join(', '));
    }
    if (input.type === 'checkbox') hit.click();  // back as it was
  }
  return out;
}
"""


@dataclass
class Walk:
    width: int
    seen_views: set[str] = field(default_factory=set)
    choice_fields: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    axe: dict[str, list[str]] = field(default_factory=dict)
    pages: int = 0


def _view_of(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _followable(base: str, href: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme not in ("http", "https", "") or (parts.netloc and parts.netloc not in base):
        return None
    path = parts.path
    if not path.startswith("/") or path.startswith(SKIP_PREFIXES):
        return None
    if any(p in path for p in SKIP_PARTS):
        return None
    return path


def _check_labels(page, walk: Walk, where: str) -> None:
    """Every label of every radio/checkbox list selects its own control (issue 18.1). The first
    label of the page is also clicked with the real mouse, as a person would."""
    first = page.locator("main form .form-check-label").first
    if first.count():
        control = page.locator(f"#{first.get_attribute('for')}")
        was = control.is_checked()
        first.click()
        if control.is_checked() == was and control.get_attribute("type") == "checkbox":
            walk.problems.append(f"{where}: a real click on the first label did nothing")
        if control.get_attribute("type") == "checkbox":
            first.click()
    found = page.evaluate(LABELS_JS)
    walk.choice_fields |= {name.split("-")[-1] for name in found["names"]}
    walk.problems += [f"{where}: {problem}" for problem in found["problems"]]


def _check_navigation(page, walk: Walk, role: str) -> None:
    nav_link = page.locator("#main-nav a.nav-link", has_text="Việc cần làm")
    toggler = page.locator("button.navbar-toggler")
    if walk.width < 1200:
        if nav_link.is_visible() or not toggler.is_visible():
            walk.problems.append(f"{role}: the phone navigation is not collapsed")
        toggler.click()
        nav_link.wait_for(state="visible")
        # Bootstrap's collapse animates ("collapsing") before it settles as "collapse show": a
        # click on the language menu during the animation may land where the link no longer is
        page.locator("#main-nav.collapse.show").wait_for(state="visible")
        page.locator("#language-menu").click()
        page.locator("button[name=language][value=en]").wait_for(state="visible")
        box = page.locator("button[name=language][value=en]").bounding_box()
        if not box or box["x"] < 0 or box["x"] + box["width"] > walk.width:
            walk.problems.append(f"{role}: the language menu is clipped")
        page.keyboard.press("Escape")
    else:
        if toggler.is_visible() or not nav_link.is_visible():
            walk.problems.append(f"{role}: the laptop navigation is not laid out")
        height = page.locator("nav.navbar").bounding_box()["height"]
        if height > 70:
            walk.problems.append(f"{role}: the navigation wraps ({height:.0f} px high)")
    nav_link.click()
    page.wait_for_url("**/")


def _walk_role(page, base: str, role: str, walk: Walk) -> None:
    """From the home page and the pages of the role's own congresses (of any term), follow
    the links breadth first."""
    own = [
        f"/congresses/{pk}/"
        for pk in Congress.objects.filter(organization__memberships__user__username=role)
        .order_by("-opening_date")
        .values_list("pk", flat=True)
    ]
    queue: deque[str] = deque(["/", *own])
    visits: dict[str, int] = {}
    queued: set[str] = set(queue)
    count = 0
    while queue and count < MAX_PAGES_PER_ROLE:
        path = queue.popleft()
        view = _view_of(path)
        if view is None or visits.get(view, 0) >= VISITS_PER_VIEW.get(view, 1):
            continue
        visits[view] = visits.get(view, 0) + 1
        response = page.goto(base + path)
        count += 1
        where = f"{role} {path} ({view}, {walk.width}px)"
        if response is None or response.status != 200:
            walk.problems.append(f"{where}: answered {response and response.status}")
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > walk.width:
            walk.problems.append(f"{where}: the page is {width}px wide")
        # Forms are laid out the same for every role: their checks run on a view's first visit
        # at this size (and on each visit of a view allowed more than one).
        if view not in walk.seen_views or view in VISITS_PER_VIEW:
            for overlap in page.evaluate(OVERLAPS_JS):
                walk.problems.append(f"{where}: {overlap}")
            _check_labels(page, walk, where)
        if view not in walk.seen_views:
            walk.seen_views.add(view)
            name = f"{walk.width}-{view.replace(':', '-')}-{role}.png"
            page.screenshot(path=str(ARTIFACTS / name), full_page=True)
            if view in AXE_PAGES:
                walk.axe[f"{view} ({role})"] = _axe(page)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            nxt = _followable(base, href)
            if nxt and nxt not in queued:
                queued.add(nxt)
                queue.append(nxt)
    walk.pages += count


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => JSON.stringify((await axe.run(document, {resultTypes: ['violations']}))"
        ".violations.filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))"
    )
    return json.loads(result)


@pytest.fixture
def demo(db):
    term("2020-2025")  # the data migration's terms and rule sets (a transactional test flushes)
    call_command("load_demo", verbosity=0)
    # A new draft round of the province's political report, not yet circulated: the
    # secretary's home then offers the circulate form with its list of subordinates.
    doc = DraftDocument.objects.filter(
        congress__organization__code="QB", kind="political_report"
    ).get()
    DraftRound.objects.create(
        document=doc,
        number=doc.rounds.count() + 1,
        body="Dự thảo sửa theo ý kiến góp ý",
        submitted_by=User.objects.get(username="bithu.qb"),
    )


def test_the_checks_catch_a_covered_label_and_a_label_that_selects_another_control(page):
    """The walk's checks are not vacuous: the faults of issue 18.1 are reported."""
    page.set_content(
        """<main><form>
        <div style="position:relative">
          <input type="radio" name="decision" id="a"><label for="a">Đồng ý</label>
          <input type="radio" name="decision" id="b"><label for="b">Trả lại</label>
          <label for="a" style="position:absolute;left:0;top:0;width:100%;height:100%"></label>
        </div>
        <label for="note">Ý kiến</label><textarea id="note"></textarea>
        </form></main>"""
    )
    found = page.evaluate(LABELS_JS)
    assert any(p.startswith("#b: a click on its label lands on label") for p in found["problems"])
    overlaps = page.evaluate(OVERLAPS_JS)
    assert any('"Trả lại"' in o for o in overlaps), overlaps


@pytest.mark.parametrize("width,height", [(390, 844), (1366, 768)])
def test_every_page_of_every_role_fits_and_every_label_selects_its_control(
    browser, live_server, login, demo, width, height
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    walk = Walk(width=width)
    for role in ROLES:
        context = browser.new_context(
            viewport={"width": width, "height": height}, bypass_csp=True, locale="vi-VN"
        )
        page = context.new_page()
        login(page, role, DEMO_PASSWORD)  # with the second factor where the role needs it
        page.goto(f"{live_server.url}/")
        _check_navigation(page, walk, role)
        _walk_role(page, live_server.url, role, walk)
        context.close()
    assert walk.problems == [], "\n".join(walk.problems)
    assert walk.choice_fields >= CHOICE_FIELDS, CHOICE_FIELDS - walk.choice_fields
    assert {k.split(" ")[0] for k in walk.axe} >= AXE_PAGES, AXE_PAGES - walk.seen_views
    serious = {page: found for page, found in walk.axe.items() if found}
    (ARTIFACTS / f"axe-{width}.json").write_text(json.dumps(walk.axe, ensure_ascii=False, indent=1))
    assert serious == {}, json.dumps(serious, ensure_ascii=False, indent=1)
    assert walk.pages > 100  # every role walked its pages, not just the home
