"""Comparing two rounds on the round page, bounded in size and in time.

difflib's line-by-line comparison grows with the product of the two texts; a 67 MB text made
the page run 121 s until the worker was killed. Texts over settings.DIFF_MAX_LINES lines or
DIFF_MAX_CHARS characters are not compared, and a comparison that passes DIFF_MAX_SECONDS is
abandoned (difflib calls the junk predicates as it goes, which is where the clock is read).
"""

from __future__ import annotations

import difflib
import time
from typing import NamedTuple

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _


class Comparison(NamedTuple):
    table: str  # the HTML table, or "" when not compared
    refusal: str  # why not, shown instead of the table


class _OutOfTime(Exception):
    pass


def compare_texts(old: str, new: str, old_label: str, new_label: str) -> Comparison:
    if not old or not new:
        return Comparison(
            "", _("Không so sánh được: một trong hai lần dự thảo không có nội dung văn bản.")
        )
    old_lines, new_lines = old.splitlines(), new.splitlines()
    if (
        max(len(old_lines), len(new_lines)) > settings.DIFF_MAX_LINES
        or max(len(old), len(new)) > settings.DIFF_MAX_CHARS
    ):
        return Comparison(
            "",
            _(
                "Văn bản quá dài để so sánh trên trang (tối đa %(lines)s dòng, %(chars)s ký tự "
                "mỗi lần dự thảo); hãy tải hai tệp về để so sánh."
            )
            % {
                "lines": number_format(settings.DIFF_MAX_LINES, force_grouping=True),
                "chars": number_format(settings.DIFF_MAX_CHARS, force_grouping=True),
            },
        )
    deadline = time.monotonic() + settings.DIFF_MAX_SECONDS

    def in_time() -> None:
        if time.monotonic() > deadline:
            raise _OutOfTime

    def line_junk(_line: str) -> bool:
        in_time()
        return False

    def char_junk(ch: str) -> bool:
        in_time()
        return difflib.IS_CHARACTER_JUNK(ch)

    try:
        table = difflib.HtmlDiff(wrapcolumn=70, linejunk=line_junk, charjunk=char_junk).make_table(
            old_lines, new_lines, old_label, new_label, context=True, numlines=2
        )
    except _OutOfTime:
        return Comparison(
            "",
            _("So sánh hai lần dự thảo mất quá %(s)s giây nên đã dừng; hãy tải hai tệp về.")
            % {"s": f"{settings.DIFF_MAX_SECONDS:g}"},
        )
    return Comparison(table, "")
