"""Field types shared by the guide and clinic models, each with the message a user sees."""

from __future__ import annotations

import enum
import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, WithJsonSchema

from handout import inline


class Model(BaseModel):
    """Frozen, strict about unknown keys: a misspelt key is an error, never silently ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Part(enum.Enum):
    """What a string field of a model holds, so that code reading every kind of block alike
    (``handout.model.parts``) finds each block's texts, pictures and citations from the types of
    its fields, with no list of kinds to keep up to date."""

    MARKUP = "markup"  # printed, with inline markup: may cite sources and hold placeholders
    PLAIN = "plain"  # printed exactly as written
    FILE = "file"  # a picture or other file of the project, never printed
    CITES = "cites"  # the ids of sources the block cites


def _visible(value: str) -> str:
    # text pasted from the web can hold nothing but zero-width spaces and direction marks: it
    # would pass as "some text" and print as nothing
    if not any(c.isprintable() and not c.isspace() for c in value):
        raise ValueError(f"some visible text, got only invisible characters "
                         f"({', '.join(f'U+{ord(c):04X}' for c in value[:5])})")
    return value


def _text(value: str) -> str:
    _visible(value)
    try:
        inline.parse(value)
    except inline.InlineError as exc:
        raise ValueError(str(exc)) from None
    return value


def _plain(value: str) -> str:
    if any(ord(c) < 32 and c not in "\n\t" for c in value):
        raise ValueError("text without control characters")
    return _visible(value)


#: Text with inline markup (bold, italic, links, citations, placeholders).
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000), AfterValidator(_text),
                 WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 20_000,
                                 "description": "Text; may use **bold**, *italic*, "
                                 "[label](https://…), "
                                 "[@source-id] and placeholders such as {clinic.phone}"}),
                 Part.MARKUP]
#: Text printed exactly as written (names, addresses, prices).
Plain = Annotated[str, StringConstraints(min_length=1, max_length=2_000), AfterValidator(_plain),
                  WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 2_000,
                                  "description": "Text printed exactly as written"}),
                  Part.PLAIN]
#: A file of the project, named by its path from the project folder (checked by ``resolve``).
File = Annotated[str, StringConstraints(min_length=1, max_length=2_000), AfterValidator(_plain),
                 WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 2_000,
                                 "description": "A file of the project, like assets/logo.svg"}),
                 Part.FILE]

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(f"an id of lowercase letters, digits and single hyphens "
                         f"(like 'costs-risk'), got {value!r}")
    return value


Id = Annotated[str, AfterValidator(_id),
               WithJsonSchema({"type": "string", "pattern": _ID.pattern, "description":
                               "An id: lowercase letters, digits and single hyphens"})]

_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")


def _colour(value: str) -> str:
    if not _HEX.match(value):
        raise ValueError(f"a colour as #RRGGBB (like \"#1D5B79\"), got {value!r}")
    return value.upper()


Colour = Annotated[str, AfterValidator(_colour),
                   WithJsonSchema({"type": "string", "pattern": _HEX.pattern,
                                   "description": "A colour as #RRGGBB"})]


_URL_CHARS = re.compile(r"^[^\s\"'<>\\^`{|}]+$")


#: Longest web address accepted: it is printed in full and encoded in the QR code.
MAX_URL = 300


def _url(value: str) -> str:
    if len(value) > MAX_URL:
        raise ValueError(f"a web address of at most {MAX_URL} characters (link to a shorter "
                         f"page address), got one of {len(value)} characters")
    host = value.split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0]
    if not value.startswith(("https://", "http://")) or not _URL_CHARS.match(value) or \
            "." not in host or host.startswith(".") or host.endswith("."):
        raise ValueError(f"a web address starting with https:// (like "
                         f"\"https://clinic.example\"), got {value!r}")
    return value


Url = Annotated[str, AfterValidator(_url),
                WithJsonSchema({"type": "string", "pattern": "^https?://\\S*\\.\\S*$",
                                "maxLength": MAX_URL,
                                "description": "A web address starting with https://"})]

# No escape that only Python's regular expressions allow (such as \"): the pattern goes into the
# JSON Schema, whose patterns are ECMA-262 regular expressions (editors, check-jsonschema)
_EMAIL = re.compile(r'^[^@\s<>"]+@[^@\s<>"]+\.[A-Za-z]{2,}$')


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError(f"an email address (like \"care@clinic.example\"), got {value!r}")
    return value


Email = Annotated[str, AfterValidator(_email),
                  WithJsonSchema({"type": "string", "pattern": _EMAIL.pattern,
                                  "description": "An email address"})]


def _phone(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if not re.fullmatch(r"[+()\d\s.\-–]+(\s*(ext\.?|x)\s*\d+)?", value) or not 7 <= len(digits) <= 15:
        raise ValueError(f"a phone number (like \"(303) 555-0142\"), got {value!r}")
    return value


Phone = Annotated[str, AfterValidator(_phone),
                  WithJsonSchema({"type": "string", "description": "A phone number, like (303) 555-0142"})]


def tel_link(phone: str) -> str:
    """``(303) 555-0142`` → ``tel:+13035550142`` (a 10-digit number is taken as North American)."""
    main = re.split(r"\s*(?:ext\.?|x)\s*", phone)[0]
    digits = re.sub(r"\D", "", main)
    if main.strip().startswith("+"):
        return "tel:+" + digits
    if len(digits) == 10:
        return "tel:+1" + digits
    return "tel:" + digits
