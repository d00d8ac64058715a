"""Stage 5, render: flowables of one edition → PDF bytes.

Places the story on pages (first page and following pages), paints the running footer with
"Page N of M", writes the document information (title, author, subject, keywords, language),
bookmarks every heading, tags the PDF for screen readers (``handout.tagging``: structure tree,
PDF/UA-1), and makes the output byte-identical for identical input: ReportLab's ``invariant``
mode, and a creation date from SOURCE_DATE_EPOCH or else the guide's review date.
"""

from __future__ import annotations

import calendar
import os
from contextlib import contextmanager
from functools import partial
from io import BytesIO

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError as RLLayoutError

import handout
from handout.catalog import Words
from handout.errors import LayoutError
from handout.layout.blocks import Builder
from handout.layout.flowables import Heading
from handout.layout.formats import Format
from handout.layout.styles import StyleSheet
from handout.resolve import Document
from handout.tagging import Marks, TaggingCanvas, mark_story

TOTAL_FORM = "handout-total-pages"


class _Canvas(TaggingCanvas):
    """A canvas that knows the page count only at the end: "of M" is a form drawn on save."""

    def __init__(self, *args, total_style: tuple[str, float, str], **kwargs):
        super().__init__(*args, **kwargs)
        self._total_style = total_style

    def save(self) -> None:
        if len(self._code):
            self.showPage()
        font, size, colour = self._total_style
        self.beginForm(TOTAL_FORM)
        self.setFont(font, size)
        self.setFillColor(HexColor(colour))
        self.drawString(0, 0, str(self.getPageNumber() - 1))
        self.endForm()
        super().save()


class _DocTemplate(BaseDocTemplate):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.last_block: str | None = None
        self._outline_level = -1

    def afterFlowable(self, flowable) -> None:
        self.last_block = getattr(flowable, "_block_id", self.last_block)
        if isinstance(flowable, Heading) and flowable.level >= 2:
            key = f"h{id(flowable)}"
            level = min(flowable.level - 2, self._outline_level + 1)
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.plain, key, level=level, closed=False)
            self._outline_level = level


def render(doc: Document, styles: StyleSheet, fmt: Format) -> bytes:
    """Lay out ``doc`` in ``fmt`` and return the PDF."""
    story = Builder(doc, styles, fmt).story()
    mark_story(story)  # every content flowable knows its structure element
    page_w, page_h = fmt.page_size(doc.clinic.paper)
    side = fmt.side_margin(doc.clinic.paper)
    frame = Frame(side, fmt.bottom, fmt.measure, page_h - fmt.top - fmt.bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    painter = _Pages(doc, styles, fmt, side)
    guide = doc.guide
    out = BytesIO()
    template = _DocTemplate(
        out, pagesize=(page_w, page_h), title=guide.title, author=doc.clinic.name,
        subject=guide.summary or guide.subtitle or guide.title,
        keywords=", ".join(guide.keywords), creator=f"handout {handout.__version__}",
        producer=f"handout {handout.__version__} (ReportLab)", lang=guide.language,
        invariant=1, pageCompression=1, displayDocTitle=1, initialFontName=styles.family.regular,
        pageTemplates=[PageTemplate("page", [frame], onPage=painter)])
    font = styles.family.regular
    marks = Marks()
    try:
        with _creation_date(guide):
            template.build(story, canvasmaker=partial(
                _Canvas, total_style=(font, styles.metrics.footer, styles.palette.muted),
                marks=marks))
    except RLLayoutError:
        raise LayoutError(
            f"{guide.id} for {doc.clinic_id}: the block after '{template.last_block or 'the start'}' "
            f"does not fit on a page ({fmt.name} format, page {template.page}); split it into "
            f"shorter blocks") from None
    from handout.tagging.document import Identity, finish

    return finish(out.getvalue(), marks, Identity(guide.title, guide.language))


class _Pages:
    """Paints what every page has outside the text frame: the brand band and the footer."""

    def __init__(self, doc: Document, styles: StyleSheet, fmt: Format, side: float):
        self.doc, self.s, self.fmt, self.side = doc, styles, fmt, side
        self.words = Words(doc.language)

    def __call__(self, canvas: Canvas, template: BaseDocTemplate) -> None:
        p, m = self.s.palette, self.s.metrics
        width, height = canvas._pagesize
        canvas.saveState()
        band = 10 if canvas.getPageNumber() == 1 else 4
        canvas.setFillColor(HexColor(p.brand))
        canvas.rect(0, height - band, width, band, stroke=0, fill=1)
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
        clinic = self.doc.clinic
        right = f"{clinic.display_short}  ·  {clinic.contact.phone}"
        canvas.drawRightString(width - self.side, y, right)
        canvas.restoreState()


@contextmanager
def _creation_date(guide):
    """Use SOURCE_DATE_EPOCH when the caller set it; otherwise the guide's review date."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(guide.reviewed.timetuple()))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
