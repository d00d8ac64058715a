"""The story of an edition → structure elements for every flowable that draws content.

Builders give flowables a ``role`` (headings H1–H3, ``Lbl`` badges, ``Figure`` pictures with
``alt``, and ``LI``, ``BlockQuote`` or ``Table`` on the tables that hold such content) and
``Builder.block`` records on each flowable the blocks it came from (``_blocks``, outermost first).
This module turns both into ``Node``s, in one walk over the story before layout:

* a block whose kind declares a ``structure`` element becomes that grouping element (sections
  ``Sect``, callouts ``Div``; see ``handout.model.guide``);
* a box (``layout.boxes``), a hanging item (``layout.hanging``) or a table with role ``LI`` is
  one list item: its ``Lbl`` (a badge, or the flowable with that role), and an ``LBody`` for the
  rest; so are consecutive flowables that share a ``list_item`` key; consecutive items of a block
  share one ``L`` (items inside an item's body, another ``L`` there), which says how its items
  are marked (``ListNumbering``: ``Decimal``, ``Disc`` or ``None``, from the first item's
  ``numbering``), so that a reader can tell steps from bullets and boxes to tick; whatever the block
  places after an item (the clinic's note on cost after the "costs" card) continues that item's
  body. The parts of an item split over pages hold the same flowables (or their parts), so the
  item stays one;
* a table with role ``Table`` is a data table: ``TR`` per row, ``TH`` (scope Column) for the
  repeated header rows, ``TD`` otherwise; other roles group the cells' content; a table without
  a role is layout only and its cells' content joins the enclosing element;
* a table with role ``TOC`` is a table of contents: a ``TOCI`` per row, whose cells (the entry
  and its page number) are read as one ``P``;
* any other box, and columns (``layout.columns``: flowables side by side), add no element, or
  one of their ``role``, around what they hold, read in order (``contents()``); a box's surface,
  the rules of columns and the cue atop a continued part are artifacts;
* a paragraph is ``P`` unless it says otherwise; a figure without alt text is decorative; a
  flowable with role ``Artifact`` (writing lines) is page furniture and gets no element.

Flowables that join the story later are marked by the same rules (``Structure.add``): pages a
``PageFiller`` generates once the guide is laid out, and what page painters draw
(``painting``). Flowables that belong together without being a block of the guide (a designed
page) are ``grouped`` into one element.

Content flowables are then re-classed to a subclass of their own class that opens and closes a
marked-content sequence around ``drawOn`` (see ``canvas``). A subclass rather than a wrapper:
ReportLab's frames and tables ask flowables for many attributes and check their classes, and a
subclass answers every one of them exactly as before, so the layout cannot change. Flowables
that draw without a structure element (spacers, rules) stay as they are and become artifacts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable, KeepInFrame, KeepTogether, Paragraph, Table

from handout.reportlab_private.flowables import kept_together, link_runs, table_cells
from handout.tagging.nodes import Node


def mark_story(story: list[Flowable]) -> Structure:
    """Give every content flowable of ``story`` its structure element."""
    structure = Structure()
    structure.add(story)
    return structure


@dataclass(frozen=True, eq=False)
class Group:
    """Flowables that belong together without being a block of the guide (one of the booklet's
    designed pages): like a block, they become one element of type ``structure``, or none."""

    structure: str | None


def grouped(flowables: list[Flowable], structure: str | None = "Sect") -> list[Flowable]:
    """Mark ``flowables`` as one group, read as one ``structure`` element (without one, the
    group only ends there: a list of its items ends with it); gives them back."""
    group = Group(structure)
    for f in flowables:
        f._blocks = (group, *getattr(f, "_blocks", ()))  # type: ignore[attr-defined]
    return flowables


@dataclass(frozen=True)
class _Item:
    """The list item a block is in: its ``L``, ``LI``, ``Lbl`` and ``LBody``, and what started it."""

    block: Any
    key: object
    list: Node
    item: Node
    label: Node  # every part labelling the item (a badge, "Benefit 1") is read as one Lbl
    body: Node


class Structure:
    """The structure elements of one edition's story, open for flowables that join it later."""

    def __init__(self) -> None:
        self.root = Node("Document", None)
        self.scopes: list[tuple[Any, Node]] = []  # open blocks, outermost first
        self.last_item: _Item | None = None
        self.inner_lists: dict[int, Node] = {}  # id of an item's LBody → the list inside it
        self.notes = 0

    def add(self, flowables: list[Flowable]) -> None:
        """Mark ``flowables``, which come next in reading order, by the story's rules."""
        for flowable in flowables:
            self.top(flowable)

    @property
    def block(self) -> Any:
        return self.scopes[-1][0] if self.scopes else None

    @property
    def scope(self) -> Node:
        return self.scopes[-1][1] if self.scopes else self.root

    def top(self, flowable: Flowable) -> None:
        self.enter(getattr(flowable, "_blocks", ()))
        self.visit(flowable, self.scope)

    def enter(self, path: tuple[Any, ...]) -> None:
        """Close the blocks the next flowable is not part of; open the new ones it is in."""
        keep = 0
        while (keep < len(self.scopes) and keep < len(path)
               and self.scopes[keep][0] is path[keep]):
            keep += 1
        del self.scopes[keep:]
        for block in path[keep:]:
            role = block.structure
            node = Node(role, self.scope) if role else self.scope
            self.scopes.append((block, node))

    def item(self, key: object, numbering: str | None = None) -> _Item:
        """The list item ``key`` of the current block, started when first met; a new list's
        items are marked as ``numbering`` says."""
        last = self.last_item
        if last is not None and last.block is self.block and last.key is key:
            return last
        same_list = last is not None and last.block is self.block
        lst = last.list if same_list and last is not None else _list(self.scope, numbering)
        item = Node("LI", lst)
        self.last_item = _Item(self.block, key, lst, item, Node("Lbl", item), Node("LBody", item))
        return self.last_item

    def visit(self, flowable: Any, parent: Node) -> None:
        if isinstance(flowable, (KeepTogether, KeepInFrame)):
            for child in kept_together(flowable):
                self.visit(child, parent)
            return
        role = getattr(flowable, "role", None)
        key = getattr(flowable, "list_item", None)  # a card drawn as loose flowables
        boxed = getattr(flowable, "contents", None)  # a box, split or not, or columns
        if role == "LI":  # one list item: a card's box or table, or an item with a hanging label
            numbering = getattr(flowable, "numbering", None)
            item = (self.nested_item(parent, numbering) if parent.role == "LBody"
                    else self.item(flowable, numbering))
            for child in _contents(flowable):
                self.part(child, item)
            return
        if key is not None:
            self.part(flowable, self.item(key))
            return
        last = self.last_item
        if last is not None and last.block is self.block and parent is self.scope:
            parent = last.body  # placed after an item, in the same block: part of the item
        if boxed is not None:  # its surface is an artifact; what it holds joins ``parent``
            group = Node(role, parent) if role else parent
            for child in boxed():
                self.visit(child, group)
            return
        self.content(flowable, parent, role)

    def nested_item(self, body: Node, numbering: str | None = None) -> _Item:
        """An item of a list inside another list item's body: the inner items share an ``L``."""
        lst = self.inner_lists.get(id(body))
        if lst is None:
            lst = self.inner_lists[id(body)] = _list(body, numbering)
        item = Node("LI", lst)
        return _Item(None, None, lst, item, Node("Lbl", item), Node("LBody", item))

    def part(self, flowable: Any, item: _Item) -> None:
        """Part of a list item: its label, or something in its body."""
        role = getattr(flowable, "role", None)
        if role == "Lbl":
            tag(flowable, item.label)
        elif getattr(flowable, "list_item", None) is not None:
            self.content(flowable, item.body, role)  # already placed in its item
        else:
            self.visit(flowable, item.body)

    def content(self, flowable: Any, parent: Node, role: str | None) -> None:
        if role == "Artifact":
            return  # page furniture: drawn unmarked, it becomes an artifact
        if isinstance(flowable, Table):
            self.table(flowable, parent, role)
        elif role == "Figure":
            alt = getattr(flowable, "alt", "")
            if alt:  # no alt text: a decorative picture (the model requires one otherwise)
                tag(flowable, Node("Figure", parent, alt=alt))
        elif role == "Note":
            self.notes += 1
            tag(flowable, Node("Note", parent, ident=f"note-{self.notes}"))
        elif role is not None:
            tag(flowable, Node(role, parent, lang=getattr(flowable, "lang", None),
                               actual=getattr(flowable, "actual_text", None)))
        elif isinstance(flowable, Paragraph):
            tag(flowable, Node("P", parent, lang=getattr(flowable, "lang", None)))

    def table(self, table: Table, parent: Node, role: str | None) -> None:
        if role == "TOC":
            toc = Node("TOC", parent)
            for row in table_cells(table):
                entry = Node("P", Node("TOCI", toc))
                for flowable in _flowables(row):
                    tag(flowable, entry)
            return
        if role != "Table":
            group = Node(role, parent) if role else parent
            for cell in _cells(table):
                for flowable in _flowables(cell):
                    self.visit(flowable, group)
            return
        node = Node("Table", parent)
        repeated = getattr(table, "repeatRows", 0) or 0  # a count, or the rows' indices
        header_rows = set(repeated) if isinstance(repeated, (tuple, list)) else set(range(repeated))
        for r, row in enumerate(table_cells(table)):
            tr = Node("TR", node)
            for value in row:
                cell = (Node("TH", tr, attributes=(("O", "Table"), ("Scope", "Column")))
                        if r in header_rows else Node("TD", tr))
                for flowable in _flowables(value):
                    self.visit(flowable, cell)


