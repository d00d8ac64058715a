"""Marks → the structure tree of a PDF: StructTreeRoot, elements, ParentTree, IDTree.

Elements appear in the tree in the order their content was first drawn, which is the order a
sighted reader meets them, so reading order is visual order. Each element refers to its content
by MCID on its own page (``/Pg``) or by a marked-content reference (``/MCR``) on another page:
a paragraph that continues overleaf stays one ``P``. Each link annotation gets a ``Link``
element holding an ``OBJR`` to it, inside the element whose content drew it; a citation's link
sits in a ``Reference``, and a linked picture (the QR code) becomes the content of its ``Link``,
which takes the picture's alternative text as its own (``/Alt``): a link without words of its
own is named, never announced as just "link".

The parent tree maps each page's ``/StructParents`` key (its page index) to the array of
elements indexed by MCID, and each annotation's ``/StructParent`` key (numbered after the pages)
to its ``Link`` element.

The tree is written as ReportLab writes the document (``write_tree``, called as the tagging
canvas saves): its objects join ReportLab's, their text written here, references included, so
that no pass reads the finished file to make some hundreds of objects one call at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from handout.reportlab_private.document import RawObject, reference
from handout.tagging.broken import text_value
from handout.tagging.nodes import Node
from handout.tagging.records import Annotation, Content, Marks

if TYPE_CHECKING:
    from reportlab.pdfbase.pdfdoc import PDFDocument, PDFObject


@dataclass(frozen=True)
class Tree:
    """The tree written: its root, for the catalog's ``/StructTreeRoot``, and the link
    annotations in the order of their ``Link`` elements: the structure parent key of the
    ``i``-th is the number of pages plus ``i``."""

    root: PDFObject
    linked: tuple[Annotation, ...]


@dataclass
class _Element:
    """A node while the tree is assembled: its kids in reading order."""

    node: Node
    kids: list[_Element | Content | Annotation] = field(default_factory=list)

    def first_page(self) -> int | None:
        for kid in self.kids:
            page = kid.first_page() if isinstance(kid, _Element) else kid.page
            if page is not None:
                return page
        return None


def assemble(marks: Marks) -> list[_Element]:
    """The top-level elements, each with its kids in drawing order."""
    elements: dict[Node, _Element] = {}
    roots: list[_Element] = []
    linked_figures = {r.node for r in marks.records if isinstance(r, Annotation)
                      and r.node is not None and r.node.role == "Figure"}
    links: dict[Node, Node] = {}  # a linked figure → the Link element that holds it

    def element(node: Node) -> _Element:
        if node in elements:
            return elements[node]
        made = elements[node] = _Element(node)
        holder = node.parent
        if node in linked_figures:  # the picture is the link's content, and names it
            holder = links[node] = Node("Link", node.parent, alt=node.alt)
        if holder is None:
            roots.append(made)
        else:
            element(holder).kids.append(made)
        return made

    for record in marks.records:
        if isinstance(record, Content):
            element(record.node).kids.append(record)
        elif record.node is not None and record.node.role == "Link":  # a link's words were marked
            element(record.node).kids.append(record)
        elif record.node is not None and record.node in links:
            element(links[record.node]).kids.append(record)
        else:
            host = element(record.node) if record.node is not None else roots[0]
            # no words of its own: named by what it shows, or where it goes
            link = _Element(Node("Link", host.node, alt=record.label or record.target), [record])
            if record.internal:  # a numbered citation
                host.kids.append(_Element(Node("Reference", host.node), [link]))
            else:
                host.kids.append(link)
    return roots


def write_tree(doc: PDFDocument, pages: list[PDFObject], annotations: list[list[PDFObject]],
               marks: Marks) -> Tree:
    """Add the structure tree of ``marks`` to ReportLab's document ``doc``, whose pages are
    ``pages`` (ReportLab's page objects) with ``annotations`` (each page's, as references)."""
    writer = _Writer(doc, pages, annotations)
    root = RawObject()
    root_ref = reference(doc, root)
    kids = [writer.write(el, root_ref) for el in assemble(marks)]
    nums: list[bytes] = []
    for index, slots in enumerate(writer.by_mcid):
        nums.append(b"%d [%s]" % (index, b" ".join(s if s is not None else b"null"
                                                   for s in slots)))
    key = len(pages)
    for _, link in writer.annotations:
        nums.append(b"%d %s" % (key, link))
        key += 1
    parent_tree = RawObject()
    parent_tree.data = b"<< /Nums [" + b" ".join(nums) + b"] >>"
    root_parts = [b"<< /Type /StructTreeRoot /K [", b" ".join(kids), b"] /ParentTree ",
                  reference(doc, parent_tree), b" /ParentTreeNextKey %d" % key]
    if writer.ids:
        id_tree = RawObject()
        id_tree.data = b"<< /Names [" + b" ".join(pdf_string(ident) + b" " + elem for ident, elem
                                                  in sorted(writer.ids.items())) + b"] >>"
        root_parts += [b" /IDTree ", reference(doc, id_tree)]
    root_parts.append(b" >>")
    root.data = b"".join(root_parts)
    return Tree(root, tuple(annotation for annotation, _ in writer.annotations))


class _Writer:
    """Writes elements as StructElem objects, collecting what the parent tree needs."""

    def __init__(self, doc: PDFDocument, pages: list[PDFObject], annotations: list[list[PDFObject]]):
        self.doc = doc
        self.pages = [reference(doc, p) for p in pages]
        self.page_annotations = [[reference(doc, a) for a in page] for page in annotations]
        self.by_mcid: list[list[bytes | None]] = [[] for _ in pages]
        self.annotations: list[tuple[Annotation, bytes]] = []
        self.ids: dict[str, bytes] = {}

    def write(self, el: _Element, parent: bytes) -> bytes:
        """The element's object, written with its kids; gives its reference."""
        node = el.node
        obj = RawObject()
        ref = reference(self.doc, obj)
        parts = [b"<< /Type /StructElem /S /%s /P %s" % (node.role.encode(), parent)]
        page = el.first_page()
        if page is not None:
            parts.append(b" /Pg " + self.pages[page])
        if node.alt:
            parts.append(b" /Alt " + pdf_string(node.alt))
        if node.lang:
            parts.append(b" /Lang " + pdf_string(node.lang))
        if node.actual:
            parts.append(b" /ActualText " + pdf_string(node.actual))
        if node.ident:
            parts.append(b" /ID " + pdf_string(node.ident))
            self.ids[node.ident] = ref
        if node.attributes:
            parts.append(b" /A << " + b" ".join(b"/%s /%s" % (k.encode(), v.encode())
                                                for k, v in node.attributes) + b" >>")
        parts.append(b" /K [")
        for kid in el.kids:
            if isinstance(kid, _Element):
                parts.append(b" " + self.write(kid, ref))
            elif isinstance(kid, Content):
                slots = self.by_mcid[kid.page]
                slots.extend([None] * (kid.mcid + 1 - len(slots)))
                slots[kid.mcid] = ref
                if kid.page == page:
                    parts.append(b" %d" % kid.mcid)
                else:
                    parts.append(b" << /Type /MCR /Pg %s /MCID %d >>"
                                 % (self.pages[kid.page], kid.mcid))
            else:
                self.annotations.append((kid, ref))
                parts.append(b" << /Type /OBJR /Obj %s /Pg %s >>"
                             % (self.page_annotations[kid.page][kid.index], self.pages[kid.page]))
        parts.append(b" ] >>")
        obj.data = b"".join(parts)
        return ref


def pdf_string(text: str) -> bytes:
    """A PDF text string: literal when it is printable ASCII, else UTF-16BE with its BOM, in hex
    (``broken.text_value``, as content streams write ``/ActualText``)."""
    if all(" " <= c <= "~" for c in text):
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("ascii") + b")"
    return text_value(text).encode("ascii")
