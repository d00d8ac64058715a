"""Drawings (SVG pictures) drawn with their embedded pictures as image XObjects."""

from __future__ import annotations

from reportlab.graphics.renderPDF import _PDFRenderer, renderScaledDrawing
from reportlab.graphics.shapes import Drawing
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas


def draw_drawing(drawing: Drawing, canvas: Canvas) -> None:
    """Draw a drawing at the canvas's origin as ``Drawing.drawOn`` does, but with the pictures
    in it as image XObjects (``_PDFRenderer``, its ``drawImage`` and ``_canvas``).

    An SVG that embeds a picture gives a drawing with an image in it. ReportLab's renderer writes
    such images inline (``drawInlineImage``), which stops with a TypeError when ``useA85`` is off
    (render.py turns it off) and cannot carry an alpha channel; an XObject can, and is written
    once however often it is drawn. The drawing starts in the canvas's first font, where
    ReportLab's renderer would start in the process-wide default font.

    Public alternative: ``renderPDF.draw``, with images inline.
    """
    canvas.saveState()
    canvas.translate(0, 0)
    _XObjectImages().draw(renderScaledDrawing(drawing), canvas, 0, 0)
    canvas.restoreState()


class _XObjectImages(_PDFRenderer):
    def initState(self, x, y) -> None:  # noqa: N802 - ReportLab's name
        # The state a drawing starts in holds a font, set on the canvas as drawing begins: by
        # default ReportLab's process-wide ``rl_config.defaultGraphicsFontName``, which another
        # build in the same process may have changed. The document's own first font is the
        # canvas's (``Canvas._initialFontName``), so the page never depends on what ran before.
        self._tracker._combined[-1]["fontName"] = self._canvas._initialFontName
        super().initState(x, y)

    def drawImage(self, image) -> None:  # noqa: N802 - ReportLab's name
        if hasattr(image.path, "mode"):  # a picture decoded in memory: what SVGs embed
            self._canvas.drawImage(ImageReader(image.path), image.x, image.y, image.width,
                                   image.height, mask="auto")
