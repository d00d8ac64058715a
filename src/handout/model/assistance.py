"""The ``language_assistance`` section of a clinic file: its notice that free language help is
available, in English and in the languages its patients speak (``handout.languages.taglines``).

A state (its most spoken languages, from the data we ship), languages by code, or both; the
number to call (the clinic's phone unless given) and the TTY number (711, the national relay
service, unless given). The taglines themselves are fixed texts; nothing here is translated.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, WithJsonSchema, model_validator

from handout.languages import taglines
from handout.model.common import Model, Phone


def _state(value: str) -> str:
    known = taglines.states()
    if value not in known:
        raise ValueError(f"a state whose languages are shipped ({', '.join(sorted(known))}), "
                         f"got {value!r} (list the languages instead, with languages: [...])")
    return value


def _language(value: str) -> str:
    known = taglines.taglines()
    if value not in known or value == "en":
        raise ValueError(
            "the code of a shipped tagline ("
            + ", ".join(f"{c} {t.name}" for c, t in sorted(known.items()) if c != "en")
            + f"), got {value!r}")
    return value


StateCode = Annotated[str, AfterValidator(_state),
                      WithJsonSchema({"type": "string", "pattern": "^[A-Z]{2}$",
                                      "description": "A US state, like CO: its most spoken "
                                      "languages"})]
TaglineCode = Annotated[str, AfterValidator(_language),
                        WithJsonSchema({"type": "string",
                                        "description": "A tagline's language, like zh-Hant"})]
Relay = Annotated[str, Field(pattern=r"^[0-9][0-9 ()+-]{1,19}$"),
                  WithJsonSchema({"type": "string", "description": "A TTY number, like 711"})]


class LanguageAssistance(Model):
    """The notice of language assistance, printed at the end of every edition."""

    state: StateCode | None = None
    languages: tuple[TaglineCode, ...] = ()
    phone: Phone | None = None  # default: contact.phone
    tty: Relay = "711"

    @model_validator(mode="after")
    def needs_a_language(self) -> LanguageAssistance:
        if self.state is None and not self.languages:
            raise ValueError("a state (state: CO) or languages (languages: [es, zh-Hant]), got "
                             "neither")
        return self

    def codes(self) -> tuple[str, ...]:
        return taglines.languages(self.state, self.languages)
