"""Where an election's convened base comes from when the congress day is recorded in the portal.

The base (members or delegates summoned minus those the rules subtract, docs/domain.md §7.3) is
typed with the result at a congress whose list is not in the portal (an all-member congress, a
list kept on paper). At a delegates' congress whose delegate list is in the portal, the base is
read from the attendance record (apps.attendance: cards checked in at the door), and the
attendance quorum of the rule set must be met.

The attendance app sits above this one (it reads the delegate list), so it registers its reader
here when Django starts (``AttendanceConfig.ready``) rather than this module importing upward:
every election service (the committee's, the delegates') calls ``convened_figures()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from django.utils.translation import gettext as _

from apps.core.errors import DomainError

if TYPE_CHECKING:
    from apps.congresses.models import Congress


class RecordedBase(NamedTuple):
    """The attendance record's numbers at the moment of an election."""

    summoned: int  # official delegates summoned (on the list, seated)
    excused: int  # subtracted: absent without a replacement (not checked in)
    present: int
    needed: int | None  # present needed by the rule set's attendance quorum; None: no rule
    quorate: bool

    @property
    def base(self) -> int:
        return self.summoned - self.excused


BaseReader = Callable[["Congress"], RecordedBase | None]
_readers: list[BaseReader] = []


def register_base_reader(reader: BaseReader) -> None:
    """Called once by the app that records attendance (idempotent)."""
    if reader not in _readers:
        _readers.append(reader)


def recorded_base(congress: Congress) -> RecordedBase | None:
    """The base from the attendance record, or None when the congress day is not recorded."""
    for reader in _readers:
        found = reader(congress)
        if found is not None:
            return found
    return None


def convened_figures(
    congress: Congress, summoned: int | None, excused: int | None
) -> tuple[int, int]:
    """(summoned, excused) for an election at `congress`: from the attendance record when the
    congress's delegate list is in the portal (refused before anyone is checked in, while the
    rule set's quorum is not met, or when typed figures contradict it), else as typed.
    Every election service calls this (the committee's, the delegates')."""
    recorded = recorded_base(congress)
    if recorded is None:
        if summoned is None:
            raise DomainError(_("Nhập số được triệu tập."), field="summoned")
        return summoned, excused or 0
    if recorded.present == 0:
        raise DomainError(
            _(
                "Chưa đại biểu nào được điểm danh. Tổng số làm căn cứ bầu cử lấy từ điểm danh"
                " đại biểu: hãy điểm danh trước khi ghi kết quả."
            )
        )
    if not recorded.quorate:
        raise DomainError(
            _(
                "Chưa đủ số đại biểu có mặt để tiến hành bầu cử: có mặt %(present)s/%(summoned)s,"
                " cần ít nhất %(needed)s theo bộ quy tắc."
            )
            % {
                "present": recorded.present,
                "summoned": recorded.summoned,
                "needed": recorded.needed,
            }
        )
    typed = (summoned, excused or 0)
    if summoned is not None and typed != (recorded.summoned, recorded.excused):
        raise DomainError(
            _(
                "Số triệu tập và số được trừ lấy từ điểm danh đại biểu (%(summoned)s triệu tập,"
                " %(excused)s vắng mặt không có người thay); không nhập số khác."
            )
            % {"summoned": recorded.summoned, "excused": recorded.excused},
            field="summoned",
        )
    return recorded.summoned, recorded.excused
