"""Exports of congress schedules and of the congress status table (rule statuses from the one
rules module, evaluated in bulk before the rows are written)."""

from __future__ import annotations

import datetime as dt

from import_export import fields

from apps.core.dates import local_today
from apps.core.exports import SpreadsheetSafeResource

from .facts import evaluate_all, with_rule_context
from .models import Congress


class CongressScheduleResource(SpreadsheetSafeResource):
    """The columns the schedule import reads, so an export can be edited and imported back."""

    organization_code = fields.Field(
        attribute="organization__code", column_name="organization_code"
    )
    term = fields.Field(attribute="term__code", column_name="term")

    class Meta:
        model = Congress
        fields = (
            "organization_code",
            "term",
            "ordinal",
            "kind",
            "opening_date",
            "days",
            "place",
            "is_pilot",
        )
        export_order = fields

    def dehydrate_opening_date(self, c: Congress) -> str:
        return c.opening_date.strftime("%d/%m/%Y")

    def dehydrate_is_pilot(self, c: Congress) -> str:
        return "true" if c.is_pilot else "false"


class CongressStatusResource(SpreadsheetSafeResource):
    """The status table: each congress with R30, R20, RA deadlines and statuses and can_open."""

    organization_code = fields.Field(
        attribute="organization__code", column_name="organization_code"
    )
    organization = fields.Field(attribute="organization__name", column_name="organization")
    term = fields.Field(attribute="term__code", column_name="term")
    r30_deadline = fields.Field(column_name="R30_deadline")
    r30_status = fields.Field(column_name="R30_status")
    r20_deadline = fields.Field(column_name="R20_deadline")
    r20_status = fields.Field(column_name="R20_status")
    ra_status = fields.Field(column_name="RA_status")
    can_open = fields.Field(column_name="can_open")
    earliest_lawful_opening = fields.Field(column_name="earliest_lawful_opening")

    class Meta:
        model = Congress
        fields = (
            "organization_code",
            "organization",
            "term",
            "ordinal",
            "opening_date",
            "is_pilot",
            "status",
            "r30_deadline",
            "r30_status",
            "r20_deadline",
            "r20_status",
            "ra_status",
            "can_open",
            "earliest_lawful_opening",
        )
        export_order = fields

    def __init__(self, today: dt.date | None = None, **kwargs):
        super().__init__(**kwargs)
        self.today = today or local_today()
        self._evaluations: dict = {}

    def before_export(self, queryset, **kwargs):
        congresses = list(with_rule_context(queryset))
        self._evaluations = {
            e.congress.pk: e.evaluation for e in evaluate_all(congresses, today=self.today)
        }

    def _rule(self, c: Congress, code: str):
        return self._evaluations[c.pk][code]

    def dehydrate_r30_deadline(self, c):
        return self._rule(c, "R30").deadline.strftime("%d/%m/%Y")

    def dehydrate_r30_status(self, c):
        return str(self._rule(c, "R30").status)

    def dehydrate_r20_deadline(self, c):
        return self._rule(c, "R20").deadline.strftime("%d/%m/%Y")

    def dehydrate_r20_status(self, c):
        return str(self._rule(c, "R20").status)

    def dehydrate_ra_status(self, c):
        return str(self._rule(c, "RA").status)

    def dehydrate_can_open(self, c):
        return "true" if self._evaluations[c.pk].can_open else "false"

    def dehydrate_earliest_lawful_opening(self, c):
        day = self._evaluations[c.pk].earliest_lawful_opening
        return day.strftime("%d/%m/%Y") if day else ""

    def dehydrate_opening_date(self, c):
        return c.opening_date.strftime("%d/%m/%Y")
