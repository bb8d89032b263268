"""The state one benchmark run shares between its areas: the options, the generated tree's root
and first province, the day, the figures taken so far, and the signed-in clients the pages are
read with."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from django.core.management.base import CommandError, OutputWrapper
from django.http.response import HttpResponseBase
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import User
from apps.organizations.models import Membership, Organization, Role
from apps.twofactor.policy import second_factor_required
from apps.twofactor.services import APP_DEVICE_NAME

from .figures import Figure, floor_once, own_sql, row, timed


class SignedIn(NamedTuple):
    root: Client
    province: Client


@dataclass
class Bench:
    options: dict[str, Any]
    stdout: OutputWrapper
    root: Organization
    province: Organization
    today: dt.date
    figures: list[Figure] = field(default_factory=list)

    @property
    def repeat(self) -> int:
        return int(self.options["repeat"])

    @property
    def printing(self) -> bool:
        """The table is printed line by line unless --json asked for the figures at the end."""
        return not self.options["json"]

    def add(
        self,
        name: str,
        fn: Callable[[], object],
        floor_sql: str | None = None,
        params: Sequence[object] = (),
        rollback: bool = False,
        reps: int | None = None,
        prepare: Callable[[], object] | None = None,
    ) -> Figure:
        """Time `fn`, with the floor query (if any) run between its runs, and keep the figure."""
        floors: list[float] = []
        between: Callable[[], object] | None = None
        if floor_sql:
            sql = floor_sql
            floor_once(sql, list(params))  # warm-up, not counted

            def between() -> None:
                floors.append(floor_once(sql, list(params)))

        runs = self.repeat if reps is None else reps
        timing = timed(fn, runs, rollback, prepare, between)
        while between and len(floors) < 11:  # a floor moved by half over 7 runs here
            between()
        med = statistics.median(timing.samples)
        p95 = sorted(timing.samples)[max(0, round(0.95 * len(timing.samples)) - 1)]
        fl = statistics.median(floors) if floors else None
        own = own_sql(timing.reads, max(runs, 3))
        figure = Figure(
            name,
            round(med, 1),
            round(p95, 1),
            timing.queries,
            round(fl, 1) if fl else None,
            round(med / fl, 1) if fl else None,
            round(own, 1) if own else None,
            round(med / own, 1) if own else None,
        )
        self.figures.append(figure)
        if self.printing:  # each line as soon as it is measured: a long run keeps its figures
            self.stdout.write(row(astuple(figure)))
            self.stdout.flush()
        return figure

    @cached_property
    def central(self) -> User:
        """A standing member of the root (the central committee's view)."""
        return leader(self.root, Role.STANDING_MEMBER)

    @cached_property
    def provincial(self) -> User:
        """A standing member of the first province."""
        return leader(self.province, Role.STANDING_MEMBER)

    @cached_property
    def _clients(self) -> SignedIn:
        central, provincial = self.central, self.provincial
        return SignedIn(signed_in(central), signed_in(provincial))

    def clients(self) -> SignedIn:
        """The root's and the province's standing members, signed in once per run. Call it
        before timing anything: signing in is not part of what a page costs."""
        return self._clients


def leader(org: Organization, role: str) -> User:
    membership = (
        Membership.objects.filter(organization=org, role=role).select_related("user").first()
    )
    if membership is None:
        raise CommandError(f"{org.code}: nobody holds {role}; regenerate the data set.")
    return membership.user


def page(client: Client, url: str) -> HttpResponseBase:
    """GET a page the way a signed-in user would; anything but 200 stops the run."""
    response = client.get(url)
    if response.status_code != 200:
        raise CommandError(f"{url} answered {response.status_code}")
    return response


def signed_in(user: User) -> Client:
    """A client past both sign-in steps: the password (forced) and, for the roles that owe it,
    the second factor (an enrolled authenticator marked as verified in the session), so the
    page measured is the page itself, not the redirect to the code form."""
    client = Client()
    client.force_login(user)
    if second_factor_required(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(
            user=user, name=APP_DEVICE_NAME, confirmed=True
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
