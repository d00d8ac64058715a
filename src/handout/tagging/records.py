"""What drawing records for the structure tree: marked content, link annotations, and ``Marks``.

The tagging canvas makes them as it draws (``canvas``); the structure tree is written from them
(``tree``) as the canvas saves (``document``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handout.tagging.nodes import Node


@dataclass(frozen=True)
class Content:
    """A marked-content sequence: MCID ``mcid`` on page ``page`` (0-based) belongs to ``node``."""

    node: Node
    page: int
    mcid: int


@dataclass(frozen=True)
class Annotation:
    """The ``index``-th annotation of page ``page``: a link to ``target`` drawn within ``node``."""

    node: Node | None
    page: int
    index: int
    target: str
    label: str
    internal: bool  # a jump inside the document (a citation), not a URI


@dataclass
class Marks:
    """What the last build pass drew, in drawing order: the input of the structure tree."""

    records: list[Content | Annotation] = field(default_factory=list)
