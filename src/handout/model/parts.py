"""Every kind of block read alike: its texts, pictures, cited sources, inner ids and children.

What a block holds is found from the types of its fields (``Part`` markers on ``Text``, ``Plain``,
``File`` and ``SourceIds``; nested models; ``tuple[Block, ...]`` for child blocks), in the order
the fields are declared, which is reading order. Overrides, citation numbering, checks, reading
grades, picture checks and the booklet's contents all read blocks through this module, so a new
kind of block is known to all of them as soon as its class exists.

Takes blocks (and key paths to report problems at); gives ``Piece``s, blocks and ids.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel

from handout import inline
from handout.model.common import Part
from handout.model.guide import Block, BlockModel

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Piece:
    """One value of a block that is text, a file or citations, with its key path."""

    path: KeyPath
    part: Part
    value: str | tuple[str, ...]


def walk(blocks: Iterable[Block], path: KeyPath = ("blocks",)) -> Iterator[tuple[KeyPath, Block]]:
    """Every block in reading order with its key path, a block before its children."""
    for i, block in enumerate(blocks):
        yield from tree(block, path + (i,))


def tree(block: Block, path: KeyPath) -> Iterator[tuple[KeyPath, Block]]:
    """``block`` at ``path``, then its children and theirs, in reading order."""
    yield path, block
    key = children_key(type(block))
    if key is not None:
        yield from walk(getattr(block, key), path + (key,))


def pieces(block: Block, path: KeyPath, children: bool = False) -> tuple[Piece, ...]:
    """The block's texts, files and citations in reading order; its children's too if asked.

    Found once per block and key path in a process (a block never changes): every clinic's
    edition of a guide reads the same blocks, for citations, pictures and where texts come from.
    """
    key = (id(block), path, children)
    hit = _read.get(key)
    if hit is not None and hit[0] is block:
        return hit[1]
    found = tuple(_pieces(block, path, children))
    _read[key] = (block, found)  # the block is held, so its id stays its own
    if len(_read) > READ_MAX:
        _read.pop(next(iter(_read)))
    return found


#: Blocks read by ``pieces`` kept: a few guides' worth, so memory stays flat in a long batch.
READ_MAX = 4096
_read: dict[tuple[int, KeyPath, bool], tuple[BaseModel, tuple[Piece, ...]]] = {}


def texts(block: Block, path: KeyPath) -> list[tuple[KeyPath, str]]:
    """Every text of ``block`` that takes inline markup, with its key path, children included."""
    return [(p.path, p.value) for p in pieces(block, path, children=True)  # type: ignore[misc]
            if p.part is Part.MARKUP]


def words(block: Block) -> list[str]:
    """What a reader reads in ``block`` and its children, as plain text (markup removed)."""
    out = []
    for p in pieces(block, (), children=True):
        if p.part is Part.MARKUP:
            out.append(inline.plain(inline.parse(p.value)))  # type: ignore[arg-type]
        elif p.part is Part.PLAIN:
            out.append(p.value)  # type: ignore[arg-type]
    return out  # type: ignore[return-value]


def citations(block: Block, path: KeyPath, children: bool = False
              ) -> Iterator[tuple[KeyPath, str]]:
    """Every source id ``block`` cites, in reading order: ``[@id]`` in its texts and its lists
    of source ids, each with the key path it is written at."""
    for p in pieces(block, path, children):
        if p.part is Part.MARKUP:
            for span in inline.parse(p.value):  # type: ignore[arg-type]
                if span.cite:
                    yield p.path, span.cite
        elif p.part is Part.CITES:
            for j, source_id in enumerate(p.value):
                yield p.path + (j,), source_id


def files(block: Block, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    """The files (pictures) ``block`` itself names, with their key paths."""
    for p in pieces(block, path):
        if p.part is Part.FILE:
            yield p.path, p.value  # type: ignore[misc]


def inner_ids(block: Block, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    """Ids of the parts inside ``block`` that are not blocks (numbered cards, questions)."""
    for name, value in _fields(block):
        for i, inner in enumerate(value if isinstance(value, tuple) else (value,)):
            if isinstance(inner, BaseModel) and not isinstance(inner, BlockModel):
                where = path + ((name, i) if isinstance(value, tuple) else (name,))
                if "id" in type(inner).model_fields:
                    yield where + ("id",), inner.id  # type: ignore[attr-defined]


def children(block: Block) -> tuple[Block, ...]:
    key = children_key(type(block))
    return getattr(block, key) if key else ()


def with_children(block: Block, blocks: tuple[Block, ...]) -> Block:
    key = children_key(type(block))
    assert key is not None, f"a {block.kind} block has no child blocks"
    return block.model_copy(update={key: blocks})


def heading(block: Block) -> str | None:
    """The heading a block prints above its content, if it has one."""
    return getattr(block, "heading", None)


@cache
def children_key(kind: type[BaseModel]) -> str | None:
    """The field of ``kind`` that holds child blocks, if any."""
    for name, field in kind.model_fields.items():
        if any(isinstance(t, type) and issubclass(t, BlockModel) for t in _types(field.annotation)):
            return name
    return None


@cache
def _markers(kind: type[BaseModel]) -> dict[str, Part | None]:
    """Field name → the ``Part`` its type is marked with (None for other fields)."""
    out: dict[str, Part | None] = {}
    for name, field in kind.model_fields.items():
        marks = [m for m in field.metadata if isinstance(m, Part)]
        marks += [m for t in _annotated(field.annotation) for m in t if isinstance(m, Part)]
        out[name] = marks[0] if marks else None
    return out


def _pieces(model: BaseModel, path: KeyPath, children: bool) -> Iterator[Piece]:
    marks = _markers(type(model))
    for name, value in _fields(model):
        part = marks[name]
        if part is Part.CITES:  # a list of ids is one piece
            yield Piece(path + (name,), part, value)
        else:
            yield from _values(value, path + (name,), part, children)


def _values(value: typing.Any, where: KeyPath, part: Part | None, children: bool
            ) -> Iterator[Piece]:
    """The pieces of one field's value: a text, a model, or a list (of lists) of them."""
    if isinstance(value, str):
        if part is not None:
            yield Piece(where, part, value)
    elif isinstance(value, tuple):
        for i, inner in enumerate(value):
            yield from _values(inner, where + (i,), part, children)
    elif isinstance(value, BlockModel):
        if children:
            yield from _pieces(value, where, children)
    elif isinstance(value, BaseModel):
        yield from _pieces(value, where, children)


def _fields(model: BaseModel) -> Iterator[tuple[str, typing.Any]]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        if value is not None and value != ():
            yield name, value


def _types(annotation: typing.Any) -> Iterator[typing.Any]:
    """``annotation`` and every type inside it (union members, tuple items, Annotated)."""
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _types(arg)


def _annotated(annotation: typing.Any) -> Iterator[tuple[typing.Any, ...]]:
    """The metadata of every ``Annotated`` inside ``annotation`` (e.g. ``Text | None``)."""
    for t in _types(annotation):
        if typing.get_origin(t) is typing.Annotated:
            yield t.__metadata__
