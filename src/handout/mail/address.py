"""Patients' and clinics' email addresses, checked before any message is made.

Takes what staff typed (``Pat Doe <pat@example.org>``, or a name and an address from two CSV
columns); gives a ``Person`` whose address passed ``email-validator``'s syntax check (no DNS:
the mail server is the one to ask about delivery) and whose name cannot add a header or a
second recipient: line breaks and control characters, ``<`` and ``>`` in names, and lists of
addresses are refused. Header encoding and quoting are left to the standard library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.headerregistry import Address

#: Characters that end a header line or that mail software treats as one.
_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
_NAMED = {"\r": "a carriage return (CR)", "\n": "a line break (LF)", "\t": "a tab"}

MAX_NAME = 200


class AddressError(ValueError):
    """What was expected and what was found, to be shown with where it came from."""

    def __init__(self, expected: str, found: str, hint: str | None = None):
        self.expected, self.found, self.hint = expected, found, hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"expected {self.expected}, got {self.found}"
        return f"{text} ({self.hint})" if self.hint else text


@dataclass(frozen=True)
class Person:
    """One mailbox: a name (or none) and an address in its ASCII form (the domain as IDNA)."""

    name: str | None
    address: str

    @property
    def header(self) -> Address:
        return Address(display_name=self.name or "", addr_spec=self.address)

    @property
    def key(self) -> str:
        """The address as records compare it: mail providers ignore case, and so do we."""
        return self.address.lower()

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>" if self.name else self.address


def _shown(text: str) -> str:
    return repr(text if len(text) <= 80 else text[:77] + "…")


def one_line(text: str, what: str) -> None:
    """Raises ``AddressError`` if ``text`` holds a line break or a control character."""
    hit = _BREAKS.search(text)
    if hit:
        char = hit.group()
        name = _NAMED.get(char, f"the control character U+{ord(char):04X}")
        raise AddressError(f"{what} on one line", f"{_shown(text)} with {name}",
                           "a line break would let the text start a header of its own")


def address(text: str) -> str:
    """``text`` as one valid address, in its ASCII form; raises ``AddressError``."""
    from email_validator import EmailNotValidError, validate_email

    one_line(text, "an email address")
    text = text.strip()
    if not text:
        raise AddressError("an email address", "nothing")
    if any(c in text for c in ",;") or len(text.split()) > 1:
        raise AddressError("one email address", _shown(text),
                           "one patient per message: write each address on its own row")
    try:
        valid = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise AddressError("an email address like pat@example.org", _shown(text),
                           str(exc).rstrip(".")) from None
    return valid.ascii_email or valid.normalized


def name(text: str) -> str | None:
    """A person's name for the To or From header, or None when blank; raises ``AddressError``."""
    one_line(text, "a name")
    text = text.strip()
    if not text:
        return None
    if "<" in text or ">" in text:
        raise AddressError("a name without < or >", _shown(text),
                           "the address goes in its own place")
    if len(text) > MAX_NAME:
        raise AddressError(f"a name of at most {MAX_NAME} characters", f"{len(text)} characters")
    return text


_NAME_ADDR = re.compile(r"(?P<name>[^<>]*)<(?P<address>[^<>]*)>")


def person(text: str) -> Person:
    """``Pat Doe <pat@example.org>`` or ``pat@example.org`` → a ``Person``."""
    one_line(text, "one recipient")
    text = text.strip()
    m = _NAME_ADDR.fullmatch(text)
    if m:
        shown = m.group("name").strip()
        if len(shown) >= 2 and shown[0] == shown[-1] == '"':
            shown = shown[1:-1]
        return Person(name(shown), address(m.group("address")))
    if "<" in text or ">" in text:
        raise AddressError('one recipient like "Pat Doe <pat@example.org>"', _shown(text))
    return Person(None, address(text))
