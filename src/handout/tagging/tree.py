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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from handout.tagging.canvas import Annotation, Content, Marks
from handout.tagging.nodes import Node

if TYPE_CHECKING:
    import pikepdf


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


@dataclass(frozen=True)
class Tree:
    """The written tree: its root, and each annotation with the ``Link`` element it hangs from."""

    root: pikepdf.Dictionary
    annotations: tuple[tuple[Annotation, pikepdf.Dictionary], ...]


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


def build_tree(pdf: pikepdf.Pdf, marks: Marks) -> Tree:
    """Write the structure tree of ``marks`` into ``pdf`` and hook pages and annotations to it."""
    from pikepdf import Array, Dictionary, Name

    writer = _Writer(pdf)
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    root.K = Array([writer.write(el, root) for el in assemble(marks)])
    nums: list[Any] = []
    for index, page in enumerate(pdf.pages):
        page.obj.StructParents = index
        nums += [index, Array(writer.by_mcid[index])]
    key = len(pdf.pages)
    for annotation, link in writer.annotations:
        pdf.pages[annotation.page].obj.Annots[annotation.index].StructParent = key
        nums += [key, link]
        key += 1
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = key
    if writer.ids:
        names: list[Any] = []
        for ident, elem in sorted(writer.ids.items()):
            names += [ident, elem]
        root.IDTree = pdf.make_indirect(Dictionary(Names=Array(names)))
    return Tree(root, tuple(writer.annotations))


class _Writer:
    """Writes elements as StructElem dictionaries, collecting what the parent tree needs."""

    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        self.pages = [p.obj for p in pdf.pages]
        self.by_mcid: list[list[Any]] = [[] for _ in self.pages]
        self.annotations: list[tuple[Annotation, pikepdf.Dictionary]] = []
        self.ids: dict[str, pikepdf.Dictionary] = {}

    def write(self, el: _Element, parent: pikepdf.Dictionary) -> pikepdf.Dictionary:
        import pikepdf
        from pikepdf import Array, Dictionary, Name

        node = el.node
        d = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + node.role),
                                              P=parent))
        page = el.first_page()
        if page is not None:
            d.Pg = self.pages[page]
        if node.alt:
            d.Alt = pikepdf.String(node.alt)
        if node.lang:
            d.Lang = pikepdf.String(node.lang)
        if node.actual:
            d.ActualText = pikepdf.String(node.actual)
        if node.ident:
            d.ID = pikepdf.String(node.ident)
            self.ids[node.ident] = d
        if node.attributes:
            d.A = Dictionary({"/" + k: Name("/" + v) for k, v in node.attributes})
        kids: list[Any] = []
        for kid in el.kids:
            if isinstance(kid, _Element):
                kids.append(self.write(kid, d))
            elif isinstance(kid, Content):
                slots = self.by_mcid[kid.page]
                slots.extend([None] * (kid.mcid + 1 - len(slots)))
                slots[kid.mcid] = d
                kids.append(kid.mcid if kid.page == page else
                            Dictionary(Type=Name.MCR, Pg=self.pages[kid.page], MCID=kid.mcid))
            else:
                self.annotations.append((kid, d))
                annot = self.pages[kid.page].Annots[kid.index]
                kids.append(Dictionary(Type=Name.OBJR, Obj=annot, Pg=self.pages[kid.page]))
        d.K = Array(kids)
        return d
