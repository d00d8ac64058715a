"""The clinic model: identity, brand, contact and pricing, for every guide; per guide, the
patches (overrides) on its blocks and text that belongs to that guide only (``guides:``); and the
intake email (``model.email``)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from handout.model.assistance import LanguageAssistance
from handout.model.clinic_text import ClinicText
from handout.model.common import Colour, Email, File, Id, Model, Phone, Plain, Text, Url, tel_link
from handout.model.email import IntakeEmail
from handout.model.guide import Block


class Logo(Model):
    file: File  # relative to the project root; PNG, JPEG or SVG
    alt: Plain  # what a screen reader says instead of the picture


class Brand(Model):
    primary: Colour
    accent: Colour | None = None
    logo: Logo | None = None


class Location(Model):
    name: Plain | None = None
    address: tuple[Plain, ...] = Field(min_length=1)
    phone: Phone | None = None


class Contact(Model):
    phone: Phone
    email: Email | None = None
    website: Url | None = None
    booking: Url | None = None
    hours: tuple[Plain, ...] = ()
    locations: tuple[Location, ...] = ()


class PriceItem(Model):
    label: Plain
    price: Plain
    note: Plain | None = None


class Pricing(Model):
    summary: Text | None = None
    items: tuple[PriceItem, ...] = ()
    insurance: Text | None = None
    payment_plans: Text | None = None
    sliding_scale: Text | None = None


class Replace(Model):
    op: Literal["replace"]
    id: Id
    block: Block


class Append(Model):
    op: Literal["append"]
    after: Id | None = None  # None: at the end of the guide
    block: Block


class Remove(Model):
    op: Literal["remove"]
    id: Id


Override = Annotated[Replace | Append | Remove, Field(discriminator="op")]


class ForGuide(Model):
    """What a clinic says about one guide only: changes to its blocks, and its own disclaimer."""

    overrides: tuple[Override, ...] = ()
    disclaimer: Text | None = None  # printed after the clinic's disclaimer for every guide


class Clinic(Model):
    name: Plain
    short_name: Plain | None = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = "en"
    paper: Literal["letter", "a4"] = "letter"
    brand: Brand
    contact: Contact
    pricing: Pricing | None = None
    disclaimer: Text | None = None  # for every guide
    #: guide id → what the clinic says about that guide only
    guides: dict[Id, ForGuide] = Field(default_factory=dict)
    email: IntakeEmail = IntakeEmail()  # the intake message of ``handout email``
    #: the notice of free language help, in English and the patients' languages
    language_assistance: LanguageAssistance | None = None
    #: the clinic's text in Spanish, for the Spanish editions (``handout.model.clinic_text``)
    es: ClinicText | None = None

    def text_in(self, language: str) -> ClinicText | None:
        """The clinic's own text in ``language`` (not English), if it gives any."""
        return getattr(self, language, None) if language in TRANSLATED else None

    def for_guide(self, guide_id: str) -> ForGuide:
        return self.guides.get(guide_id, _NOTHING)

    def new_blocks(self, guide_id: str | None = None
                   ) -> list[tuple[tuple[str | int, ...], Block]]:
        """The blocks the clinic adds or puts in place of a guide's (of one guide, or of all),
        each with its key path in the clinic file."""
        out: list[tuple[tuple[str | int, ...], Block]] = []
        for gid, content in self.guides.items():
            if guide_id is None or gid == guide_id:
                out += [(("guides", gid, "overrides", i, "block"), op.block)
                        for i, op in enumerate(content.overrides)
                        if isinstance(op, (Replace, Append))]
        return out

    def disclaimers(self, guide_id: str) -> list[tuple[tuple[str | int, ...], str]]:
        """The disclaimers printed with a guide (the clinic's own for every guide, then the one
        for this guide), with their key paths."""
        return [(path, text) for path, text in (
            (("disclaimer",), self.disclaimer),
            (("guides", guide_id, "disclaimer"), self.for_guide(guide_id).disclaimer)) if text]

    @property
    def display_short(self) -> str:
        return self.short_name or self.name

    @property
    def footer(self) -> str:
        """The running footer's right-hand text, on one line: the canvas draws a line break in
        a name as a missing glyph, not as a break."""
        return f"{' '.join(self.display_short.split())}  ·  {' '.join(self.contact.phone.split())}"

    def fields(self) -> dict[str, tuple[str, str | None]]:
        """The value (text, link) of every placeholder in ``handout.inline.PLACEHOLDERS``."""
        c = self.contact
        booking = c.booking or c.website
        return {
            "clinic.name": (self.name, None),
            "clinic.short_name": (self.display_short, None),
            "clinic.phone": (c.phone, tel_link(c.phone)),
            "clinic.email": (c.email or c.phone, f"mailto:{c.email}" if c.email else tel_link(c.phone)),
            "clinic.website": (bare_url(c.website) if c.website else c.phone,
                               c.website or tel_link(c.phone)),
            "clinic.booking": (bare_url(booking) if booking else c.phone, booking or tel_link(c.phone)),
        }


_NOTHING = ForGuide()

#: The languages a clinic may give its own text in, besides English: each is a key of ``Clinic``
#: (a ``ClinicText``) and a language of the word catalog (``handout.catalog``).
TRANSLATED = ("es",)


def bare_url(url: str) -> str:
    """``https://www.example.org/`` → ``www.example.org``: how a web address is printed."""
    return url.split("://", 1)[1].rstrip("/")
