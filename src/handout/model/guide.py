"""The guide model: metadata plus an ordered tree of blocks, each with a stable id and a kind.

A kind of block is one class here, a subclass of ``BlockModel`` with a ``kind`` literal, and one
builder in ``handout.layout.blocks``; nothing else changes. Everything else that reads blocks —
overrides, citations, checks, reading grades, pictures, the structure tree — reads them through
``handout.model.parts``, which finds a block's texts, pictures, cited sources, inner ids and child
blocks from the types of its fields (``Text``, ``Plain``, ``File``, ``SourceIds``, nested models,
``tuple[Block, ...]``), in the order the fields are declared: declare them in reading order.
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Annotated, ClassVar, Literal, Union

from pydantic import Field, model_validator

from handout.model.common import File, Id, Model, Part, Plain, Text, Url

#: Ids of sources, cited by the block that lists them (the numbered cards' "Source:" line).
SourceIds = Annotated[tuple[Id, ...], Part.CITES]


class Source(Model):
    id: Id
    label: Plain  # the short form a reader recognises: "BMJ, 2022"
    citation: Plain  # the entry in the reference list
    url: Url | None = None


class BlockModel(Model):
    """What every kind of block shares: an id, and how it appears in the structure tree."""

    #: every kind of block, in the order the classes are declared (for messages and the union)
    KINDS: ClassVar[dict[str, type[BlockModel]]] = {}
    #: the kind's name, as written in YAML (``kind: items``)
    KIND: ClassVar[str]
    #: the structure element that groups the block's content for screen readers (``Sect`` for a
    #: part of the guide with its own heading, ``Div`` for a box), or None to add no group
    structure: ClassVar[str | None] = None
    #: the block's content comes from the clinic or the source list, not from the guide's prose:
    #: it has no reading grade of its own and no line in the booklet's contents
    generated: ClassVar[bool] = False

    id: Id
    if typing.TYPE_CHECKING:
        kind: str  # each kind declares it as a literal

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        kind = cls.model_fields.get("kind")
        if kind is not None:  # a kind of block (not an intermediate base class)
            (cls.KIND,) = typing.get_args(kind.annotation)
            BlockModel.KINDS[cls.KIND] = cls


class Paragraph(BlockModel):
    kind: Literal["paragraph"]
    text: Text


class Quote(BlockModel):
    kind: Literal["quote"]
    text: Text
    attribution: Plain | None = None


class Callout(BlockModel):
    structure = "Div"
    kind: Literal["callout"]
    #: how loud the box is: ``urgent`` prints a warning sign and the word "Urgent" (never
    #: colour alone, so it reads the same in black and white), ``important`` the word
    level: Literal["note", "important", "urgent"] = "note"
    title: Plain | None = None
    text: Text


class Point(Model):
    """One bullet of a list, with bullets of its own one level down."""

    text: Text
    items: tuple[Text, ...] = ()


class BulletList(BlockModel):
    kind: Literal["list"]
    intro: Text | None = None
    #: a bullet is text, or ``{text, items}`` for one nested level
    items: tuple[Point | Text, ...] = Field(min_length=1)


class Step(Model):
    title: Plain
    text: Text | None = None


class Steps(BlockModel):
    kind: Literal["steps"]
    intro: Text | None = None
    #: numbered 1, 2, 3: each step is text, or ``{title, text}``
    items: tuple[Step | Text, ...] = Field(min_length=1)


class Checklist(BlockModel):
    kind: Literal["checklist"]
    intro: Text | None = None
    #: each printed with an empty box to tick by hand
    items: tuple[Text, ...] = Field(min_length=1)


class DataTable(BlockModel):
    kind: Literal["table"]
    caption: Plain
    columns: tuple[Plain, ...] = Field(min_length=1)  # the header cells
    rows: tuple[tuple[Text, ...], ...] = Field(min_length=1)  # cells take inline markup

    @model_validator(mode="after")
    def _rows_fit_columns(self) -> DataTable:
        for i, row in enumerate(self.rows, 1):
            if len(row) != len(self.columns):
                raise ValueError(f"rows of {len(self.columns)} cells (one for each of "
                                 f"'columns'), got row {i} with {len(row)}")
        return self


class Figure(BlockModel):
    kind: Literal["figure"]
    asset: File
    alt: Plain | None = None
    decorative: bool = False
    caption: Text | None = None


class Item(Model):
    id: Id
    title: Text
    body: Text
    sources: SourceIds = ()
    pricing: Literal["after"] | None = None


class Items(BlockModel):
    structure = "Sect"
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


class Faq(BlockModel):
    structure = "Sect"
    kind: Literal["faq"]
    kicker: Plain | None = None
    heading: Plain
    entries: tuple[Entry, ...] = Field(min_length=1)


class ClinicPanel(BlockModel):
    structure = "Sect"
    generated = True
    kind: Literal["clinic-panel"]


class Sources(BlockModel):
    structure = "Sect"
    generated = True
    kind: Literal["sources"]
    heading: Plain


class Section(BlockModel):
    structure = "Sect"
    kind: Literal["section"]
    kicker: Plain | None = None
    heading: Plain
    blocks: tuple[Block, ...] = ()


#: Any kind of block, told apart by its ``kind`` key. (Type checkers, which cannot read a union
#: made at run time, see every block as a ``BlockModel``.)
if typing.TYPE_CHECKING:
    Block = BlockModel
else:
    Block = Annotated[Union[tuple(BlockModel.KINDS.values())],  # noqa: UP007  (built from a tuple)
                      Field(discriminator="kind")]
for _kind in BlockModel.KINDS.values():
    _kind.model_rebuild()

#: The kinds' names, as written in YAML.
BLOCK_KINDS = tuple(BlockModel.KINDS)


class Translation(Model):
    """Who made a translation of a guide, and who checked it. Section 1557 of the ACA
    (45 CFR 92.201) asks that a qualified human translator review a machine translation:
    ``handout check`` warns while ``reviewed_by`` is empty."""

    translator: Plain  # a person, an agency, or what made a machine draft
    reviewed_by: Plain | None = None  # the qualified translator who reviewed it
    date: dt.date


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
    #: Whether the clinic's fees belong in this guide: the fee table of its clinic panel, and the
    #: notes on paying on the booklet's back cover. A guide about something the clinic does not
    #: charge for (warning signs, where to find help) says ``fees: false``.
    fees: bool = True
    #: Example questions for the booklet's "Questions for my provider" page, in place of the
    #: general ones about a treatment.
    questions: tuple[Plain, ...] = ()
    blocks: tuple[Block, ...] = Field(min_length=1)
    #: only in a translation (``<id>.<language>.yaml``): who translated it and who reviewed it
    translation: Translation | None = None
