"""A canvas that marks every piece of content it draws: a structure element's, or an artifact.

Tagged flowables (``story``) call ``marked(node, flowable)`` around their drawing; the canvas
writes ``/<role> <</MCID n>> BDC … EMC`` and records which page and MCID belong to which node.
MCIDs count from 0 on every page, as the parent tree is indexed by them. Whatever is drawn
between two tagged flowables (the page's brand band and footer, table backgrounds and rules,
card tints) is wrapped in ``/Artifact BMC … EMC`` when the next element begins or the page
ends, so no painted object is left unmarked. A flowable drawn a second time is a pagination artifact: that
is how ReportLab repeats a table's header rows on the next page.

Page painters draw through ``painting``: what they mark as content (inside ``later``) is
drawn where they draw it, but read after the page's story (their records join the page's
when it ends), as a sign at the foot of a cover is read after the cover's title. Inside a
marked sequence, ``artifact`` sets furniture apart (the line after "Date").

Link annotations made while a node's content is drawn are recorded with that node, so the tree
can give each one a ``Link`` element with an OBJR. A paragraph marks its own text, inside its
text object, with its links' words apart (``text``). Records live on the canvas, which the doc
template makes afresh for every build pass, and are handed to ``Marks`` when the canvas saves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from handout.reportlab_private.document import pdf_document
from handout.reportlab_private.text import page_code
from handout.tagging.document import Identity, tag
from handout.tagging.nodes import Node
from handout.tagging.records import Annotation, Content, Marks
from handout.tagging.story import Structure, link_words
from handout.tagging.text import ParagraphText

#: Content-stream operators that paint something; a stretch without them needs no marking.
PAINTING = frozenset({"Tj", "TJ", "'", '"', "f", "F", "f*", "S", "s", "B", "B*", "b", "b*",
                      "Do", "sh", "BI"})


class TaggingCanvas(Canvas):
    """Canvas with marked content; pass ``marks=Marks()`` to read what it recorded, the
    story's ``structure`` for what page painters add to it, and the document's ``identity`` to
    have the file written tagged (``document.tag``; then ``finishing.finish`` its bytes)."""

    def __init__(self, *args, marks: Marks | None = None, structure: Structure | None = None,
                 identity: Identity | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._marks = marks if marks is not None else Marks()
        self._identity = identity  # None: the file is written untagged
        self.structure = structure or Structure()
        self._records: list[Content | Annotation] = []
        self._later: list[Content | Annotation] = []  # read after the page's story
        self._last = False  # recording into ``_later``
        self._drawn: dict[int, object] = {}  # id → flowable, kept alive so ids stay unique
        self._current: tuple[Node, object] | None = None
        self._own = False  # the current element's sequence is open on the page, not in a text
        self._opened = 0  # where in the page's code the open sequence's drawing begins
        self._links: dict[str, Node] = {}  # href → Link element, in the current paragraph
        self._page_start()

    def _page_start(self) -> None:
        self._mcid = 0
        self._annots = 0
        self._unmarked_from = 0  # start of the stretch of the page's code not yet marked

    def _sink(self) -> list[Content | Annotation]:
        return self._later if self._last else self._records

    # -- content ------------------------------------------------------------------------------

    @contextmanager
    def marked(self, node: Node, flowable: object) -> Iterator[None]:
        """Mark what ``flowable`` draws inside the block as content of ``node``."""
        if self._current is not None or id(flowable) in self._drawn:
            yield  # inside another element's content, or a repeat: marked by the enclosing rule
            return
        self._drawn[id(flowable)] = flowable
        self._close_unmarked()
        self._current, self._links = (node, flowable), {}
        self._own = not isinstance(flowable, Paragraph)  # a paragraph's text marks itself
        if self._own:
            self._open_own(node)
        try:
            yield
        finally:
            if self._own:
                self._close_own()
                self._unmarked_from = len(page_code(self))
            self._current, self._own = None, False

    @contextmanager
    def later(self) -> Iterator[None]:
        """What is marked inside the block is read after the page's story (a painter's)."""
        self._last = True
        try:
            yield
        finally:
            self._last = False

    @contextmanager
    def artifact(self) -> Iterator[None]:
        """Inside an element's content: what is drawn in the block is page furniture."""
        if self._current is None or not self._own:
            yield  # outside any element, drawing is an artifact already
            return
        self._close_own()
        self.addLiteral("/Artifact BMC")
        try:
            yield
        finally:
            self.addLiteral("EMC")
            self._open_own(self._current[0])

    def _open_own(self, node: Node) -> None:
        self.addLiteral(self.open_mark(node))
        self._opened = len(page_code(self))  # where the sequence's drawing begins

    def _close_own(self) -> None:
        """End the sequence opened by ``_open_own``; one that painted nothing is taken back."""
        code = page_code(self)
        if _paints(code[self._opened:]):
            self.addLiteral("EMC")
        else:
            del code[self._opened - 1]
            self.cancel_mark()

    def open_mark(self, node: Node) -> str:
        """The operator opening the next marked-content sequence of the page, for ``node``."""
        mcid = self._mcid
        self._mcid += 1
        self._sink().append(Content(node, self.getPageNumber() - 1, mcid))
        return f"/{node.role} <</MCID {mcid}>> BDC"

    def cancel_mark(self) -> None:
        """Take back the sequence just opened: it turned out to hold nothing."""
        record = self._sink().pop()
        assert isinstance(record, Content) and record.mcid == self._mcid - 1
        self._mcid -= 1

    def link_node(self, href: str) -> Node | None:
        """The ``Link`` element of the current paragraph's link to ``href`` (made when first met).

        A citation (a jump inside the document) is a ``Link`` inside a ``Reference``.
        """
        if self._current is None:
            return None
        if href not in self._links:
            holder = self._current[0]
            if href.startswith("#"):
                holder = Node("Reference", holder)
            self._links[href] = Node("Link", holder)
        return self._links[href]

    def _close_unmarked(self) -> None:
        """Wrap the code since the last marked sequence as an artifact, if it paints anything."""
        if _paints(page_code(self)[self._unmarked_from:]):
            page_code(self).insert(self._unmarked_from, "/Artifact BMC")
            self.addLiteral("EMC")
        self._unmarked_from = len(page_code(self))

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._close_unmarked()
        self._records += self._later
        self._later = []
        super().showPage()
        self._page_start()

    def save(self) -> None:
        if page_code(self):  # as ReportLab's save does: the last page ends first
            self.showPage()
        self._marks.records = self._records
        if self._identity is not None:
            self.setViewerPreference("DisplayDocTitle", "true")  # PDF/UA: the title, not the name
            tag(pdf_document(self), self._marks, self._identity)
        super().save()

    def beginText(self, x=0, y=0, direction=None):  # noqa: N802 - ReportLab's name
        if self._current is None or not isinstance(self._current[1], Paragraph):
            return super().beginText(x, y, direction)
        node, paragraph = self._current
        whole = _whole_link(paragraph)  # ReportLab reports no link boundaries for these
        hyphenation = getattr(paragraph.style, "hyphenationLang", None)  # ours: a function
        return ParagraphText(self, x, y, direction, self.link_node(whole) if whole else node,
                             hyphenation if callable(hyphenation) else None,
                             " ".join(getattr(paragraph, "_struct_links", {}).values()))

    def drawText(self, aTextObject) -> None:  # noqa: N802,N803 - ReportLab's names
        if not isinstance(aTextObject, ParagraphText):
            return super().drawText(aTextObject)
        self._close_unmarked()  # underlines drawn while the text was set are decoration
        super().drawText(aTextObject)
        self._unmarked_from = len(page_code(self))  # the text marked itself

    # -- links --------------------------------------------------------------------------------

    def linkURL(self, url, rect, relative=0, thickness=0, color=None, dashArray=None,  # noqa: N802
                kind="URI", **kw):
        self._annotation(url, internal=False)
        return super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **kw)

    def linkRect(self, contents, destinationname, Rect=None, addtopage=1, name=None,  # noqa: N802,N803
                 relative=1, thickness=0, color=None, dashArray=None, **kw):
        if addtopage:
            self._annotation(destinationname, internal=True)
        return super().linkRect(contents, destinationname, Rect, addtopage, name, relative,
                                thickness, color, dashArray, **kw)

    def _annotation(self, target: str, internal: bool) -> None:
        node, flowable = self._current if self._current else (None, None)
        href = f"#{target}" if internal else target
        if isinstance(flowable, Paragraph):
            node = self.link_node(href)  # the element its words were marked as
        self._sink().append(Annotation(node, self.getPageNumber() - 1, self._annots, target,
                                       link_words(flowable, href), internal))
        self._annots += 1


def _paints(code: list[str]) -> bool:
    return not PAINTING.isdisjoint(" ".join(code).split())


def _whole_link(paragraph: Paragraph) -> str | None:
    """The href of a paragraph that is one link and nothing else (a phone number in the panel)."""
    links = getattr(paragraph, "_struct_links", {})
    if len(links) != 1:
        return None
    href, words = next(iter(links.items()))
    return href if words == " ".join(paragraph.getPlainText().split()) else None
