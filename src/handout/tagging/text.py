"""A paragraph's text object: its words marked as the paragraph's, its links' words as the links'.

ReportLab draws a paragraph as one text object (``BT … ET``). Marked-content sequences must nest
properly with ``BT``/``ET``, so a paragraph's marks are written inside its text object: the
paragraph's own words in ``/P`` (or ``/H2`` …) sequences and each link's words in a ``/Link``
sequence of their own, so that a screen reader reads the link's words as the link. ReportLab
reports where each link's words start and end (``MarkedText.link``); "start" comes just after
the link's first words were written, so the sequence is opened in front of them. Every line
also ends in a space: ReportLab drops the space where it breaks a line, and without it the words
either side of the break run together for anyone reading the text rather than the page; except
after the first part of a word broken at the line's end, which is read whole (``broken``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from handout.reportlab_private.text import MarkedText, Operator, text_code
from handout.tagging import broken
from handout.tagging.nodes import Node

if TYPE_CHECKING:
    from handout.tagging.canvas import TaggingCanvas


class ParagraphText(MarkedText):
    """The text object of a tagged paragraph whose element is ``node``."""

    def __init__(self, canvas: TaggingCanvas, x: float, y: float, direction: Any, node: Node,
                 hyphenation: broken.Hyphenation | None = None, link_words: str = ""):
        super().__init__(canvas, x, y, direction=direction)
        self._tagging = canvas
        self._node = node
        self._open: Node | None = None  # the element whose sequence is open
        self._opened_at = -1  # where in the code that sequence begins
        self._last_text = 0  # where in the code the latest words begin
        self._hyphenation = hyphenation  # the paragraph's, which broke its words
        self._link_words = link_words  # a word broken inside a link stays in the link's sequence
        #: the word the last run ended in, broken after a hyphen: its first part, the mark of
        #: its sequence, the operator written for it, and whether the line ended there (a
        #: paragraph with markup ends a line with an empty run of its own)
        self._broken: tuple[str, str, Operator, bool] | None = None

    def words(self, text: str, line_end: bool) -> str | list[str]:
        if self._broken is not None and not self._broken[3]:
            if line_end and not text:  # the line's end, after its last run: the word is broken
                self._broken = (*self._broken[:3], True)
                return text
            self._join(None)  # a hyphen inside the line, before a change of font
        base = len(text_code(self))
        pieces: list[str] = []  # each text piece one entry of the code
        if self._broken is not None:  # this line starts with the rest of that word
            rest = broken.tail(text)
            self._join(rest)
            if rest:  # read already, with its first part
                mark = self._tagging.open_mark(self._node)
                pieces += [broken.with_text(mark, ""), rest, Operator("EMC")]
                text = text[len(rest):]
        start = broken.head(text) if self._open in (None, self._node) else None
        if start is not None and text[start:-1] in self._link_words:
            start = None  # (the link's sequence opens after its first words are written)
        body = text if start is None else text[:start]
        if start is None and line_end and not text[-1:].isspace():  # also a forced break
            body += " "
        if body:
            self._last_text = base + len(pieces)
            if self._open is None:
                pieces.append(Operator(self._tagging.open_mark(self._node)))
                self._open, self._opened_at = self._node, self._last_text
            pieces.append(body)
        if start is not None:  # a sequence of its own, read as the word (see ``broken``)
            first = text[start:]
            if self._open is not None:
                pieces.append(Operator("EMC"))
                self._open = None
            mark = self._tagging.open_mark(self._node)
            opening = broken.with_text(mark, broken.whole(first, None, self._hyphenation))
            pieces += [opening, first, Operator("EMC")]
            self._broken = (first, mark, opening, line_end)
            if not body:
                self._last_text = base + len(pieces)
        return pieces

    def _join(self, rest: str | None) -> None:
        """The sequence of the first part of the word the last run ended in reads the word
        whole, now that its ``rest`` is known (None: the word was not broken there)."""
        assert self._broken is not None
        first, mark, opening, _ = self._broken
        code = text_code(self)
        at = next(i for i in range(len(code) - 1, -1, -1) if code[i] is opening)
        code[at] = broken.with_text(mark, broken.whole(first, rest, self._hyphenation)
                                    if rest is not None else None)
        self._broken = None

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