def _list(parent: Node, numbering: str | None) -> Node:
    """An ``L`` whose items are marked as ``numbering`` says (a ListNumbering of PDF 1.7,
    14.8.5.5), or an ``L`` that does not say."""
    if numbering is None:
        return Node("L", parent)
    return Node("L", parent, attributes=(("O", "List"), ("ListNumbering", numbering)))


def _contents(flowable: Any) -> Iterable[Any]:
    """What one list item holds: the flowables of a card's table cells, or of an item that
    gives them itself (``contents()``, as ``layout.hanging.Hanging`` does)."""
    if hasattr(flowable, "contents"):
        yield from flowable.contents()
        return
    for cell in _cells(flowable):
        yield from _flowables(cell)


def _cells(table: Table) -> Iterable[Any]:
    for row in table_cells(table):
        yield from row


def _flowables(value: Any) -> Iterable[Any]:
    """The flowables of one table cell (a flowable, a list of them, or a plain string)."""
    if isinstance(value, (list, tuple)):
        for v in value:
            yield from _flowables(v)
    elif isinstance(value, Flowable):
        yield value


# -- marking flowables ---------------------------------------------------------------------------


class _Tagged:
    """Mixed in before a flowable's own class: marks what it draws as one element's content."""

    _struct_node: Node
    _struct_links: dict[str, str]

    def drawOn(self, canvas, x, y, *args, **kwargs):  # noqa: N802 - ReportLab's name
        marked = getattr(canvas, "marked", None)
        if marked is None:  # drawn on a plain canvas: nothing to mark
            return super().drawOn(canvas, x, y, *args, **kwargs)  # type: ignore[misc]
        with marked(self._struct_node, self):
            return super().drawOn(canvas, x, y, *args, **kwargs)  # type: ignore[misc]

    def split(self, available_width, available_height):
        # The parts of a paragraph split across pages are one element: same node, two MCRs.
        parts = super().split(available_width, available_height)  # type: ignore[misc]
        for part in parts:
            tag(part, self._struct_node, self._struct_links)
        return parts


