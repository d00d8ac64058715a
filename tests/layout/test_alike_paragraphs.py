"""Paragraphs alike but for their digits and colours (a tagline with a clinic's phone number)
are parsed and broken once, and each draws exactly what a paragraph of its own draws."""

import pytest
from reportlab.lib.colors import HexColor
from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import paragraph as reportlab_paragraph

from handout import fonts
from handout.layout import markup, paragraphs
from handout.layout.markup import STAND_IN_COLOURS, Markup, stand_in
from tests.conftest import ROOT

SPANISH = ("ATENCIÓN: si habla español, tiene a su disposición servicios gratuitos de asistencia "
           "lingüística. Llame al {phone} (TTY: {tty}).")
CHINESE = "注意：如果您使用繁體中文，您可以免費獲得語言援助服務。請致電 {phone}（TTY：{tty}）。"
PHONES = [("(303) 555-0142", "711"), ("(720) 555-0199", "711"), ("1-800-555-0100", "1-800-555-0111")]
COLOURS = ["#0B6E69", "#9a6a00", "#5B2A86"]


@pytest.fixture(scope="module")
def family():
    return fonts.load(ROOT / "fonts")


def tagline(family, template: str, phone: str, tty: str, colour: str | None) -> Markup:
    text = markup.face(family.regular, template.format(phone=phone, tty=tty))
    if colour is None:
        return text
    return markup.join([markup.colour(colour, markup.bold("Español")), "\u2002", text])


def drawn(paragraph, width: float, anchors: tuple[str, ...] = ()) -> tuple[float, bytes, str]:
    """The height, the page and the plain text of ``paragraph`` wrapped to ``width``, on a page
    that holds ``anchors`` (the targets of its internal links)."""
    canvas = Canvas(None, invariant=1)
    for anchor in anchors:
        canvas.bookmarkPage(anchor)
    _, height = paragraph.wrapOn(canvas, width, 1000)
    paragraph.drawOn(canvas, 10, 10)
    return height, canvas.getpdfdata(), " ".join(paragraph.getPlainText().split())


def styles(family) -> list[ParagraphStyle]:
    return [ParagraphStyle("tagline", fontName=family.regular, fontSize=9, leading=11.5),
            ParagraphStyle("cjk", fontName=family.regular, fontSize=9, leading=11.5,
                           wordWrap="CJK")]


@pytest.mark.parametrize("width", [120, 173.5, 260, 900])
def test_an_alike_paragraph_draws_what_a_paragraph_of_its_own_draws(family, width):
    paragraphs.clear()
    for style in styles(family):
        for template in (SPANISH, CHINESE):
            for (phone, tty), colour in zip(PHONES, COLOURS + [None], strict=False):
                for colour_ in (colour, None):
                    text = tagline(family, template, phone, tty, colour_)
                    own = paragraphs.Paragraph(text, style, shared=False)
                    alike = paragraphs.AlikeParagraph(text, style)
                    assert alike._swap is not None  # it did stand in
                    assert drawn(alike, width) == drawn(own, width), (text, width)


def test_the_second_clinics_tagline_is_neither_parsed_nor_broken(family, monkeypatch):
    paragraphs.clear()
    style = styles(family)[0]
    first = paragraphs.AlikeParagraph(tagline(family, SPANISH, *PHONES[0], COLOURS[0]), style)
    first.wrap(200, 1000)
    calls = []
    for name in ("breakLines", "_setup"):
        real = getattr(reportlab_paragraph.Paragraph, name)
        monkeypatch.setattr(reportlab_paragraph.Paragraph, name,
                            lambda self, *a, _real=real, _name=name, **k: (
                                calls.append(_name), _real(self, *a, **k))[1])
    parsed = []
    monkeypatch.setattr(reportlab_paragraph.ParaParser, "parse",
                        lambda self, *a, **k: parsed.append(1))
    second = paragraphs.AlikeParagraph(tagline(family, SPANISH, *PHONES[1], COLOURS[1]), style)
    second.wrap(200, 1000)
    assert "breakLines" not in calls and not parsed
    assert "555-0199" in second.getPlainText() and "555-0142" not in second.getPlainText()


def test_digits_of_unequal_widths_do_not_stand_in(family):
    """In a face whose "1" is narrower than its "8", "0" cannot stand for either."""
    paragraphs.clear()
    face = pdfmetrics.Font("Helvetica-ProportionalDigits", "Helvetica", "WinAnsiEncoding")
    face.widths = [300 if code == ord("1") else w for code, w in enumerate(face.widths)]
    pdfmetrics.registerFont(face)
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(face.fontName, bold, italic, face.fontName)
    style = ParagraphStyle("figures", fontName=face.fontName, fontSize=10, leading=12)
    assert pdfmetrics.stringWidth("1", face.fontName, 10) < pdfmetrics.stringWidth("8",
                                                                                 face.fontName, 10)
    for phone in ("1111 1111", "8888 8888"):
        text = markup.text(f"Call {phone} today. " * 12)
        alike = paragraphs.AlikeParagraph(text, style)
        assert alike._swap is None
        assert drawn(alike, 150) == drawn(paragraphs.Paragraph(text, style, shared=False), 150)


