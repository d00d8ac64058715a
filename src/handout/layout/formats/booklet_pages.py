"""The booklet's own pages: its cover, the back cover, and the pages that serve the patient
("Questions for my provider", "After my session", "My notes") which bring the page count to a
multiple of four. Words come from the catalog; block builders are the shared ones.

Everything a reader sees is tagged: the pages' flowables by the story's rules (each designed
page one ``Sect``, its example questions a list, the cover's contents a ``TOC``), and what the
painters draw at the foot of the covers through ``handout.tagging.painting``. Bands, rules and
the lines to write on are furniture.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from reportlab.lib.colors import HexColor
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
)

from handout.layout import notice, taglines
from handout.layout.boxes import Box
from handout.layout.flowables import COVER_LOGO, Heading, Paragraph, logo
from handout.layout.formats.base import PageFiller
from handout.layout.formats.edges import OFFICE_SAFE, band, band_reach, trimmed
from handout.layout.hanging import Hanging
from handout.layout.markup import bold, escape, lines
from handout.layout.panel import contact, pricing, pricing_notes
from handout.model import parts
from handout.model.clinic import bare_url
from handout.model.guide import ClinicPanel
from handout.tagging import grouped
from handout.tagging.painting import artifact, content, draw

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import BaseDocTemplate

    from handout.layout.blocks import Builder
    from handout.layout.formats.base import Format
    from handout.layout.styles import StyleSheet
    from handout.resolve import Document

BAND = 8  # height of the brand band at the top of the cover and the foot of the back cover
SIGN_FOOT = 0.3 * inch  # the foot of the clinic's name and details on the cover
SIGN_RULE = 6  # gap between those details and the rule above them
LINE_GAP = 20  # distance between writing lines (college ruled, about 7 mm)


# -- cover --------------------------------------------------------------------------------------

def cover(b: Builder) -> list[Flowable]:
    """Logo, the title on the clinic's colour, the promise and what is inside; then page 2."""
    s, m, p, w, guide = b.s, b.s.metrics, b.p, b.words, b.doc.guide
    out: list[Flowable] = []
    if b.doc.logo is not None:
        mark = logo(b.doc.logo, *COVER_LOGO, b.doc.clinic.brand.logo.alt)  # type: ignore[union-attr]
        mark.hAlign = "LEFT"
        out.append(mark)
    else:
        out.append(b.plain_para(b.doc.clinic.name, s.note_heading))
    title: list[Flowable] = [
        b.plain_para(w("kicker"), s.derive("cover_kicker", m.small + 0.5, s.family.bold,
                                           p.on_brand, after=m.body * 0.5)),
        Heading(escape(guide.title), s.derive(
            "cover_title", m.title, s.family.display, p.on_brand, leading=m.title * 1.15,
            after=m.body * 0.7), 1, guide.title),
    ]
    if guide.subtitle:
        title.append(b.plain_para(guide.subtitle, s.derive(
            "cover_subtitle", m.subtitle, colour=p.on_brand, leading=m.subtitle * 1.3, after=0)))
    panel = b.table([[title]], [b.width], [
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(p.fill)), ("ROUNDEDCORNERS", [10, 10, 10, 10]),
        ("LEFTPADDING", (0, 0), (-1, -1), 20), ("RIGHTPADDING", (0, 0), (-1, -1), 20),
        ("TOPPADDING", (0, 0), (-1, -1), 22), ("BOTTOMPADDING", (0, 0), (-1, -1), 24)])
    out += [Spacer(1, 0.3 * inch), panel, Spacer(1, 0.25 * inch),
            b.plain_para(w("cover_promise"), s.derive(
                "cover_promise", m.lede, s.family.quote, leading=m.lede * 1.35,
                after=m.body * 1.6))]
    out += _contents(b)
    out.append(PageBreak())
    return out


