"""A paragraph's text object: its words marked as the paragraph's, its links' words as the links'.

ReportLab draws a paragraph as one text object (``BT … ET``). Marked-content sequences must nest
properly with ``BT``/``ET``, so a paragraph's marks are written inside its text object: the
paragraph's own words in ``/P`` (or ``/H2`` …) sequences and each link's words in a ``/Link``
sequence of their own, so that a screen reader reads the link's words as the link. ReportLab
calls ``_linkRecord(link, "start" | "end")`` on the text object around each link's fragments;
"start" comes just after the link's first words were written, so the sequence is opened in front
of them. Every line also ends in a space: ReportLab drops the space where it breaks a line, and
without it the words either side of the break run together for anyone reading the text rather
than the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.pdfgen.textobject import PDFTextObject

from handout.tagging.nodes import Node

if TYPE_CHECKING:
    from handout.tagging.canvas import TaggingCanvas


class ParagraphText(PDFTextObject):
    """The text object of a tagged paragraph whose element is ``node``."""

    def __init__(self, canvas: TaggingCanvas, x: float, y: float, direction: Any, node: Node):
        super().__init__(canvas, x, y, direction=direction)
        self._tagging = canvas
        self._node = node
        self._open: Node | None = None  # the element whose sequence is open
        self._opened_at = -1  # where in the code that sequence begins
        self._last_text = 0  # where in the code the latest words begin

    def _textOut(self, text, TStar=0):  # noqa: N802,N803 - ReportLab's names
        if TStar and not text[-1:].isspace():  # also a forced break (<br/>): no text, a space
            text += " "
        self._last_text = len(self._code)
        if self._open is None:
            self._begin(self._node, self._last_text)
        super()._textOut(text, TStar)

    def _linkRecord(self, link, what: str) -> None:  # noqa: N802 - ReportLab's hook
        href = link[1] if isinstance(link, tuple) else link
        node = self._tagging.link_node(href)
        if node is None:
            return
        if what == "start" and self._open is not node:
            if self._open is not None and self._opened_at == self._last_text:
                self._tagging.cancel_mark()  # the link starts the line: no empty sequence
                del self._code[self._opened_at]
            elif self._open is not None:
                self._code.insert(self._last_text, "EMC")
                self._last_text += 1
            self._open = None
            self._begin(node, self._last_text)
        elif what == "end" and self._open is node:
            self._code.append("EMC")
            self._open = None

    def _begin(self, node: Node, at: int) -> None:
        self._code.insert(at, self._tagging.open_mark(node))
        self._open, self._opened_at = node, at

    def getCode(self) -> str:  # noqa: N802 - ReportLab's name
        if self._open is not None:
            self._code.append("EMC")
            self._open = None
        return super().getCode()
