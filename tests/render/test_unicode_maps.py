"""A subset's ToUnicode map, as ReportLab makes it, mended for screen readers (``clean_map``):
no code maps to U+0000, a glyph that shaping drew maps to the text it stands for; and a map
written again by the next document is mended once."""

from reportlab.pdfbase.ttfonts import makeToUnicodeCMap

from handout import shaping
from handout.tagging import fonts

FACE = "HandoutTest-Regular"


def cmap(*codes: int) -> str:
    return makeToUnicodeCMap(f"AAAAAA+{FACE}", list(codes))


def test_codes_to_nothing_are_dropped_and_the_others_kept():
    mended = fonts.clean_map(f"AAAAAA+{FACE}", cmap(0, ord("A"), ord("é")))
    assert "<0000>" not in mended
    assert "<01> <0041>" in mended and "<02> <00E9>" in mended
    assert "2 beginbfchar" in mended


def test_a_map_written_again_is_mended_once_until_shaping_learns_a_glyph(monkeypatch):
    monkeypatch.setitem(shaping.PRIVATE, FACE, {})
    mended: list[bytes] = []
    real = fonts._clean
    monkeypatch.setattr(fonts, "_clean", lambda data, private: (
        mended.append(data), real(data, private))[1])
    text = cmap(ord("f"), 0xE000)
    first = fonts.clean_map(f"AAAAAA+{FACE}", text)
    assert fonts.clean_map(f"AAAAAA+{FACE}", text) == first
    assert len(mended) == 1
    assert "<01> <E000>" in first  # a private-use glyph no shaping has named yet
    shaping.PRIVATE[FACE][0xE000] = "fi"  # shaping drew the ligature: the map says "fi" now
    again = fonts.clean_map(f"AAAAAA+{FACE}", text)
    assert len(mended) == 2 and "<01> <00660069>" in again
