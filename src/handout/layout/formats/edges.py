"""What lies near the edge of the sheet: the office printer's margin and the print shop's bleed.

Office laser and inkjet printers cannot print the outer 4–6 mm of a sheet, and some drivers
shrink a page whose ink falls there, which breaks a booklet's duplex alignment. So every edition
built for the office keeps all its ink at least ``OFFICE_SAFE`` from every edge: its brand band
is drawn inset, as wide as the text column (``band``). A print shop instead prints on larger
paper and trims: an edition built with bleed (``Format.bleed``) has a page ``BLEED`` larger on
every side than the trimmed page, its bands run to the trim edge and on past it, and its text
stays ``OFFICE_SAFE`` inside the trim.

Painters draw in the trimmed page's coordinates (``trimmed``), so one design serves both.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Literal, Protocol

from reportlab.lib.colors import HexColor
from reportlab.lib.units import inch, mm

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas


class Format(Protocol):
    """What the edges ask of a format (``base.Format``, which uses this module for its sizes)."""

    @property
    def bleed(self) -> bool: ...

    def page_size(self, paper: str) -> tuple[float, float]: ...

    def bleed_size(self, paper: str) -> float: ...

#: Nearest that ink comes to a sheet's edge in an office edition, and that text comes to the
#: trim in a print shop's (0.25 in: wider than the 4–6 mm office printers leave blank).
OFFICE_SAFE = 0.25 * inch

#: How far past the trim a print shop's edition carries its colour: 1/8 in is the US custom,
#: 3 mm the European one (and what A4 print shops ask for).
BLEED = {"letter": 0.125 * inch, "a4": 3 * mm}

#: Distance from the sheet's edge to the outer edge of an inset band: clear of the office margin
#: with room to spare for a printer that places the page a millimetre off.
BAND_INSET = 0.3 * inch

Edge = Literal["top", "bottom"]


@contextmanager
def trimmed(canvas: Canvas, fmt: Format, paper: str) -> Iterator[tuple[float, float]]:
    """Draw in the coordinates of the trimmed page (its lower-left corner at the origin, as
    without bleed); gives the trimmed page's width and height."""
    bleed = fmt.bleed_size(paper)
    canvas.saveState()
    canvas.translate(bleed, bleed)
    try:
        yield fmt.page_size(paper)
    finally:
        canvas.restoreState()


def band(canvas: Canvas, fmt: Format, paper: str, colour: str, thickness: float, edge: Edge,
         x: float, width: float) -> None:
    """A brand band along the ``edge`` of the trimmed page (drawn inside ``trimmed``).

    For the office, the band is ``thickness`` tall and runs from ``x`` over ``width`` (the text
    column), its outer edge ``BAND_INSET`` from the sheet's edge: an inset band, not one the
    printer clips. With bleed it runs across the whole page and on past the trim on its three
    outer sides, so that trimming a little off never leaves a white sliver.
    """
    page_w, page_h = fmt.page_size(paper)
    canvas.saveState()
    canvas.setFillColor(HexColor(colour))
    if fmt.bleed:
        bleed = fmt.bleed_size(paper)
        y = page_h - thickness if edge == "top" else -bleed
        canvas.rect(-bleed, y, page_w + 2 * bleed, thickness + bleed, stroke=0, fill=1)
    else:
        y = page_h - BAND_INSET - thickness if edge == "top" else BAND_INSET
        canvas.rect(x, y, width, thickness, stroke=0, fill=1)
    canvas.restoreState()


def band_reach(fmt: Format, thickness: float) -> float:
    """How far a band along an edge reaches into the trimmed page: what lies beyond it on that
    side must keep clear of it."""
    return thickness if fmt.bleed else BAND_INSET + thickness
