"""Content streams: the operators of a page and of a paragraph's text, for marked content.

Tagging wraps what a page draws in marked-content operators, and the words of each link and
each word broken at a line's end in their own (``handout.tagging``); ReportLab's canvas and text
object keep their operators in lists this module reaches.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject


def page_code(canvas: Canvas) -> list[str]:
    """The live list of operators of the canvas's current page (``Canvas._code``).

    Tagging wraps what a page draws in marked-content operators, sometimes after it was drawn:
    whether a stretch of drawing was page furniture (an artifact) is known only when the next
    element begins, so the ``/Artifact BMC`` goes in front of operators already written, and the
    stretch is read to see whether it paints anything.

    Public alternative: ``Canvas.addLiteral`` appends an operator (we use it wherever appending
    is enough) and ``getCurrentPageContent`` reads the page as one string; neither can insert
    before what is already written. ReportLab replaces the list at every ``showPage`` and around
    forms, so call this each time instead of keeping the list.
    """
    return canvas._code


def text_code(text: PDFTextObject) -> list[str]:
    """The live list of operators of a text object (``PDFTextObject._code``), from ``BT`` on.

    A paragraph's marked-content sequences must nest inside its ``BT … ET``, and the sequence of
    a link is opened in front of the link's first words, which ReportLab has written by the
    time it reports the link (see ``MarkedText``).

    Public alternative: none; ``getCode`` gives the finished text object as one string, once.
    """
    return text._code


class MarkedText(PDFTextObject):
    """A paragraph's text object that tells a subclass where its words and its links begin.

    ``Paragraph`` draws each run of words with the text object's ``_textOut(text, TStar)``
    (``TStar`` is true for the last run of a line) and, where the text object has one, calls
    ``_linkRecord(link, "start" | "end")`` around the runs of a link, ``link`` being the
    fragment's ``(n, href)``. This class turns both into the hooks ``words`` and ``link``.

    Public alternative: none; ``Paragraph.drawOn`` writes its words straight into the text
    object, and its finished code no longer says which words belong to which link.
    """

    def words(self, text: str, line_end: bool) -> str | list[str]:
        """Called just before a run of the paragraph's words is written; gives the text to write,
        or its pieces with operators (``Operator``) to write between them."""
        return text

    def link(self, href: str, what: str) -> None:
        """Called where the words of the link to ``href`` begin (``"start"``, just after its first
        run was written) or end (``"end"``)."""

    def _textOut(self, text, TStar=0):  # noqa: N802,N803 - ReportLab's names
        written = self.words(text, bool(TStar))
        if isinstance(written, str):
            super()._textOut(written, TStar)
            return
        for piece in written:
            if isinstance(piece, Operator):
                self._code.append(piece)
            elif piece:
                super()._textOut(piece, 0)
        if TStar:
            self._code.append("T*")  # what ``_textOut`` writes after the line's last words

    def _linkRecord(self, link, what) -> None:  # noqa: N802 - ReportLab's name
        self.link(link[1] if isinstance(link, tuple) else link, what)


class Operator(str):
    """Content-stream code among the pieces of text ``MarkedText.words`` gives (a marked-content
    operator around some of the words), written as it is."""

    __slots__ = ()