_TAGGED: dict[type, type] = {}  # one tagged subclass per flowable class, made when first needed


def _tagged_class(cls: type) -> type:
    if issubclass(cls, _Tagged):
        return cls
    if cls not in _TAGGED:
        _TAGGED[cls] = type(f"Tagged{cls.__name__}", (_Tagged, cls), {"__module__": __name__})
    return _TAGGED[cls]


def tag(flowable: Flowable, node: Node, links: dict[str, str] | None = None) -> None:
    """Make ``flowable`` draw its content as part of ``node``."""
    flowable.__class__ = _tagged_class(type(flowable))
    flowable._struct_node = node  # type: ignore[attr-defined]
    flowable._struct_links = _link_words(flowable) if links is None else links  # type: ignore[attr-defined]


def link_words(flowable: object, href: str) -> str:
    """The words a tagged flowable shows for its link to ``href`` ("" if none)."""
    return getattr(flowable, "_struct_links", {}).get(href, "")


def _link_words(flowable: Flowable) -> dict[str, str]:
    """href → the words of a paragraph's link, read before layout regroups the fragments."""
    words: dict[str, str] = {}
    for href, text in link_runs(flowable):
        words[href] = words.get(href, "") + text
    return {href: " ".join(text.split()) for href, text in words.items()}


def node_of(flowable: object) -> Node | None:
    """The structure element ``flowable`` draws content for (None: it draws artifacts)."""
    return getattr(flowable, "_struct_node", None)
