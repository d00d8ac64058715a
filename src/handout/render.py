"""Stage 5, render: flowables of one edition → PDF bytes.

Places the story on pages (first page and following pages), paints the running footer with
"Page N of M", writes the document information (title, author, subject, keywords, language),
bookmarks every heading, tags the PDF for screen readers (``handout.tagging``: structure tree,
PDF/UA-1), and makes the output byte-identical for identical input: ReportLab's ``invariant``
mode, the creation date the caller gives (the build ``Workshop`` decides it), written by the
tagging as the canvas saves, and a file ID made from the content (``tagging.finishing``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from functools import partial
from io import BytesIO
from typing import Any

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.platypus import BaseDocTemplate, Flowable, KeepTogether, Paragraph, Table
from reportlab.platypus.doctemplate import LayoutError as RLLayoutError

import handout
from handout.errors import LayoutError
from handout.layout.blocks import Builder
from handout.layout.flowables import Heading
from handout.layout.formats import Format
from handout.layout.formats.base import TOTAL_FORM, page_form
from handout.layout.styles import StyleSheet
from handout.origins import Origin
from handout.reportlab_private.flowables import kept_together, table_cells
from handout.resolve import Document
from handout.tagging import TaggingCanvas, mark_story
from handout.tagging.document import Identity
from handout.tagging.finishing import finish

#: Streams compressed only, not also ASCII85-encoded (a quarter larger).
rl_config.useA85 = 0


class _Canvas(TaggingCanvas):
    """A canvas that knows page numbers only at the end: "of M", and the page a heading is on
    (the booklet's contents), are forms drawn on save."""

    def __init__(self, *args, total_style: tuple[str, float, str], **kwargs):
        super().__init__(*args, **kwargs)
        self._total_style = total_style
        self._pages_of: dict[str, tuple[tuple[str, float, str] | None, int | None]] = {}

    def page_of(self, block_id: str, style: tuple[str, float, str]) -> None:
        """Draw here, right-aligned, the number of the page where block ``block_id`` starts
        (found before or after this page: the booklet's back cover names an earlier one)."""
        self._pages_of[block_id] = (style, self._pages_of.get(block_id, (None, None))[1])
        self.doForm(page_form(block_id))

    def found(self, block_id: str, page: int) -> None:
        style, known = self._pages_of.get(block_id, (None, None))
        if known is None:
            self._pages_of[block_id] = (style, page)

    def save(self) -> None:
        if self.getCurrentPageContent():
            self.showPage()
        font, size, colour = self._total_style
        self.beginForm(TOTAL_FORM)
        self.setFont(font, size)
        self.setFillColor(HexColor(colour))
        self.drawString(0, 0, str(self.getPageNumber() - 1))
        self.endForm()
        for block_id, (style, page) in sorted(self._pages_of.items()):
            if style is None:
                continue  # a heading no page number refers to
            font, size, colour = style
            self.beginForm(page_form(block_id), lowerx=-10 * size, lowery=-size, upperx=0,
                           uppery=2 * size)  # drawn right-aligned: left of the form's origin
            self.setFont(font, size)
            self.setFillColor(HexColor(colour))
            self.drawRightString(0, 0, str(page or ""))
            self.endForm()
        super().save()


class _DocTemplate(BaseDocTemplate):
    def __init__(self, *args, whole_paragraphs: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.last_block: str | None = None
        self.last_flowable: Flowable | None = None
        self.last_origin: Origin | None = None  # of the last block's flowable placed
        self._outline_level = -1
        self._bookmarks = 0
        self._whole_paragraphs = whole_paragraphs

    def filterFlowables(self, flowables) -> None:
        """Called before each flowable is placed: remembers its block, so that a LayoutError can
        name it; and in formats that keep paragraphs whole, a paragraph that does not fit moves
        on as one.

        ReportLab's KeepTogether still splits a paragraph taller than a whole page.
        """
        if flowables:
            self.last_block = getattr(flowables[0], "_block_id", None) or self.last_block
            self.last_origin = getattr(flowables[0], "_origin", None) or self.last_origin
            self.last_flowable = flowables[0]
        first = flowables[0] if flowables else None
        if (self._whole_paragraphs and isinstance(first, Paragraph) and not isinstance(first, Heading)
                and not first.getKeepWithNext() and not getattr(first, "_kept_whole", False)):
            first._kept_whole = True  # once: a paragraph taller than a page is then split
            flowables[0] = KeepTogether([first])

    def afterFlowable(self, flowable) -> None:
        for heading in _headings(flowable):
            if heading.block_id:
                self.canv.found(heading.block_id, self.page)
            key = f"h{self._bookmarks}"  # numbered, not id(): keys are written into the PDF
            self._bookmarks += 1
            level = min(heading.level - 2, self._outline_level + 1)
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(heading.plain, key, level=level, closed=False)
            self._outline_level = level


def _headings(flowable: Flowable) -> Iterator[Heading]:
    """The headings (below the title) that ``flowable`` placed: itself, or those in a box."""
    if isinstance(flowable, Heading):
        if flowable.level >= 2:
            yield flowable
        return
    for inner in getattr(flowable, "contents", list)():
        yield from _headings(inner)


def render(doc: Document, styles: StyleSheet, fmt: Format, created: dt.datetime) -> bytes:
    """Lay out ``doc`` in ``fmt`` and return the PDF, created at ``created``."""
    story = Builder(doc, styles, fmt).story()
    structure = mark_story(story)  # every content flowable knows its structure element
    guide = doc.guide
    out = BytesIO()
    template = _DocTemplate(
        out, pagesize=fmt.media_size(doc.clinic.paper), **fmt.boxes(doc.clinic.paper),
        title=guide.title, author=doc.clinic.name,
        subject=guide.summary or guide.subtitle or guide.title,
        keywords=", ".join(guide.keywords), creator=f"handout {handout.__version__}",
        producer=f"handout {handout.__version__} (ReportLab)", lang=doc.tag,
        invariant=1, pageCompression=1, displayDocTitle=1, initialFontName=styles.family.regular,
        pageTemplates=fmt.pages(doc, styles, fmt), whole_paragraphs=fmt.whole_paragraphs)
    font = styles.family.regular
    identity = Identity(guide.title, doc.tag, created)
    try:
        template.build(story, canvasmaker=partial(
            _Canvas, total_style=(font, styles.metrics.footer, styles.palette.muted),
            structure=structure, identity=identity))
    except RLLayoutError:
        raise LayoutError(_too_tall(doc, fmt, template)) from None
    pages = template.page
    if pages % fmt.page_multiple:
        raise LayoutError(f"{guide.id} for {doc.clinic_id}: the {fmt.name} has {pages} pages, not a "
                          f"multiple of {fmt.page_multiple}; its last page holds more than one page")
    return finish(out.getvalue())


def _too_tall(doc: Document, fmt: Format, template: _DocTemplate) -> str:
    """The message for what could not be laid out: the file, line and key of its tallest text
    (the clinic's file when the clinic wrote it), or of its block's longest one."""
    where = f"{fmt.name} edition of '{doc.guide.id}' for {doc.clinic_id}, page {template.page}"
    traced = [(getattr(f, "height", 0) or 0, f._origin) for f in _leaves(template.last_flowable)
              if getattr(f, "_origin", None) is not None]
    origin = max(traced, key=lambda t: t[0])[1] if traced else template.last_origin
    if origin is not None:
        return (f"{origin}: this text does not fit on one page ({where}) and cannot continue on "
                f"the next; shorten it")
    block = f"block '{template.last_block}'" if template.last_block else "the masthead"
    return (f"{doc.guide.id} for {doc.clinic_id}: {block} is taller than a page and cannot be "
            f"split ({fmt.name} format, page {template.page}); break its text into shorter blocks")


def _leaves(flowable: Flowable | None) -> Iterator[Flowable]:
    """``flowable`` and everything inside it: in a ``KeepTogether``, a table's cells, a box,
    columns."""
    if flowable is None:
        return
    yield flowable
    if isinstance(flowable, KeepTogether):
        inner: Iterable[Any] = kept_together(flowable)
    elif isinstance(flowable, Table):
        inner = (value for row in table_cells(flowable) for value in row)
    else:
        inner = getattr(flowable, "contents", list)()
    for value in inner:
        for f in value if isinstance(value, (list, tuple)) else (value,):
            if isinstance(f, Flowable):
                yield from _leaves(f)
