"""The handout: US Letter or A4 pages, one centred column, a brand band and a running footer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.colors import HexColor
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth

from handout.catalog import Words
from handout.fonts import Family
from handout.layout import notice
from handout.layout.formats.base import TOTAL_FORM, Format, single_column
from handout.layout.formats.edges import band, trimmed
from handout.layout.styles import Metrics

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import BaseDocTemplate

    from handout.layout.blocks import Builder
    from handout.layout.styles import StyleSheet
    from handout.resolve import Document


#: The least space between "Page N of M" and the clinic's name in the footer, in ems.
FOOTER_GAP = 3


def footer_room(fmt: Format, family: Family, words: Words) -> float:
    """What the footer leaves for the clinic's name and phone, right-aligned, once the page
    label is drawn at the left for the longest count it can show ("Page 99 of 99")."""
    size = fmt.metrics.footer
    label = stringWidth(words("page", n=99, total=99), family.regular, size)
    return fmt.measure - label - FOOTER_GAP * size


class BandAndFooter:
    """Paints what every page has outside the text frame: the brand band and the footer.

    The band is inset over the text column for office printers, and runs off the page's top
    edge when the handout is built with bleed for a print shop (``edges.band``).
    """

    def __init__(self, doc: Document, styles: StyleSheet, fmt: Format, side: float):
        self.doc, self.s, self.fmt, self.side = doc, styles, fmt, side
        self.words = doc.words

    def __call__(self, canvas: Canvas, template: BaseDocTemplate) -> None:
        with trimmed(canvas, self.fmt, self.doc.clinic.paper) as (width, height):
            self._paint(canvas, width)

    def _paint(self, canvas: Canvas, width: float) -> None:
        p, m = self.s.palette, self.s.metrics
        thickness = 10 if canvas.getPageNumber() == 1 else 4
        band(canvas, self.fmt, self.doc.clinic.paper, p.brand, thickness, "top", self.side,
             width - 2 * self.side)
        y = self.fmt.bottom - 0.45 * 72
        canvas.setStrokeColor(HexColor(p.rule))
        canvas.setLineWidth(0.6)
        canvas.line(self.side, y + m.footer * 1.6, width - self.side, y + m.footer * 1.6)
        canvas.setFont(self.s.family.regular, m.footer)
        canvas.setFillColor(HexColor(p.muted))
        label = self.words("page", n=canvas.getPageNumber(), total="")
        canvas.drawString(self.side, y, label)
        canvas.saveState()
        canvas.translate(self.side + canvas.stringWidth(label, self.s.family.regular, m.footer), y)
        canvas.doForm(TOTAL_FORM)
        canvas.restoreState()
        canvas.drawRightString(width - self.side, y, self.fmt.footer_text(self.doc.clinic))


def _masthead(b: Builder) -> list:
    return b.masthead()


def _colophon(b: Builder) -> list:
    return b.colophon() + notice.flowing(b)


HANDOUT = Format(name="handout", metrics=Metrics(), measure=5.9 * inch,
                 top=0.75 * inch, bottom=0.9 * inch, pages=single_column(BandAndFooter),
                 front=_masthead, back=_colophon, footer_room=footer_room)
