"""Structure elements as typed, frozen data: what a piece of content *is* for a reader.

A ``Node`` names its standard structure type (PDF 1.7, 14.8.4) and its parent; the children of
a node are not stored here but follow from the order in which content is drawn, so that the
tree's reading order is the visual order by construction. Nodes compare by identity: two
paragraphs with the same words are still two elements.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Structure types whose content is the picture's description, not the drawn marks.
ALT_ROLES = frozenset({"Figure"})


@dataclass(frozen=True, eq=False)
class Node:
    """One structure element. ``attributes`` become its ``/A`` dictionary (owner first)."""

    role: str
    parent: Node | None
    alt: str | None = None
    ident: str | None = None  # the element's /ID (notes, so citations can point at them)
    attributes: tuple[tuple[str, str], ...] = ()
    lang: str | None = None  # the element's /Lang, where it differs from the document's
    #: the element's /ActualText: its text in reading order, where its glyphs are drawn in
    #: another (a right-to-left tagline's runs, in visual order)
    actual: str | None = None

    def __post_init__(self) -> None:
        if self.role in ALT_ROLES and not self.alt:
            raise ValueError(f"a {self.role} needs alternative text")

    def ancestors(self) -> tuple[Node, ...]:
        """From the root down to this node, inclusive."""
        chain: list[Node] = []
        node: Node | None = self
        while node is not None:
            chain.append(node)
            node = node.parent
        return tuple(reversed(chain))
