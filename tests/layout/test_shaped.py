"""A shaped paragraph (Arabic, Khmer taglines) is laid out once per width, and the same way.

ReportLab wraps a paragraph more than once at one width (does it fit? then, to place it); the
shaping of its lines is most of what a notice costs. No timing: the calls to ``visual_runs`` are
counted, and the lines compared with those of a paragraph wrapped for the first time.
"""

from __future__ import annotations

import pytest
from reportlab.lib.colors import black

from handout import shaping
from handout.fonts import load
from handout.languages.taglines import taglines
from handout.layout.shaped import ShapedParagraph
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def family():
    return load(ROOT / "fonts")


def paragraphs(family) -> list[ShapedParagraph]:
    made = []
    for tagline in taglines().values():
        face = family.script(tagline.script)
        if tagline.script in ("Arab", "Khmr") and face:
            made.append(ShapedParagraph(tagline.text, (face, family.regular), 10, 13, black,
                                        tagline.rtl, tagline.code, label=tagline.own_name))
    return made


def drawn(lines) -> list[tuple[str, list[tuple[str, str, float]]]]:
    return [(line, [(r.font, str(r.text), r.width) for r in runs]) for line, runs in lines]


def test_a_second_wrap_at_the_same_width_shapes_nothing(family, monkeypatch):
    shaped = paragraphs(family)
    assert len(shaped) >= 3  # Arabic, Persian, Khmer at least
    calls = []
    real = shaping.visual_runs
    monkeypatch.setattr(shaping, "visual_runs", lambda *a: calls.append(a) or real(*a))
    for para in shaped:
        calls.clear()
        first = drawn(para.lines_for(150)) if para.wrap(150, 500) else None
        words = len(para.text.split(" "))
        assert first and 0 < len(calls) <= words + len(first), \
            "a trial line per word, and at most one shaping more per line"
        calls.clear()
        assert para.wrap(150, 500)[1] == para.leading * len(first)
        assert drawn(para.lines_for(150)) == first
        assert calls == []
        para.wrap(100, 500)  # another width: laid out anew
        assert calls


def test_lines_are_those_of_a_fresh_paragraph(family):
    for para in paragraphs(family):
        para.wrap(220, 500)
        para.wrap(220, 500)
        para.wrap(130, 500)
        fresh = next(p for p in paragraphs(family) if p.text == para.text)
        fresh.wrap(130, 500)
        assert drawn(para.laid) == drawn(fresh.laid), para.lang
        assert len(para.laid) > 1  # the width breaks it into lines
        for line, runs in para.laid:  # each line's runs are that line's, shaped
            assert drawn([(line, runs)]) == drawn([(line, shaping.visual_runs(
                line, para.fonts, para.size, para.rtl))])