def _contents(b: Builder) -> list[Flowable]:
    """"Inside this guide": the headings of the guide's top-level sections, with their pages."""
    s, p = b.s, b.p
    entry = s.derive("contents_entry", s.metrics.body, after=0)
    number = (s.family.bold, s.metrics.body, p.brand_text)
    rows = [[Paragraph(escape(heading), entry), PageOf(block.id, number)]
            for block in b.doc.blocks
            if not block.generated and (heading := parts.heading(block)) is not None]
    if not rows:
        return []
    table = b.table(rows, [b.width - 30, 30], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, HexColor(p.rule)),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)])
    table.role = "TOC"  # type: ignore[attr-defined]  # each row an entry with its page
    return [b.plain_para(b.words("inside"), s.kicker), table]


class PageOf(Flowable):
    """The number of the page where a block starts, right-aligned: known only once laid out, so
    the canvas of the render stage draws it as a form at the end."""

    def __init__(self, block_id: str, style: tuple[str, float, str]):
        super().__init__()
        self.block_id, self.style = block_id, style
        self.height = style[1] * 1.4  # one line, as tall as the entry's

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.translate(self.width, self.height - self.style[1])  # the entry's baseline
        self.canv.page_of(self.block_id, self.style)  # type: ignore[attr-defined]
        self.canv.restoreState()


class CoverPainter:
    """A brand band along the top; the clinic's name, phone and website along the foot."""

    def __init__(self, doc: Document, styles: StyleSheet, fmt: Format, x: float):
        self.doc, self.s, self.fmt, self.x = doc, styles, fmt, x
        p, m, clinic = styles.palette, styles.metrics, doc.clinic
        details = [clinic.contact.phone] + [bare_url(u) for u in (clinic.contact.website,) if u]
        self.sign = Paragraph(lines((bold(clinic.name), "  \u00b7  ".join(details))),
                              styles.derive("cover_sign", m.footer + 0.5, colour=p.ink,
                                            leading=(m.footer + 0.5) * 1.45, after=0))
        self.sign_height = self.sign.wrap(fmt.measure, fmt.bottom)[1]

    def margins(self) -> tuple[float, float]:
        """Top and bottom margins of the cover's text: clear of the band and of the details."""
        top = max(self.fmt.top, band_reach(self.fmt, BAND) + 14)
        bottom = max(self.fmt.bottom, SIGN_FOOT + self.sign_height + SIGN_RULE + 10)
        return top, bottom

    def __call__(self, canvas: Canvas, template: BaseDocTemplate) -> None:
        p = self.s.palette
        paper = self.doc.clinic.paper
        with trimmed(canvas, self.fmt, paper) as (width, height):
            band(canvas, self.fmt, paper, p.brand, BAND, "top", self.x, self.fmt.measure)
            canvas.setStrokeColor(HexColor(p.brand))
            canvas.setLineWidth(1.5)
            rule = SIGN_FOOT + self.sign_height + SIGN_RULE
            canvas.line(self.x, rule, self.x + self.fmt.measure, rule)
            draw(canvas, self.sign, self.x, SIGN_FOOT)


# -- the end of the booklet: designed pages, then the back cover -------------------------------

def fees(b: Builder, block: ClinicPanel, depth: int) -> list[Flowable]:
    """Where the guide has its clinic panel: the fee table (the rest is on the back cover)."""
    pr = b.doc.clinic.pricing
    if pr is None or not pr.items or not b.doc.guide.fees:
        return []
    return [KeepTogether(pricing(b, notes=False, level=2 if depth == 0 else 3))]


#: The least the back cover's type is reduced to fit its page: an unusually long clinic entry is
#: set a little smaller rather than spill onto a fifth side. Notes on paying for treatment that
#: would need more go on the pages before the back cover, where they continue as they must.
SMALLEST_BACK = 0.85


