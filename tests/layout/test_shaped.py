"""A shaped paragraph (Arabic, Khmer taglines) is laid out once per width, and the same way.

ReportLab wraps a paragraph more than once at one width (does it fit? then, to place it); the
shaping of its lines is most of what a notice costs. No timing: the texts shaped are counted,
and the lines compared with those of a paragraph wrapped for the first time and with those of
trying one word more at a time.
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


@pytest.fixture
def shapings(monkeypatch):
    """The texts shaped from now on: each a line or word not shaped before in this process."""
    shaping.clear()
    calls: list[str] = []
    real = shaping._levels  # once per text actually shaped
    monkeypatch.setattr(shaping, "_levels", lambda text, rtl: calls.append(text) or real(text, rtl))
    return calls


def test_a_line_is_shaped_about_twice_and_a_second_wrap_shapes_nothing(family, shapings):
    shaped = paragraphs(family)
    assert len(shaped) >= 3  # Arabic, Persian, Khmer at least
    for para in shaped:
        shapings.clear()
        first = drawn(para.lines_for(150)) if para.wrap(150, 500) else None
        assert first and len(first) > 2
        lines = [text for text in shapings if " " in text.strip()]
        assert len(lines) <= 3 * len(first), "a guess from the words, then a line or two shaped"
        shapings.clear()
        assert para.wrap(150, 500)[1] == para.leading * len(first)
        assert drawn(para.lines_for(150)) == first
        assert shapings == []


def test_lines_are_the_greedy_ones(family):
    """The lines are those of trying one more word at a time, each trial shaped whole."""
    for para in paragraphs(family):
        for width in (90, 130, 150, 220, 330):
            fresh = next(p for p in paragraphs(family) if p.text == para.text)
            fresh.wrap(width, 500)
            assert [line for line, _ in fresh.laid] == greedy(fresh, width), (para.lang, width)


def greedy(para: ShapedParagraph, width: float) -> list[str]:
    lines: list[str] = []
    current: list[str] = []
    for word in para.text.split(" "):
        room = width - (para.label_room if not lines else 0.0)
        trial = " ".join([*current, word])
        if current and shaping.width(shaping.visual_runs(trial, para.fonts, para.size,
                                                         para.rtl)) > room:
            lines.append(" ".join(current))
            current = [word]
        else:
            current.append(word)
    return [*lines, " ".join(current)] if current else lines


def test_another_clinics_notice_reshapes_only_its_own_words(family, shapings):
    """A batch's clinics share their taglines but for the phone number: a second clinic's
    paragraph shapes again only what holds its number."""
    tagline = taglines()["ar"]
    assert "{phone}" in tagline.text

    def clinic(phone: str) -> ShapedParagraph:
        return ShapedParagraph(tagline.text.format(phone=phone, tty="711"),
                               (family.script("Arab"), family.regular), 10, 13, black, True,
                               "ar", label=tagline.own_name)

    clinic("(303)\u00a0555-0142").wrap(150, 500)
    shapings.clear()
    clinic("(720)\u00a0555-0199").wrap(150, 500)
    assert shapings and all("0199" in text for text in shapings), shapings


def test_another_clinics_line_shapes_only_the_runs_that_hold_its_number(family, shapings,
                                                                         monkeypatch):
    """A line that holds another phone number is new, but its runs in the script are not: only
    the runs that hold the number are shaped again, and its bidi levels are not resolved again;
    its runs are those of the line shaped in a fresh process."""
    tagline = taglines()["ar"]
    fonts = (family.script("Arab"), family.regular)
    lines = [tagline.text.format(phone=phone, tty="711")
             for phone in ("(303)\u00a0555-0142", "(720)\u00a0555-0199")]
    shaping.visual_runs(lines[0], fonts, 10, True)
    shaped: list[str] = []
    real_shape = shaping.shapeStr
    monkeypatch.setattr(shaping, "shapeStr", lambda text, *a, **k: (
        shaped.append(text), real_shape(text, *a, **k))[1])
    resolved = shaping._resolved.cache_info().misses
    second = shaping.visual_runs(lines[1], fonts, 10, True)
    assert shaped and all("0199" in text or "9910" in text for text in shaped), shaped
    assert len(shaped) < len(second)
    assert shaping._resolved.cache_info().misses == resolved
    shaping.clear()
    fresh = shaping.visual_runs(lines[1], fonts, 10, True)
    assert [(r.font, str(r.text), r.width) for r in second] == [
        (r.font, str(r.text), r.width) for r in fresh]


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
