"""A paragraph's text object: its words marked as the paragraph's, its links' words as the links'.

ReportLab draws a paragraph as one text object (``BT … ET``). Marked-content sequences must nest
properly with ``BT``/``ET``, so a paragraph's marks are written inside its text object: the
paragraph's own words in ``/P`` (or ``/H2`` …) sequences and each link's words in a ``/Link``
sequence of their own, so that a screen reader reads the link's words as the link. ReportLab
reports where each link's words start and end (``MarkedText.link``); "start" comes just after
the link's first words were written, so the sequence is opened in front of them. Every line
also ends in a space: ReportLab drops the space where it breaks a line, and without it the words
either side of the break run together for anyone reading the text rather than the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from handout.reportlab_private import MarkedText, text_code
from handout.tagging.nodes import Node

if TYPE_CHECKING:
    from handout.tagging.canvas import TaggingCanvas


class ParagraphText(MarkedText):
    """The text object of a tagged paragraph whose element is ``node``."""

    def __init__(self, canvas: TaggingCanvas, x: float, y: float, direction: Any, node: Node):
        super().__init__(canvas, x, y, direction=direction)
        self._tagging = canvas
        self._node = node
        self._open: Node | None = None  # the element whose sequence is open
        self._opened_at = -1  # where in the code that sequence begins
        self._last_text = 0  # where in the code the latest words begin

    def words(self, text: str, line_end: bool) -> str:
        if line_end and not text[-1:].isspace():  # also a forced break (<br/>): no text, a space
            text += " "
        self._last_text = len(text_code(self))
        if self._open is None:
            self._begin(self._node, self._last_text)
        return text

    def link(self, href: str, what: str) -> None:
        node = self._tagging.link_node(href)
        if node is None:
            return
        if what == "start" and self._open is not node:
            if self._open is not None and self._opened_at == self._last_text:
                self._tagging.cancel_mark()  # the link starts the line: no empty sequence
                del text_code(self)[self._opened_at]
            elif self._open is not None:
                text_code(self).insert(self._last_text, "EMC")
                self._last_text += 1
            self._open = None
            self._begin(node, self._last_text)
        elif what == "end" and self._open is node:
            text_code(self).append("EMC")
            self._open = None

    def _begin(self, node: Node, at: int) -> None:
        text_code(self).insert(at, self._tagging.open_mark(node))
        self._open, self._opened_at = node, at

    def getCode(self) -> str:  # noqa: N802 - ReportLab's name
        if self._open is not None:
            text_code(self).append("EMC")
            self._open = None
        return super().getCode()
