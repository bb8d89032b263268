"""Folding Vietnamese for search: "quang binh" finds "Quảng Bình", "dang uy" finds "Đảng ủy"."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case ASCII with diacritics removed and spaces collapsed.

    "Đ/đ" has no Unicode decomposition, so it is mapped to "d" before the accents are stripped.
    """
    text = (text or "").replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(ascii_only.lower().split())
