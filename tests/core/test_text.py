"""apps.core.text: folding Vietnamese for search."""

from apps.core.text import fold


def test_diacritics_and_case_are_folded_and_d_with_stroke_becomes_d():
    assert fold("Quảng Bình") == "quang binh"
    assert fold("ĐẢNG ỦY Công an") == "dang uy cong an"
    assert fold("đường") == "duong"


def test_spaces_collapse_and_empty_input_is_empty():
    assert fold("  Chi   bộ\tTổng\nhợp ") == "chi bo tong hop"
    assert fold("") == "" and fold(None) == ""  # type: ignore[arg-type]


def test_composed_and_decomposed_spellings_fold_the_same():
    import unicodedata

    word = "Nghệ An"
    assert fold(unicodedata.normalize("NFC", word)) == fold(unicodedata.normalize("NFD", word))
