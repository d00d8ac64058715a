"""The guide model: metadata plus an ordered tree of blocks, each with a stable id and a kind.

Adding a kind of block means one class here (added to ``Block``) and one builder in
``handout.layout.blocks``; nothing else changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from handout.model.common import Id, Model, Plain, Text, Url


class Source(Model):
    id: Id
    label: Plain  # the short form a reader recognises: "BMJ, 2022"
    citation: Plain  # the entry in the reference list
    url: Url | None = None


class _Block(Model):
    id: Id


class Paragraph(_Block):
    kind: Literal["paragraph"]
    text: Text


class Quote(_Block):
    kind: Literal["quote"]
    text: Text
    attribution: Plain | None = None


class Callout(_Block):
    kind: Literal["callout"]
    title: Plain | None = None
    text: Text


class Figure(_Block):
    kind: Literal["figure"]
    asset: Plain
    alt: Plain | None = None
    decorative: bool = False
    caption: Text | None = None


class Item(Model):
    id: Id
    title: Text
    body: Text
    sources: tuple[Id, ...] = ()
    pricing: Literal["after"] | None = None


class Items(_Block):
    kind: Literal["items"]
    heading: Plain
    intro: Text | None = None
    item_label: Plain
    items: tuple[Item, ...] = Field(min_length=1)


class Entry(Model):
    id: Id
    question: Plain
    answer: Text
    pricing: Literal["after"] | None = None


class Faq(_Block):
    kind: Literal["faq"]
    kicker: Plain | None = None
    heading: Plain
    entries: tuple[Entry, ...] = Field(min_length=1)


class ClinicPanel(_Block):
    kind: Literal["clinic-panel"]


class Sources(_Block):
    kind: Literal["sources"]
    heading: Plain


class Section(_Block):
    kind: Literal["section"]
    kicker: Plain | None = None
    heading: Plain
    blocks: tuple[Block, ...] = ()


Block = Annotated[
    Paragraph | Quote | Callout | Figure | Items | Faq | ClinicPanel | Sources | Section,
    Field(discriminator="kind"),
]
Section.model_rebuild()

BLOCK_KINDS = ("paragraph", "quote", "callout", "figure", "items", "faq", "clinic-panel",
               "sources", "section")


class Guide(Model):
    id: Id
    language: Annotated[str, Field(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = "en"
    title: Plain
    subtitle: Plain | None = None
    summary: Plain | None = None
    keywords: tuple[Plain, ...] = ()
    version: Plain
    reviewed: dt.date
    next_review: dt.date | None = None
    sources: tuple[Source, ...] = ()
    blocks: tuple[Block, ...] = Field(min_length=1)


def walk(blocks: tuple[Block, ...], path: tuple[str | int, ...] = ("blocks",)):
    """Every block in reading order with its key path, sections before their children."""
    for i, block in enumerate(blocks):
        yield path + (i,), block
        if isinstance(block, Section):
            yield from walk(block.blocks, path + (i, "blocks"))


def block_texts(block: Block, path: tuple[str | int, ...]):
    """Every text of ``block`` that takes inline markup, with its key path, children included."""
    for key in ("text", "caption", "intro"):
        value = getattr(block, key, None)
        if value:
            yield path + (key,), value
    if isinstance(block, Items):
        for i, item in enumerate(block.items):
            yield path + ("items", i, "title"), item.title
            yield path + ("items", i, "body"), item.body
    if isinstance(block, Faq):
        for i, entry in enumerate(block.entries):
            yield path + ("entries", i, "answer"), entry.answer
    if isinstance(block, Section):
        for i, child in enumerate(block.blocks):
            yield from block_texts(child, path + ("blocks", i))
