"""What a format is: the data of one page design, and the small functions it plugs in.

A ``Format`` gives the paper sizes, the text measure and margins, the type metrics, the page
templates (frames and the painter of everything outside them), the matter it puts before and after
the guide's blocks, and how it adjusts the clinic's palette and our type family. Block builders are
shared by every format: a format changes the style sheet, never a builder.

A format is laid out for the office by default; ``for_print_shop`` gives the same design with
bleed (``edges``), for the formats a print shop prints (``outputs.Files.bleeds``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.platypus import Flowable, Frame, KeepTogether, PageTemplate
from reportlab.platypus.doctemplate import FrameActionFlowable

from handout.catalog import Words
from handout.colours import Palette
from handout.fonts import Family
from handout.layout.formats.edges import BLEED
from handout.layout.styles import Metrics
from handout.outputs import FILES
from handout.tagging.painting import join

if TYPE_CHECKING:
    from handout.layout.blocks import Builder
    from handout.layout.styles import StyleSheet
    from handout.model.clinic import Clinic
    from handout.resolve import Document

PAPER: Mapping[str, tuple[float, float]] = {"letter": LETTER, "a4": A4}

#: Name of the form that holds the page count; the render stage draws it once the count is known.
TOTAL_FORM = "handout-total-pages"


def page_form(block_id: str) -> str:
    """Name of the form that holds the number of the page where block ``block_id`` starts."""
    return f"handout-page-of-{block_id}"


def _same(value):
    return value


@dataclass(frozen=True)
class Format:
    name: str  # a key of ``outputs.FILES``, which names its files
    metrics: Metrics
    measure: float  # width of the text column, in points
    top: float  # margins above and below the text column
    bottom: float
    #: page templates of one edition: frames plus the painter of what lies outside them
    pages: Callable[[Document, StyleSheet, Format], list[PageTemplate]]
    #: what comes before and after the guide's blocks (masthead, cover, colophon, back cover)
    front: Callable[[Builder], list[Flowable]]
    back: Callable[[Builder], list[Flowable]]
    #: paper name → page size; default: the paper itself
    sizes: Mapping[str, tuple[float, float]] = field(default_factory=lambda: dict(PAPER))
    #: block kind → this format's own builder for it, in place of the shared one (the booklet
    #: prints only the fee table where the guide has its clinic panel, the rest on its back cover)
    blocks: Mapping[str, Callable[[Builder, Any, int], list[Flowable]]] = field(
        default_factory=dict)
    #: a paragraph that does not fit the rest of a page moves whole to the next one
    whole_paragraphs: bool = False
    #: the page count must be a multiple of this (4 for a folded booklet)
    page_multiple: int = 1
    #: the width the format's running footer leaves for the clinic's footer text
    #: (``Clinic.footer``), measured by the code that draws the footer; ``handout check`` and
    #: every build report a clinic name that does not fit
    footer_room: Callable[[Format, Family, Words], float] = lambda fmt, family, words: fmt.measure
    #: what of the clinic the running footer prints (name and phone, or the name alone)
    footer_text: Callable[[Clinic], str] = lambda clinic: clinic.footer
    palette: Callable[[Palette], Palette] = _same
    family: Callable[[Family], Family] = _same
    #: laid out for a print shop: the page carries ``edges.BLEED`` past its trim on every side
    bleed: bool = False

    def page_size(self, paper: str) -> tuple[float, float]:
        """The size of the page as the reader holds it (trimmed, when it has bleed)."""
        return self.sizes[paper]

    def bleed_size(self, paper: str) -> float:
        return BLEED[paper] if self.bleed else 0.0

    def media_size(self, paper: str) -> tuple[float, float]:
        """The size of the PDF's page: the trimmed page and its bleed around it."""
        width, height = self.page_size(paper)
        bleed = self.bleed_size(paper)
        return width + 2 * bleed, height + 2 * bleed

    def boxes(self, paper: str) -> dict[str, list[float]]:
        """``TrimBox`` and ``BleedBox`` of every page (none without bleed: the page is both)."""
        if not self.bleed:
            return {}
        (width, height), bleed = self.page_size(paper), self.bleed_size(paper)
        return {"trimBox": [bleed, bleed, bleed + width, bleed + height],
                "bleedBox": [0, 0, width + 2 * bleed, height + 2 * bleed]}

    def for_print_shop(self) -> Format:
        """This design with bleed, for a print shop to trim; a format that has no print-shop
        edition (large print, for the office) stays as it is."""
        return replace(self, bleed=True) if FILES[self.name].bleeds else self

    def side_margin(self, paper: str) -> float:
        return (self.page_size(paper)[0] - self.measure) / 2

    def file_name(self, guide_id: str) -> str:
        return FILES[self.name].pdf(guide_id)

    def print_file_name(self, guide_id: str) -> str | None:
        """The edition imposed for printing on sheets, if the format has one."""
        return FILES[self.name].print_pdf(guide_id)


def single_column(painter: Callable[[Document, StyleSheet, Format, float], Any]
                  ) -> Callable[[Document, StyleSheet, Format], list[PageTemplate]]:
    """Page templates of one text frame centred on the page, on every page, with ``painter``
    (made from the document, styles, format and side margin) drawing what lies outside it, in
    the trimmed page's coordinates (``edges.trimmed``)."""
    def pages(doc: Document, styles: StyleSheet, fmt: Format) -> list[PageTemplate]:
        page_h = fmt.page_size(doc.clinic.paper)[1]
        side = fmt.side_margin(doc.clinic.paper)
        bleed = fmt.bleed_size(doc.clinic.paper)  # frames are placed on the page with its bleed
        frame = Frame(side + bleed, fmt.bottom + bleed, fmt.measure, page_h - fmt.top - fmt.bottom,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        return [PageTemplate("page", [frame], onPage=painter(doc, styles, fmt, side))]

    return pages


class PageFiller(FrameActionFlowable):
    """Takes no room; where it stands, ``pages(current_page_number)`` are laid out next.

    The booklet ends its guide with one, to add just enough designed pages that, with the back
    cover, the page count is a multiple of four: known only once the guide is laid out. As a
    frame action it is placed on the page where the guide ended however full that page is (even
    when the last flowable's space after runs past the frame's foot); moved to the next page, it
    would count one page too many and leave that page blank.
    """

    def __init__(self, pages: Callable[[int], list[Flowable]]):
        self.pages = pages

    def frameAction(self, frame: Frame) -> None:
        # read after the guide, as they are seen: tagged by the story's rules
        frame.add_generated_content(*join(self.canv, self.pages(self.canv.getPageNumber())))


def whole_sources(b: Builder, block: Any, depth: int) -> list[Flowable]:
    """The shared reference list, kept on one page: a last entry alone overleaf looks stray."""
    return [KeepTogether(b.shared(block, depth))]


def flowing_sources(b: Builder, block: Any, depth: int) -> list[Flowable]:
    """The shared reference list, free to continue overleaf (in large print a whole list can
    fill most of a page): the heading stays with the first entry, and the last entry with what
    follows it (the colophon, when the list ends the guide), so neither is left alone."""
    heading, *entries = b.shared(block, depth)
    if len(entries) < 3:
        return [KeepTogether([heading, *entries])]
    entries[-1].keepWithNext = True
    return [KeepTogether([heading, entries[0]]), *entries[1:]]