def closing(b: Builder) -> list[Flowable]:
    """Pages for the patient up to a multiple of four, the notice of language assistance on
    pages of its own when the back cover cannot hold it (``layout.notice``), then the back
    cover with the clinic."""
    fmt = cast("Format", b.fmt)  # the booklet's own
    frame_height = fmt.page_size(b.doc.clinic.paper)[1] - fmt.top - fmt.bottom
    s, m = b.s, b.s.metrics
    note = s.derive("back_note", m.small + 0.5, after=m.small * 0.5)
    paying = _paying(b, 3, note) if b.doc.guide.fees else []
    back = contact(b, 0, keep=False) + [Spacer(1, 10)] + paying + b.colophon()
    on_back, pages = notice.booklet(b, back, frame_height)
    pointer = _pointer(b) if pages else []
    back = contact(b, 0, keep=False) + pointer + [Spacer(1, 10)] + paying + b.colophon() + on_back
    inside: list[Flowable] = []
    if paying and (Box(back, frame_spacing=True).wrap(b.width, frame_height)[1] * SMALLEST_BACK
                   > frame_height):
        inside = grouped(_paying(b, 2, s.body))  # a section of its own
        back = contact(b, 0, keep=False) + pointer + b.colophon() + on_back
    own: list[Flowable] = []
    for i, page in enumerate(pages):
        own += [PageBreak(), *([] if i == 0 else [_continued(b)]), *page]
    return inside + [PageFiller(lambda page: _designed_pages(b, -(page + 1 + len(pages)) % 4)
                                + grouped(own)),
                     NextPageTemplate("back"), PageBreak(),
                     *grouped([KeepInFrame(b.width, frame_height, back, mode="shrink",
                                           name="back cover")])]


def _pointer(b: Builder) -> list[Flowable]:
    """The line on the back cover that names the page of the notice of language assistance."""
    s, p = b.s, b.p
    count = len(taglines.lines(b)) - 1
    entry = s.derive("pointer_entry", s.metrics.body, s.family.bold, after=0)
    number = (s.family.bold, s.metrics.body, p.brand_text)
    table = b.table([[Paragraph(escape(b.words("language_assistance_pointer", count=count)),
                                entry), PageOf(taglines.HEADING_ID, number)]],
                    [b.width - 30, 30], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, HexColor(p.rule)),
        ("LINEABOVE", (0, 0), (-1, -1), 0.5, HexColor(p.rule)),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)])
    table.role = "TOC"  # type: ignore[attr-defined]  # an entry with its page, as the cover's
    return [Spacer(1, 12), table]


def _continued(b: Builder) -> Flowable:
    """The cue atop a page that continues the notice (page furniture)."""
    s = b.s
    cue = b.words("continued", title=b.words("language_assistance"))
    para = b.plain_para(cue, s.derive("notice_page_cue", s.metrics.small, s.family.bold,
                                      b.p.muted, after=s.metrics.body))
    para.role = "Artifact"  # type: ignore[attr-defined]  # as a box's cue is
    return para


def _paying(b: Builder, level: int, style) -> list[Flowable]:
    """The clinic's notes on paying for treatment, under a heading of ``level``."""
    w, clinic = b.words, b.doc.clinic
    out: list[Flowable] = [b.heading(w("paying"), level)]
    pr = clinic.pricing
    if pr is None:
        return out + [b.plain_para(w("pricing_unpublished", name=clinic.name,
                                     phone=clinic.contact.phone), style)]
    if pr.summary and not pr.items:  # with a fee table, the summary stands above it inside
        out.append(b.traced(b.para(pr.summary, style), b.doc.origins.clinic("pricing", "summary")))
    return out + pricing_notes(b, style)


def _designed_pages(b: Builder, count: int) -> list[Flowable]:
    chosen = {0: [], 1: [_questions], 2: [_questions, _notes],
              3: [_questions, _journal, _notes]}[count]
    out: list[Flowable] = []
    for page in chosen:
        out += [PageBreak(), *grouped(page(b))]  # each page one section
    return out


def _page_heading(b: Builder, key: str, lede: str) -> list[Flowable]:
    return [b.heading(b.words(key), 2), b.plain_para(b.words(lede), b.s.body), Spacer(1, 6)]


def _questions(b: Builder) -> list[Flowable]:
    s, w = b.s, b.words
    out = _page_heading(b, "questions_heading", "questions_lede")
    out.append(b.plain_para(w("questions_asked"), s.panel_label))
    examples = b.doc.guide.questions or w.items("questions_examples")
    out += grouped(_bullets(b, examples), None)  # the list ends here
    out += [Spacer(1, 10), b.plain_para(w("questions_mine"), s.panel_label),
            RuledLines(LINE_GAP, b.p.rule)]
    return out


