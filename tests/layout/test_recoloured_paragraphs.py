"""Paragraphs whose styles differ only in the colour of their text (a heading, a card's label in
the clinic's colour) are parsed and broken once for every colour, and each draws exactly what a
paragraph of its own draws."""

import pytest
from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paragraph as reportlab_paragraph

from handout import fonts
from handout.layout import markup, paragraphs
from handout.layout.paragraphs import STYLE_STAND_IN
from tests.conftest import ROOT
from tests.layout.test_alike_paragraphs import COLOURS, SOURCES, drawn, guide_text, tagline

CLINIC_COLOURS = ["#0B6E69", "#9a6a00", "#5B2A86", "#000000", "#123456"]


@pytest.fixture(scope="module")
def family():
    return fonts.load(ROOT / "fonts")


def style(family, colour: str, **kw) -> ParagraphStyle:
    """A style as each clinic's style sheet makes it: equal but for the colour of its text."""
    return ParagraphStyle("h2", fontName=family.bold, fontSize=15, leading=19,
                          textColor=HexColor(colour), **kw)


def texts(family) -> list[markup.Markup]:
    return [markup.escape("Risks & side effects"),  # one style: lines of kind 0
            markup.escape("What to expect during the first infusion, and how long it lasts " * 3),
            markup.join([markup.bold("Before: "), "eat nothing for four hours, ",
                         markup.face(family.italic, "including"), " gum"]),  # kind 1
            markup.join([markup.face(family.regular, "Dosing "),
                         markup.colour("#123456", "in brackets"), " for clinic 7"]),
            guide_text(family, COLOURS[0])]


@pytest.mark.parametrize("width", [80, 173.5, 420])
def test_a_recoloured_paragraph_draws_what_a_paragraph_of_its_own_draws(family, width):
    paragraphs.clear()
    for wrap in ("LTR", "CJK"):
        for text in texts(family):
            for n, colour in enumerate(CLINIC_COLOURS):
                s = style(family, colour, wordWrap=wrap)
                shared = paragraphs.Paragraph(text, s)
                own = paragraphs.Paragraph(text, s, shared=False)
                assert drawn(shared, width, SOURCES) == drawn(own, width, SOURCES), (
                    text, colour, width)
                # the later colours stand in, but for one its markup also gives some text:
                # ReportLab sets neighbouring fragments of one font and colour together
                assert (shared._recoloured is not None) == (n > 0 and colour.lower()
                                                            not in text.lower())


def test_the_first_colour_is_parsed_as_it_is_and_the_third_is_neither_parsed_nor_broken(
        family, monkeypatch):
    paragraphs.clear()
    text = markup.escape("Questions to ask before you start")
    first = paragraphs.Paragraph(text, style(family, CLINIC_COLOURS[0]))
    first.wrap(200, 1000)
    assert first._recoloured is None  # a lone colour costs nothing more
    second = paragraphs.Paragraph(text, style(family, CLINIC_COLOURS[1]))
    second.wrap(200, 1000)
    assert second._recoloured is not None
    calls: list[str] = []
    monkeypatch.setattr(reportlab_paragraph.Paragraph, "breakLines",
                        lambda self, *a, **k: calls.append("breakLines"))
    monkeypatch.setattr(reportlab_paragraph.ParaParser, "parse",
                        lambda self, *a, **k: calls.append("parse"))
    third = paragraphs.Paragraph(text, style(family, CLINIC_COLOURS[2]))
    third.wrap(200, 1000)
    assert not calls
    assert {f.textColor.hexval() for f in third.frags} == {"0x5b2a86"}
    assert third.blPara.textColor.hexval() == "0x5b2a86"


def test_markup_in_the_stand_in_colour_is_set_as_its_own(family):
    paragraphs.clear()
    text = markup.join(["Odd ", markup.colour(STYLE_STAND_IN, "choice"), " of colour"])
    for colour in CLINIC_COLOURS[:3]:
        s = style(family, colour)
        shared = paragraphs.Paragraph(text, s)
        assert shared._recoloured is None
        assert drawn(shared, 120) == drawn(paragraphs.Paragraph(text, s, shared=False), 120)


def test_a_style_in_the_stand_in_colour_is_set_as_its_own(family):
    paragraphs.clear()
    text = markup.escape("Aftercare")
    for colour in (CLINIC_COLOURS[0], STYLE_STAND_IN, CLINIC_COLOURS[1]):
        s = style(family, colour)
        shared = paragraphs.Paragraph(text, s)
        assert (shared._recoloured is None) == (colour != CLINIC_COLOURS[1])
        assert drawn(shared, 120) == drawn(paragraphs.Paragraph(text, s, shared=False), 120)


def test_a_split_recoloured_paragraph_leaves_the_others_lines_alone(family):
    paragraphs.clear()
    text = markup.escape("Plan a ride home and a quiet evening after each session. " * 6)
    expected = [drawn(paragraphs.Paragraph(text, style(family, c), shared=False), 150)
                for c in CLINIC_COLOURS]
    paragraphs.Paragraph(text, style(family, CLINIC_COLOURS[0])).wrap(150, 1000)
    split = paragraphs.Paragraph(text, style(family, CLINIC_COLOURS[1]))
    split.wrap(150, 1000)
    assert len(split.split(150, 60)) == 2
    assert [drawn(paragraphs.Paragraph(text, style(family, c)), 150)
            for c in CLINIC_COLOURS] == expected


def test_a_recoloured_tagline_with_the_clinics_digits_draws_what_its_own_draws(family):
    """Both stand-ins at once: the style's colour and the markup's digits and colours."""
    paragraphs.clear()
    for colour, (phone, tty) in zip(CLINIC_COLOURS, [("(303) 555-0142", "711")] * 5,
                                    strict=True):
        s = style(family, colour)
        text = tagline(family, "Llame al {phone} (TTY: {tty}).", phone, tty, COLOURS[1])
        alike = paragraphs.AlikeParagraph(text, s)
        assert drawn(alike, 140) == drawn(paragraphs.Paragraph(text, s, shared=False), 140)
