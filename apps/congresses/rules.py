"""The rules that are not deadlines: pure checks on dates and numbers (docs/domain.md §5–§7).

Like deadlines.py (R30, R20, RA, pilots, announcement), this module reads no database and no
clock: callers pass `today` (a local Asia/Ho_Chi_Minh date, apps.core.dates.local_today) and the
values they read. Each check answers with the reasons it refuses (an empty list when it allows),
in the user's language, so a service can refuse with every reason at once and a form, the API
and the importer all say the same words. Services call these; nothing else re-implements them.

- scheduling: an opening date may not be in the past (when it is set or moved); the lessons-
  learned meeting after the pilots not in the future;
- opening: not before the opening day;
- the first meeting of the new committee: not before the opening, not in the future, exactly one
  secretary, and no more deputies, standing members or inspection members than the plan's seats;
- after the congress: when each follow-up task falls due (the rule set's days).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import NamedTuple

from django.utils.translation import gettext as _


def _fmt(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# --- scheduling ---------------------------------------------------------------------------------


def opening_date_refusals(
    opening_date: dt.date, *, today: dt.date, previous: dt.date | None = None
) -> list[str]:
    """A congress cannot be scheduled, moved or postponed to a day before today (local date).

    `previous` is the opening date already stored: leaving a past date as it is (editing the
    place of a congress held in 2020, re-importing the same schedule) is not moving it."""
    if opening_date == previous or opening_date >= today:
        return []
    return [
        _("Ngày khai mạc không được ở quá khứ (%(d)s, hôm nay là %(t)s).")
        % {"d": _fmt(opening_date), "t": _fmt(today)}
    ]


def lessons_meeting_refusals(held_on: dt.date | None, *, today: dt.date) -> list[str]:
    """The superior's lessons-learned meeting after the pilots is recorded once held: not in the
    future (None: pilots chosen, the meeting not yet held)."""
    if held_on is None or held_on <= today:
        return []
    return [_("Ngày hội nghị không được sau ngày hôm nay.")]


# --- opening ------------------------------------------------------------------------------------


def opening_day_refusals(opening_date: dt.date, *, today: dt.date) -> list[str]:
    """A congress opens on its opening day or later, never before (whatever the other rules say)."""
    if today >= opening_date:
        return []
    return [_("Chưa đến ngày khai mạc (%(d)s).") % {"d": _fmt(opening_date)}]


# --- the first meeting of the new committee -----------------------------------------------------


class PostKind(StrEnum):
    """The posts the first meeting gives (apps.personnel.models.Post has the same values)."""

    COMMITTEE = "committee"
    STANDING = "standing"
    SECRETARY = "secretary"
    DEPUTY = "deputy"
    INSPECTION = "inspection"


class CommitteeSize(NamedTuple):
    """The seats of the personnel plan the congress elected from."""

    seats: int  # the executive committee
    standing_seats: int  # its standing committee (secretary and deputies included); 0: none
    deputy_posts: int
    inspection_seats: int


def first_meeting_refusals(
    *,
    meeting_date: dt.date,
    opening_date: dt.date,
    today: dt.date,
    posts: Iterable[str],
    size: CommitteeSize,
) -> list[str]:
    """Every reason the first meeting, as entered, cannot be recorded.

    The meeting follows the election, so it is held on or after the congress's opening and not
    after today; it elects exactly one secretary; the deputies are at most the plan's number;
    the standing committee (secretary, deputies and standing members) at most its seats — and
    none beyond the secretary and deputies where the plan has no standing committee (a cell);
    the inspection members at most the inspection seats."""
    reasons = []
    if meeting_date < opening_date:
        reasons.append(
            _("Ngày hội nghị lần thứ nhất không được trước ngày khai mạc đại hội (%(d)s).")
            % {"d": _fmt(opening_date)}
        )
    if meeting_date > today:
        reasons.append(_("Ngày hội nghị lần thứ nhất không được sau ngày hôm nay."))
    count = Counter(PostKind(p) for p in posts)
    if count[PostKind.SECRETARY] != 1:
        reasons.append(_("Hội nghị lần thứ nhất phải bầu đúng một Bí thư."))
    if count[PostKind.DEPUTY] > size.deputy_posts:
        reasons.append(
            _("Số Phó Bí thư (%(n)s) vượt số trong phương án nhân sự (%(max)s).")
            % {"n": count[PostKind.DEPUTY], "max": size.deputy_posts}
        )
    standing = count[PostKind.SECRETARY] + count[PostKind.DEPUTY] + count[PostKind.STANDING]
    if size.standing_seats == 0 and count[PostKind.STANDING]:
        reasons.append(
            _("Phương án nhân sự không có Ban Thường vụ; không bầu Ủy viên Ban Thường vụ.")
        )
    elif size.standing_seats and standing > size.standing_seats:
        reasons.append(
            _(
                "Ban Thường vụ (%(n)s người, kể cả Bí thư, Phó Bí thư) vượt số trong phương án "
                "(%(max)s)."
            )
            % {"n": standing, "max": size.standing_seats}
        )
    if count[PostKind.INSPECTION] > size.inspection_seats:
        reasons.append(
            _("Số Ủy viên Ủy ban Kiểm tra (%(n)s) vượt số trong phương án nhân sự (%(max)s).")
            % {"n": count[PostKind.INSPECTION], "max": size.inspection_seats}
        )
    return reasons


# --- after the congress: reminders and follow-up ----------------------------------------------

# The rule set's defaults for what follows the congress (RuleSet.follow_up_days); the deadline
# rules' and the comment reminders' defaults are deadlines.RuleParams.
DEFAULT_FOLLOW_UP_DAYS = {"regulations": 30, "assignments": 30, "action_plan": 60, "policy": 90}


def follow_up_due(decided_on: dt.date, kind: str, days: Mapping[str, int]) -> dt.date:
    """When a post-congress task falls due: the rule set's days for its kind after the
    ratification decision (a kind the rule set leaves out takes the default)."""
    return decided_on + dt.timedelta(days=int(days.get(kind, DEFAULT_FOLLOW_UP_DAYS[kind])))