def test_a_style_in_a_stand_in_colour_is_set_as_its_own(family):
    paragraphs.clear()
    style = ParagraphStyle("odd", fontName=family.regular, fontSize=10, leading=12,
                           textColor=HexColor(STAND_IN_COLOURS[0]))
    text = tagline(family, SPANISH, *PHONES[0], "#123456")
    alike = paragraphs.AlikeParagraph(text, style)
    assert alike._swap is None
    assert drawn(alike, 150) == drawn(paragraphs.Paragraph(text, style, shared=False), 150)


def test_a_split_alike_paragraph_breaks_lines_of_its_own(family):
    paragraphs.clear()
    style = styles(family)[0]
    texts = [tagline(family, SPANISH * 3, phone, tty, colour)
             for (phone, tty), colour in zip(PHONES, COLOURS, strict=True)]
    expected = [drawn(paragraphs.Paragraph(t, style, shared=False), 150) for t in texts]
    first = paragraphs.AlikeParagraph(texts[0], style)
    first.wrap(150, 1000)
    top, rest = first.split(150, 60)
    assert "555-0142" in top.getPlainText() + rest.getPlainText()
    assert [drawn(paragraphs.AlikeParagraph(t, style), 150) for t in texts] == expected


SOURCES = ("source-2", "source-11")


def guide_text(family, colour: str) -> Markup:
    """A paragraph of a guide as every clinic's edition sets it: its links and citation marks
    in the clinic's colour."""
    return markup.join([
        markup.face(family.regular, "Read "),
        markup.link("the 2023 study of 1,200 patients", "https://example.org/study-2023", colour),
        markup.face(family.regular, " before your first visit; it explains what an infusion "
                    "feels like and how long the effects last"), markup.cite(2, colour),
        markup.face(family.regular, ". Ask us about it."), markup.cite(11, colour)])


@pytest.mark.parametrize("width", [90, 173.5, 320])
def test_a_guide_paragraph_with_links_in_the_clinics_colour_draws_what_its_own_draws(family,
                                                                                      width):
    paragraphs.clear()
    style = ParagraphStyle("body", fontName=family.regular, fontSize=11, leading=15)
    for colour in COLOURS:
        text = guide_text(family, colour)
        alike = paragraphs.AlikeParagraph(text, style)
        assert alike._swap is not None  # it did stand in
        own = paragraphs.Paragraph(text, style, shared=False)
        assert drawn(alike, width, SOURCES) == drawn(own, width, SOURCES), (colour, width)


def test_the_second_clinics_guide_paragraph_is_neither_parsed_nor_broken(family, monkeypatch):
    paragraphs.clear()
    style = ParagraphStyle("body", fontName=family.regular, fontSize=11, leading=15)
    paragraphs.AlikeParagraph(guide_text(family, COLOURS[0]), style).wrap(200, 1000)
    calls: list[str] = []
    monkeypatch.setattr(reportlab_paragraph.Paragraph, "breakLines",
                        lambda self, *a, **k: calls.append("breakLines"))
    monkeypatch.setattr(reportlab_paragraph.ParaParser, "parse",
                        lambda self, *a, **k: calls.append("parse"))
    second = paragraphs.AlikeParagraph(guide_text(family, COLOURS[1]), style)
    second.wrap(200, 1000)
    assert not calls
    assert {f.textColor.hexval() for f in second.frags if f.link} == {"0x9a6a00"}


def test_stand_in_replaces_the_digits_of_text_and_the_colours_of_colour_tags_only():
    value = markup.join([markup.colour("#1A6B8C", "Call 303"), " or ",
                         markup.face("NotoSansCJKkr-Regular", "911 & 12"),
                         markup.cite(3, "#1a6b8c"), markup.colour("#000000", "9")])
    found = stand_in(value)
    assert found is not None
    assert found.markup == (f'<font color="{STAND_IN_COLOURS[0]}">Call 000</font> or '
                            '<font face="NotoSansCJKkr-Regular">000 &amp; 00</font>'
                            f'<a href="#source-3" color="{STAND_IN_COLOURS[0]}">[0]</a>'
                            f'<font color="{STAND_IN_COLOURS[1]}">0</font>')
    assert found.digits == "303911123" + "9"
    assert found.colours == ("#1a6b8c", "#000000")
    many = markup.join(markup.colour(f"#00000{n}", "x") for n in range(len(STAND_IN_COLOURS) + 1))
    assert stand_in(many) is None


def test_a_clinics_colour_that_the_style_is_also_in_is_set_as_its_own(family):
    """ReportLab sets neighbouring fragments of one font and colour together: a name in the
    clinic's colour, next to text in the style's colour, is one run when the two are equal."""
    paragraphs.clear()
    style = ParagraphStyle("notice", fontName=family.bold, fontSize=9, leading=11.5)
    for colour in (COLOURS[0], COLOURS[1]):
        style.textColor = HexColor(COLOURS[1])
        text = markup.join([markup.colour(colour, markup.bold("Español")), "\u2002",
                            markup.face(family.bold, "Llame al (303) 555-0142.")])
        alike = paragraphs.AlikeParagraph(text, style)
        assert (alike._swap is None) == (colour == COLOURS[1])
        assert drawn(alike, 140) == drawn(paragraphs.Paragraph(text, style, shared=False), 140)
