"""Factories for the suite. Organisations go through treebeard's manager and get role groups."""

import datetime as dt

import factory

from apps.accounts.models import User
from apps.organizations.models import Membership, Organization, OrganizationKind, Role
from apps.organizations.services import ensure_role_groups

TERM_START = dt.date(2019, 1, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.django.Password("pw-12345")


class OrganizationFactory(factory.django.DjangoModelFactory):
    """`OrganizationFactory(parent=org)` adds a child; without parent, a root."""

    class Meta:
        model = Organization

    code = factory.Sequence(lambda n: f"ORG{n:05d}")
    name = factory.LazyAttribute(lambda o: f"Chi bộ {o.code}")
    short_name = ""
    kind = OrganizationKind.GRASSROOTS_CELL

    @classmethod
    def _create(cls, model_class, parent=None, **kwargs):
        if parent is None:
            org = Organization.objects.add_root(kwargs)
        else:
            org = Organization.objects.add_child(Organization.objects.get(pk=parent.pk), kwargs)
            parent.refresh_from_db()
        ensure_role_groups([org])
        return org


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.MEMBER
    start_date = TERM_START
    end_date = None


def person(org: Organization, role: str, **kwargs) -> User:
    """A user holding `role` in `org` from the term start."""
    membership = MembershipFactory(organization=org, role=role, **kwargs)
    return membership.user


def term(code: str = "2020-2025"):
    """The terms and their rule sets come from the data migration, as in production (re-run here
    because transactional tests flush the tables the migration filled)."""
    from importlib import import_module

    from django.apps import apps

    from apps.congresses.models import Term

    if not Term.objects.filter(code=code).exists():
        import_module("apps.congresses.migrations.0002_rule_sets_and_terms").forwards(apps, None)
    return Term.objects.select_related("rule_set").get(code=code)


class CongressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "congresses.Congress"

    organization = factory.SubFactory(OrganizationFactory)
    term = factory.LazyFunction(term)
    ordinal = factory.Sequence(lambda n: f"X{n}")
    kind = "delegates"
    opening_date = dt.date(2020, 6, 30)


def circulate_required(congress, day: dt.date, *, to_subordinates: bool = True) -> None:
    """R30's facts without the documents workflow: a round of each required kind circulated."""
    from apps.documents.models import Circulation, DraftDocument, DraftRound

    for kind in congress.term.rule_set.required_document_kinds:
        doc, _ = DraftDocument.objects.get_or_create(congress=congress, kind=kind)
        rnd = DraftRound.objects.create(
            document=doc,
            number=doc.rounds.count() + 1,
            body="Nội dung dự thảo",
            submitted_by=UserFactory(),
        )
        Circulation.objects.create(
            round=rnd,
            official_date=day,
            comment_deadline=day + dt.timedelta(days=10),
            to_subordinates=to_subordinates,
            entered_by=rnd.submitted_by,
        )


def approved_plan(congress, seats: int = 3, candidates: int = 4):
    """An approved personnel plan, as R20's report needs (the approval flow has its own tests)."""
    from apps.personnel.models import Candidate, PersonnelPlan

    version = congress.personnel_plans.count() + 1
    plan = PersonnelPlan.objects.create(
        congress=congress,
        version=version,
        status="approved",
        seats=seats,
        standing_seats=1,
        created_by=UserFactory(),
        approved_meeting_date=dt.date(2020, 5, 1),
    )
    Candidate.objects.bulk_create(
        [
            Candidate(
                plan=plan,
                position=i + 1,
                full_name=f"Nguyễn Văn {chr(65 + i)}",
                birth_date=dt.date(1975 + i * 3, 1, 1),
                sex="female" if i % 3 == 0 else "male",
                is_incumbent=i % 2 == 0,
            )
            for i in range(candidates)
        ]
    )
    return plan


def ready_for_report(congress, circulated_on: dt.date | None = None):
    """Drafts of every required document (circulated on a date when given) and an approved plan."""
    from apps.documents.models import DraftDocument, DraftRound

    if circulated_on:
        circulate_required(congress, circulated_on)
    else:
        for kind in congress.term.rule_set.required_document_kinds:
            doc, _ = DraftDocument.objects.get_or_create(congress=congress, kind=kind)
            DraftRound.objects.create(
                document=doc, number=1, body="Dự thảo", submitted_by=UserFactory()
            )
    return approved_plan(congress)


def pdf_bytes(pages: int = 1) -> bytes:
    """A real (blank, A4) PDF: uploads are parsed, so a file that only starts with %PDF- fails."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
