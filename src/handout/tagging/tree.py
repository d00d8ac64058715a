"""Marks → the structure tree of a PDF: StructTreeRoot, elements, ParentTree, IDTree.

Elements appear in the tree in the order their content was first drawn, which is the order a
sighted reader meets them, so reading order is visual order. Each element refers to its content
by MCID on its own page (``/Pg``) or by a marked-content reference (``/MCR``) on another page:
a paragraph that continues overleaf stays one ``P``. Each link annotation gets a ``Link``
element holding an ``OBJR`` to it, inside the element whose content drew it; a citation's link
sits in a ``Reference``, and a linked picture (the QR code) becomes the content of its ``Link``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from handout.tagging.canvas import Annotation, Content, Marks
from handout.tagging.nodes import Node

if TYPE_CHECKING:
    import pikepdf


@dataclass
class _Element:
    node: Node
    kids: list[object] = field(default_factory=list)  # _Element | Content | Annotation
    page: int | None = None


@dataclass(frozen=True)
class Tree:
    """The written tree: its root, and the element each annotation hangs from."""

    root: pikepdf.Dictionary
    annotations: tuple[tuple[Annotation, pikepdf.Dictionary], ...]


def build_tree(pdf: pikepdf.Pdf, marks: Marks) -> Tree:
    """Write the structure tree of ``marks`` into ``pdf`` and hook pages and annotations to it."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    elements: dict[Node, _Element] = {}
    roots: list[_Element] = []
    linked_figures = {r.node for r in marks.records
                      if isinstance(r, Annotation) and r.node is not None and r.node.role == "Figure"}
    links: dict[Node, Node] = {}  # a linked figure → the Link element that holds it

    def element(node: Node) -> _Element:
        if node in elements:
            return elements[node]
        made = elements[node] = _Element(node)
        holder = node.parent
        if node in linked_figures:  # the picture is the link's content
            holder = links[node] = Node("Link", node.parent)
        if holder is None:
            roots.append(made)
        else:
            element(holder).kids.append(made)
        return made

    for record in marks.records:
        if isinstance(record, Content):
            el = element(record.node)
            el.kids.append(record)
            if el.page is None:
                el.page = record.page
        elif record.node in links:
            element(links[record.node]).kids.append(record)  # type: ignore[index]
        else:
            host = element(record.node) if record.node is not None else roots[0]
            link = _Element(Node("Link", host.node), [record])
            if record.internal:  # a numbered citation
                host.kids.append(_Element(Node("Reference", host.node), [link]))
            else:
                host.kids.append(link)

    pages = pdf.pages
    parent_tree: dict[int, list] = {i: [] for i in range(len(pages))}
    annotation_elems: list[tuple[Annotation, pikepdf.Dictionary]] = []
    ids: list[tuple[str, pikepdf.Dictionary]] = []
    struct_root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))

    def write(el: _Element, parent: pikepdf.Dictionary) -> pikepdf.Dictionary:
        node = el.node
        d = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + node.role), P=parent))
        page = el.page if el.page is not None else _first_page(el)
        if page is not None:
            d.Pg = pages[page].obj
        if node.alt:
            d.Alt = pikepdf.String(node.alt)
        if node.ident:
            d.ID = pikepdf.String(node.ident)
            ids.append((node.ident, d))
        if node.attributes:
            d.A = Dictionary({"/" + k: Name("/" + v) for k, v in node.attributes})
        kids = Array()
        for kid in el.kids:
            if isinstance(kid, _Element):
                kids.append(write(kid, d))
            elif isinstance(kid, Content):
                slots = parent_tree[kid.page]
                slots.extend([None] * (kid.mcid + 1 - len(slots)))
                slots[kid.mcid] = d
                if kid.page == page:
                    kids.append(kid.mcid)
                else:
                    kids.append(Dictionary(Type=Name.MCR, Pg=pages[kid.page].obj, MCID=kid.mcid))
            elif isinstance(kid, Annotation):
                annotation_elems.append((kid, d))
                annot = pages[kid.page].obj.Annots[kid.index]
                kids.append(Dictionary(Type=Name.OBJR, Obj=annot, Pg=pages[kid.page].obj))
        d.K = kids
        return d

    struct_root.K = Array([write(el, struct_root) for el in roots])

    nums = Array()
    for page_index in range(len(pages)):
        pages[page_index].obj.StructParents = page_index
        nums.extend([page_index, Array(parent_tree[page_index])])
    key = len(pages)
    for annotation, elem in annotation_elems:
        annot = pages[annotation.page].obj.Annots[annotation.index]
        annot.StructParent = key
        nums.extend([key, elem])
        key += 1
    struct_root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    struct_root.ParentTreeNextKey = key
    if ids:
        names = Array()
        for ident, elem in sorted(ids, key=lambda pair: pair[0]):
            names.extend([pikepdf.String(ident), elem])
        struct_root.IDTree = pdf.make_indirect(Dictionary(Names=names))
    return Tree(struct_root, tuple(annotation_elems))


def _first_page(el: _Element) -> int | None:
    for kid in el.kids:
        if isinstance(kid, Content):
            return kid.page
        if isinstance(kid, Annotation):
            return kid.page
        if isinstance(kid, _Element):
            page = kid.page if kid.page is not None else _first_page(kid)
            if page is not None:
                return page
    return None
