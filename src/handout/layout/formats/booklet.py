"""The booklet: half-letter pages (A5 for A4 clinics), folded and stapled in the waiting room.

Its own page design, not a shrunk handout: a cover with the title on the clinic's colour and what
is inside, the guide on facing pages with the page number at the outer corner, the clinic's contact
panel, QR code and fees on the back cover, and designed pages for the patient's own questions and
notes that bring the page count to a multiple of four (a folded sheet carries four pages).

Page 1 is a right-hand page; even pages are left-hand pages. The render stage gives this format's
reading-order PDF; ``handout.impose`` lays it out on sheets for printing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Frame, PageTemplate

from handout.catalog import Words
from handout.fonts import Family
from handout.layout.formats import booklet_pages
from handout.layout.formats.base import PAPER, Format, whole_sources
from handout.layout.formats.edges import trimmed
from handout.layout.styles import Metrics

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import BaseDocTemplate, Flowable

    from handout.layout.blocks import Builder
    from handout.layout.styles import StyleSheet
    from handout.resolve import Document

#: Half a sheet of the clinic's paper: what one folded sheet of Letter or A4 makes.
HALF_LETTER = (PAPER["letter"][1] / 2, PAPER["letter"][0])  # 5.5 × 8.5 in
SIZES = {"letter": HALF_LETTER, "a4": A5}

INNER = 0.6 * inch  # margin at the fold
OUTER = 0.5 * inch
FOLIO = 0.38 * inch  # baseline of the page number, above the bottom edge

METRICS = Metrics(body=10.5, leading=1.4, lede=12, title=23, subtitle=12.5, h2=16, h3=12,
                  card_title=11.5, quote=13, small=8.5, footer=8, space=0.6, qr=76)


def pages(doc: Document, styles: StyleSheet, fmt: Format) -> list[PageTemplate]:
    """Cover, then left- and right-hand pages in turn, and the back cover (chosen by the story)."""
    width, height = fmt.page_size(doc.clinic.paper)
    bleed = fmt.bleed_size(doc.clinic.paper)  # frames are placed on the page with its bleed
    centred = (width - fmt.measure) / 2
    shift = (INNER - OUTER) / 2  # the text block sits a little away from the fold
    painter = _Folio(doc, styles, fmt, left=centred - shift, right=centred + shift)
    cover = booklet_pages.CoverPainter(doc, styles, fmt, centred + shift)

    def frame(x: float, name: str, top: float = fmt.top, bottom: float = fmt.bottom) -> Frame:
        return Frame(x + bleed, bottom + bleed, fmt.measure, height - top - bottom, leftPadding=0,
                     rightPadding=0, topPadding=0, bottomPadding=0, id=name)

    return [
        PageTemplate("cover", [frame(centred + shift, "cover", *cover.margins())],
                     autoNextPageTemplate="left", onPage=cover),
        PageTemplate("left", [frame(centred - shift, "left")], autoNextPageTemplate="right",
                     onPage=painter),
        PageTemplate("right", [frame(centred + shift, "right")], autoNextPageTemplate="left",
                     onPage=painter),
        PageTemplate("back", [frame(centred - shift, "back")],
                     onPage=booklet_pages.BackPainter(doc, styles, fmt, centred - shift)),
    ]


#: Space between the page number and the running text, in ems.
FOLIO_GAP = 1.2


def footer_room(fmt: Format, family: Family, words: Words) -> float:
    """What the folio leaves for the running text beside the widest page number it shows (two
    digits): the clinic's name on right-hand pages. (The guide's title on left-hand pages is
    shortened with an ellipsis where it is longer.)"""
    size = fmt.metrics.footer
    return fmt.measure - stringWidth("99", family.bold, size + 1) - FOLIO_GAP * size


class _Folio:
    """The page number at the outer corner; the guide's title (left) or the clinic (right)."""

    def __init__(self, doc: Document, styles: StyleSheet, fmt: Format, left: float, right: float):
        self.doc, self.s, self.fmt = doc, styles, fmt
        self.x = {0: left, 1: right}  # where the text block starts on left- and right-hand pages

    def __call__(self, canvas: Canvas, template: BaseDocTemplate) -> None:
        with trimmed(canvas, self.fmt, self.doc.clinic.paper):
            self._paint(canvas)

    def _paint(self, canvas: Canvas) -> None:
        p, m, family = self.s.palette, self.s.metrics, self.s.family
        n = canvas.getPageNumber()
        left = self.x[n % 2]
        right = left + self.fmt.measure
        number, gap = str(n), m.footer * FOLIO_GAP
        running = self.doc.guide.title if n % 2 == 0 else self.fmt.footer_text(self.doc.clinic)
        canvas.setFont(family.bold, m.footer + 1)
        canvas.setFillColor(HexColor(p.brand_text))
        nw = canvas.stringWidth(number, family.bold, m.footer + 1)
        if n % 2 == 0:  # left-hand page: number at the left edge, running text after it
            canvas.drawString(left, FOLIO, number)
            x = left + nw + gap
        else:
            canvas.drawRightString(right, FOLIO, number)
            x = right - nw - gap
        canvas.setFont(family.regular, m.footer)
        canvas.setFillColor(HexColor(p.muted))
        text = _fit(canvas, running, family.regular, m.footer, right - left - nw - gap)
        if n % 2 == 0:
            canvas.drawString(x, FOLIO, text)
        else:
            canvas.drawRightString(x, FOLIO, text)


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> str:
    """``text``, shortened at a word with an ellipsis if it is wider than ``width``."""
    if canvas.stringWidth(text, font, size) <= width:
        return text
    words = text.split()
    while words and canvas.stringWidth(" ".join(words) + "\u2026", font, size) > width:
        words.pop()
    return " ".join(words) + "\u2026"


def _front(b: Builder) -> list[Flowable]:
    return booklet_pages.cover(b)


def _back(b: Builder) -> list[Flowable]:
    return booklet_pages.closing(b)


BOOKLET = Format(name="booklet", metrics=METRICS, measure=4.4 * inch,
                 top=0.55 * inch, bottom=0.75 * inch, pages=pages, front=_front, back=_back,
                 sizes=SIZES, blocks={"clinic-panel": booklet_pages.fees,
                                           "sources": whole_sources},
                 whole_paragraphs=True, page_multiple=4, footer_room=footer_room,
                 footer_text=lambda clinic: clinic.display_short)
