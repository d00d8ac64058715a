"""A clinic's own text in another language: the same keys as the English text they translate.

A clinic file holds its English text at the top level and, under a language's code (``es:``), the
same keys again in that language, for everything the clinic writes itself that patients read:
the logo's description, hours, the names of its locations, its pricing notes and fee table, its
disclaimers, the blocks it adds to a guide (``guides.<id>.blocks``, by the ids of the blocks
its overrides add), and its own intake email (``email``: subject and message). Names,
addresses, prices, phone numbers and web addresses are the same in every language, so they may be
left out (``CARRIED``) and the English values are printed.
``handout.languages.clinic_text`` checks that nothing English is left uncovered and makes the
clinic of one language.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from handout.model.common import Id, Model, Plain, Text
from handout.model.email import Line, Message
from handout.model.guide import Block


class Translated(Model):
    """A model of translated clinic text: which of its keys may be left to the English value."""

    #: keys that say the same in every language (names, addresses, prices): English if absent
    CARRIED: ClassVar[frozenset[str]] = frozenset()


class LogoText(Translated):
    alt: Plain


class BrandText(Translated):
    logo: LogoText | None = None


class LocationText(Translated):
    CARRIED = frozenset({"address"})
    name: Plain | None = None  # "Pearl Street office": words to translate
    address: tuple[Plain, ...] = ()


class ContactText(Translated):
    hours: tuple[Plain, ...] = ()
    #: one entry per location, in the English order
    locations: tuple[LocationText, ...] = ()


class PriceItemText(Translated):
    CARRIED = frozenset({"price"})
    label: Plain
    price: Plain | None = None
    note: Plain | None = None


class PricingText(Translated):
    summary: Text | None = None
    #: one entry per fee, in the English order
    items: tuple[PriceItemText, ...] = ()
    insurance: Text | None = None
    payment_plans: Text | None = None
    sliding_scale: Text | None = None


class EmailText(Translated):
    """The intake message (``handout email``) in this language, when the clinic writes its own;
    without it the message's default words are in this language already."""

    CARRIED = frozenset({"from_name"})
    from_name: Line | None = None
    subject: Line | None = None
    body: Message | None = None


class ForGuideText(Translated):
    #: each block the clinic's overrides add to the guide, in this language, with the same id
    blocks: tuple[Block, ...] = ()
    disclaimer: Text | None = None


class ClinicText(Translated):
    """Everything a clinic writes, in one more language (see the module's docstring)."""

    CARRIED = frozenset({"name", "short_name"})
    name: Plain | None = None
    short_name: Plain | None = None
    brand: BrandText | None = None
    contact: ContactText | None = None
    pricing: PricingText | None = None
    disclaimer: Text | None = None
    guides: dict[Id, ForGuideText] = Field(default_factory=dict)
    email: EmailText | None = None