def _bullets(b: Builder, entries: Sequence[str]) -> list[Flowable]:
    """A bulleted list: each entry an item with a hanging bullet (``LI`` with ``Lbl`` and
    ``LBody``), the entries of one page one list."""
    s = b.s
    text = s.derive("bullet", s.metrics.body, after=0)
    indent = stringWidth("\u2022 ", text.fontName, text.fontSize)  # the bullet and a space
    out: list[Flowable] = []
    for entry in entries:
        bullet = Paragraph(escape("\u2022"), text)
        bullet.role = "Lbl"  # type: ignore[attr-defined]
        out.append(Hanging(bullet, [Paragraph(escape(entry), text)], indent,
                           after=s.metrics.body * 0.3))
    return out


def _journal(b: Builder) -> list[Flowable]:
    s, w = b.s, b.words
    out = _page_heading(b, "journal_heading", "journal_lede")
    prompts = w.items("journal_prompts")
    for entry in range(2):
        out += [Labelled(w("journal_date"), s, b.p, width=2 * inch)]
        for prompt in prompts:
            out += [b.plain_para(prompt, s.panel_label), RuledLines(LINE_GAP, b.p.rule, lines=2)]
        if entry == 0:
            out.append(Spacer(1, 14))
    return out


def _notes(b: Builder) -> list[Flowable]:
    return _page_heading(b, "notes_heading", "notes_lede") + [RuledLines(LINE_GAP, b.p.rule)]


class RuledLines(Flowable):
    """Lines to write on: ``lines`` of them, or as many as fill the rest of the page."""

    role = "Artifact"

    def __init__(self, gap: float, colour: str, lines: int | None = None):
        super().__init__()
        self.gap, self.colour, self.lines = gap, colour, lines
        self.count = lines or 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.count = self.lines or int(available_height // self.gap)
        self.height = self.count * self.gap
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(HexColor(self.colour))
        c.setLineWidth(0.6)
        for i in range(self.count):
            y = self.height - (i + 1) * self.gap
            c.line(0, y, self.width, y)


class Labelled(Flowable):
    """A label followed by a line to write on, such as "Date ________": the label is read, the
    line is furniture."""

    role = "P"

    def __init__(self, label: str, styles: StyleSheet, palette, width: float):
        super().__init__()
        self.label, self.s, self.p, self.line_width = label, styles, palette, width
        self.height = LINE_GAP + 4

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return self.width, self.height

    def draw(self) -> None:
        c, style = self.canv, self.s.panel_label
        c.setFont(style.fontName, style.fontSize)
        c.setFillColor(style.textColor)
        c.drawString(0, 6, self.label)
        start = c.stringWidth(self.label, style.fontName, style.fontSize) + 6
        with artifact(c):
            c.setStrokeColor(HexColor(self.p.rule))
            c.setLineWidth(0.6)
            c.line(start, 4, start + self.line_width, 4)


class BackPainter:
    """The back cover: a brand band along the foot, and the clinic's short name and website
    (read after the back cover's contact panel and notes)."""

    def __init__(self, doc: Document, styles: StyleSheet, fmt: Format, x: float):
        self.doc, self.s, self.fmt, self.x = doc, styles, fmt, x

    def __call__(self, canvas: Canvas, template: BaseDocTemplate) -> None:
        p, m, family, clinic = self.s.palette, self.s.metrics, self.s.family, self.doc.clinic
        with trimmed(canvas, self.fmt, clinic.paper):
            band(canvas, self.fmt, clinic.paper, p.brand, BAND, "bottom", self.x, self.fmt.measure)
            canvas.setFont(family.bold, m.footer + 1)
            canvas.setFillColor(HexColor(p.brand_text))
            sign = [clinic.display_short] + [bare_url(u) for u in (clinic.contact.website,) if u]
            baseline = max(band_reach(self.fmt, BAND) + 10, OFFICE_SAFE + 6)
            with content(canvas):
                canvas.drawString(self.x, baseline, "  \u00b7  ".join(sign))
