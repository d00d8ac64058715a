"""The ``email`` section of a clinic file: the intake message that sends a patient the handouts.

Who it comes from, what it says (with our inline markup and placeholders such as
``{patient.name}``), what it attaches, and which SMTP server sends it. Every key is optional: a
clinic without the section sends from its contact address with the default message
(``handout.mail.words``). The SMTP password is never here; it comes from the environment.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, WithJsonSchema

from handout import inline
from handout.model.common import Email, Id, Model, Plain, _visible

#: Placeholders an intake message may use besides the clinic's (``inline.PLACEHOLDERS``).
PATIENT_PLACEHOLDERS: dict[str, str] = {
    "patient.name": "the patient's name, as given with --to or in the name column",
}
EXTRA = frozenset(PATIENT_PLACEHOLDERS)

#: Formats that may be attached; the booklet's imposed print sheets never are.
FORMATS = ("handout", "booklet", "large-print")


def _message_text(value: str) -> str:
    _visible(value)
    try:
        spans = inline.parse(value, EXTRA)
    except inline.InlineError as exc:
        raise ValueError(str(exc)) from None
    if any(s.cite for s in spans):
        raise ValueError("text without citations ([@source] belongs in a guide, not a message), "
                         f"got {next(f'[@{s.cite}]' for s in spans if s.cite)}")
    return value


def _one_line(value: str) -> str:
    # a line break or control character in a header would start a new header: refused here,
    # and again (for what placeholders bring in) when the message is made
    if any(ord(c) < 32 or ord(c) == 127 or c in "\u2028\u2029\x85" for c in value):
        raise ValueError("one line of text without line breaks or control characters")
    return _message_text(value)


_PLACEHOLDER_DOC = ", ".join("{" + k + "}" for k in [*inline.PLACEHOLDERS, *PATIENT_PLACEHOLDERS])

#: One line (a subject, a sender's name); may use placeholders.
Line = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_one_line),
                 WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 200,
                                 "pattern": "^[^\\r\\n]*$",
                                 "description": f"One line; may use {_PLACEHOLDER_DOC}"})]
#: The message: paragraphs separated by blank lines, with inline markup and placeholders.
Message = Annotated[str, StringConstraints(min_length=1, max_length=20_000),
                    AfterValidator(_message_text),
                    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 20_000,
                                    "description": "Paragraphs separated by blank lines; may use "
                                    "**bold**, *italic*, [label](https://…) and "
                                    f"{_PLACEHOLDER_DOC}"})]

_ENV = re.compile(r"^[A-Z_][A-Z0-9_]*$")


def _env_name(value: str) -> str:
    if not _ENV.match(value):
        raise ValueError(f"the name of an environment variable (capitals, digits and _, like "
                         f"BOULDER_SMTP_PASSWORD), got {value!r}")
    return value


EnvName = Annotated[str, AfterValidator(_env_name),
                    WithJsonSchema({"type": "string", "pattern": _ENV.pattern,
                                    "description": "The name of an environment variable"})]

_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]+|[A-Za-z0-9]([A-Za-z0-9-]*"
                   r"[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?)$")


def _host(value: str) -> str:
    if len(value) > 253 or not _HOST.match(value):
        raise ValueError(f"a host name or IP address (like \"smtp.example.org\"), got {value!r}")
    return value.strip("[]")


Host = Annotated[str, AfterValidator(_host),
                 WithJsonSchema({"type": "string", "maxLength": 253,
                                 "description": "A host name or IP address"})]

Security = Literal["starttls", "ssl", "none"]


class Smtp(Model):
    """The clinic's outgoing mail server; HANDOUT_SMTP_* environment variables override it."""

    host: Host | None = None
    port: Annotated[int, Field(ge=1, le=65535)] | None = None  # default: by security
    security: Security = "starttls"
    username: Plain | None = None
    password_env: EnvName | None = None  # where the password is; default HANDOUT_SMTP_PASSWORD


class IntakeEmail(Model):
    """The ``email`` section of a clinic."""

    from_name: Line | None = None  # default: the clinic's name
    from_address: Email | None = None  # default: contact.email
    reply_to: Email | None = None
    subject: Line | None = None  # default: the catalog's, in the clinic's language
    body: Message | None = None
    guides: tuple[Id, ...] = ()  # attached by default; none listed: every guide
    formats: tuple[Literal["handout", "booklet", "large-print"], ...] = Field(
        default=("handout",), min_length=1)
    size_limit_mb: Annotated[float, Field(gt=0, le=100)] = 10  # all attachments of one message
    smtp: Smtp = Smtp()
