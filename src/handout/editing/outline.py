"""A guide's blocks as a tree, for ``handout list``: the ids a clinic's overrides name.

Takes a ``Guide``; gives ``Line``s: every block in reading order, indented under its section, and
the parts inside a block that have ids of their own (numbered cards, questions), each with its
kind and the first words of its heading or text. Blocks are read through ``model.parts``, so a
new kind of block is listed without a change here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel

from handout import inline
from handout.model.common import Part
from handout.model.guide import Guide
from handout.model.parts import heading, inner_ids, pieces, walk

#: How much of a heading or text a line shows.
WORDS = 60


@dataclass(frozen=True)
class Line:
    depth: int  # 0 for a top-level block
    id: str
    kind: str  # the block's kind, or what an inner part is (``item``, ``entry``)
    words: str  # the first words of its heading or text


def outline(guide: Guide) -> list[Line]:
    lines = []
    for path, block in walk(guide.blocks):
        depth = sum(1 for key in path if key == "blocks") - 1
        lines.append(Line(depth, block.id, block.kind, _words(block)))
        for where, inner_id in inner_ids(block, path):
            inner: BaseModel = block
            for key in where[len(path):-1]:  # ("items", 0): the card the id belongs to
                inner = getattr(inner, key) if isinstance(key, str) else inner[key]  # type: ignore
            lines.append(Line(depth + 1, inner_id, type(inner).__name__.lower(), _words(inner)))
    return lines


def render(lines: list[Line], indent: str = "  ") -> list[str]:
    """The lines as a table: id (indented by depth), kind, first words."""
    width = max((len(indent * (line.depth + 1) + line.id) for line in lines), default=0)
    kind = max((len(line.kind) for line in lines), default=0)
    return [f"{(indent * (line.depth + 1) + line.id).ljust(width)}  {line.kind.ljust(kind)}  "
            f"{line.words}".rstrip() for line in lines]


def _words(model: BaseModel) -> str:
    text = heading(model) if hasattr(model, "heading") else None  # type: ignore[arg-type]
    if text is None:
        for piece in pieces(model, ()):  # type: ignore[arg-type]
            if piece.part is Part.MARKUP:
                text = inline.plain(inline.parse(piece.value))  # type: ignore[arg-type]
            elif piece.part is Part.PLAIN:
                text = piece.value  # type: ignore[assignment]
            if text:
                break
    text = re.sub(r"\s+([,.;:])", r"\1", " ".join((text or "").split()))  # where a [@cite] was
    return text if len(text) <= WORDS else text[:WORDS - 1].rsplit(" ", 1)[0] + " …"
