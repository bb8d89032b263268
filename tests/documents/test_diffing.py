"""apps/documents/diffing.py: two rounds compared as an HTML table, or a reason why not."""

from apps.documents import diffing
from apps.documents.diffing import compare_texts


def test_changed_lines_are_shown_with_both_labels():
    result = compare_texts(
        "Mở đầu\nNhiệm vụ cũ\nKết luận", "Mở đầu\nNhiệm vụ mới\nKết luận", "Lần 1", "Lần 2"
    )
    assert result.refusal == ""
    assert "<table" in result.table
    assert "Lần 1" in result.table and "Lần 2" in result.table
    assert "cũ" in result.table and "mới" in result.table


def test_identical_texts_compare_to_a_table_without_changes():
    result = compare_texts("Một\nHai", "Một\nHai", "A", "B")
    assert result.refusal == ""
    assert "diff_chg" not in result.table and "diff_add" not in result.table
    assert "diff_sub" not in result.table


def test_an_empty_side_is_not_compared():
    for old, new in (("", "x"), ("x", ""), ("", "")):
        result = compare_texts(old, new, "A", "B")
        assert result.table == ""
        assert "không có nội dung văn bản" in result.refusal


def test_too_many_lines_on_either_side_are_not_compared(settings):
    settings.DIFF_MAX_LINES = 3
    assert compare_texts("a\nb\nc", "a\nb\nd", "A", "B").refusal == ""
    result = compare_texts("a\nb\nc", "a\nb\nc\nd", "A", "B")
    assert result.table == ""
    assert "quá dài" in result.refusal and "tối đa 3 dòng" in result.refusal


def test_too_many_characters_are_not_compared_and_the_limit_is_grouped(settings):
    settings.DIFF_MAX_CHARS = 12_000
    result = compare_texts("x" * 12_001, "y", "A", "B")
    assert result.table == ""
    assert "12.000 ký tự" in result.refusal  # Vietnamese grouping


def test_a_comparison_past_its_time_is_abandoned(settings, monkeypatch):
    settings.DIFF_MAX_SECONDS = 5
    clock = iter([0.0] + [100.0] * 10_000)
    monkeypatch.setattr(diffing.time, "monotonic", lambda: next(clock))
    result = compare_texts("a\nb\nc", "a\nB\nc", "A", "B")
    assert result.table == ""
    assert "quá 5 giây" in result.refusal
