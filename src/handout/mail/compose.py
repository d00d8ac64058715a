"""Compose: a clinic's intake settings, one patient and the built PDFs → an ``EmailMessage``.

``Intake.of`` applies the defaults of a clinic's ``email`` section and checks what the model
cannot (the sender's address, the guides it names), reporting problems at their file:line.
``compose`` makes ``multipart/mixed``: a ``multipart/alternative`` of text/plain and HTML made
from the same text, then the PDFs as ``application/pdf`` attachments with readable names. Only
the standard library's ``email`` package writes MIME; it encodes non-ASCII names, subjects and
file names (RFC 2047, RFC 2231) and folds long headers.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from email import policy, utils
from email.message import EmailMessage

from handout import inline
from handout.colours import Palette
from handout.errors import ContentError, HandoutError, Problem
from handout.languages.tags import pdf_tag
from handout.mail import html_body, text
from handout.mail.address import AddressError, Person, address, name, one_line
from handout.mail.words import words
from handout.model import Clinic, Parsed
from handout.model.email import EXTRA
from handout.outputs import ENGLISH

#: How messages are written out, for sending and for review: CRLF line ends as SMTP wants, and
#: header lines up to RFC 5322's hard limit of 998 characters rather than its suggested 78.
#: Folding a header between two encoded words drops the space between them in Python before
#: 3.14 (CPython issue gh-92081): "Núñez — ¡Hola!" would arrive as "Núñez— ¡Hola!".
WIRE = policy.SMTP.clone(max_line_length=998)

#: Characters no file name may hold on Windows, macOS or Linux.
_UNSAFE = str.maketrans({c: " " for c in '/\\:*?"<>|' + "".join(map(chr, range(32))) + "\x7f"})
MB = 1_000_000


class TooLarge(HandoutError):
    """The attachments of one message weigh more than the clinic's size limit."""


@dataclass(frozen=True)
class Attachment:
    guide: str
    format: str
    file_name: str  # as the patient sees it: "Boulder Ketamine - Understanding ….pdf"
    label: str  # as the message lists it
    data: bytes


@dataclass(frozen=True)
class Intake:
    """One clinic's intake message with every default applied and checked."""

    clinic: Clinic
    sender: Person
    reply_to: Person | None
    subject: str  # with placeholders
    body: str  # with placeholders and markup
    guides: tuple[str, ...]  # attached unless the command names others
    formats: tuple[str, ...]
    size_limit: int  # bytes, for all attachments of one message
    #: the message's language: its default words, attachment names and ``lang``; the clinic's
    #: text is in it already (``languages.clinic_text.localized``)
    language: str = ENGLISH

    @classmethod
    def of(cls, parsed: Parsed[Clinic], guide_ids: list[str], language: str = ENGLISH
           ) -> Intake:
        """Raises ``ContentError`` listing every problem of the section at its file:line."""
        intake = _intake(parsed, guide_ids, need_sender=True, language=language)
        assert intake is not None  # with need_sender, a missing sender is one of the problems
        return intake

    @property
    def greets_by_name(self) -> bool:
        """Whether the subject or body uses ``{patient.name}`` (then a patient needs a name)."""
        return any(s.field == "patient.name" for t in (self.subject, self.body)
                   for s in inline.parse(t, EXTRA))


def check_section(parsed: Parsed[Clinic], guide_ids: list[str]) -> None:
    """What ``handout check`` asks of a clinic's ``email`` section: the checks of ``Intake.of``,
    except that a clinic with no address to send from and no ``email`` section is not a mistake
    until it sends. Raises ``ContentError``."""
    _intake(parsed, guide_ids, need_sender=False)


def _intake(parsed: Parsed[Clinic], guide_ids: list[str], need_sender: bool,
            language: str = ENGLISH) -> Intake | None:
    """The section with its defaults applied; None when there is no sender and none is needed."""
    clinic, src = parsed.value, parsed.source
    mail = clinic.email
    said = words(_words_language(clinic, language))
    problems: list[Problem] = []
    fields = clinic.fields()
    sender_name: str | None = None
    try:
        sender_name = name(text.line(mail.from_name or "{clinic.name}", fields))
    except AddressError as exc:
        problems.append(src.problem(("email", "from_name") if mail.from_name else ("name",),
                                    exc.expected, exc.found, exc.hint))
    sender = reply_to = None
    where = ("email", "from_address") if mail.from_address else ("contact", "email")
    if mail.from_address is None and clinic.contact.email is None:
        if need_sender or "email" in (src.data or {}):
            problems.append(src.problem(("email",) if "email" in (src.data or {}) else (),
                                        "email.from_address (or contact.email): the "
                                        "address messages come from", "nothing", key=True))
    else:
        try:
            sender = Person(sender_name, address(mail.from_address or clinic.contact.email or ""))
        except AddressError as exc:
            problems.append(src.problem(where, exc.expected, exc.found, exc.hint))
    if mail.reply_to:
        try:
            reply_to = Person(sender_name, address(mail.reply_to))
        except AddressError as exc:
            problems.append(src.problem(("email", "reply_to"), exc.expected, exc.found,
                                        exc.hint))
    for i, gid in enumerate(mail.guides):
        if gid not in guide_ids:
            close = difflib.get_close_matches(gid, guide_ids, n=1)
            problems.append(src.problem(
                ("email", "guides", i), f"a guide id ({', '.join(guide_ids)})", repr(gid),
                f"did you mean '{close[0]}'?" if close else None))
    if problems:
        raise ContentError(problems)
    if sender is None:
        return None
    return Intake(clinic, sender, reply_to, mail.subject or said["subject"],
                  mail.body or said["body"], mail.guides or tuple(guide_ids), mail.formats,
                  int(mail.size_limit_mb * MB), language)


def _words_language(clinic: Clinic, language: str) -> str:
    """English messages speak the clinic's English (``en-GB``); others their own language."""
    return clinic.language if language == ENGLISH else language


def attachment(clinic: Clinic, guide: str, title: str, fmt: str, data: bytes,
               language: str = ENGLISH) -> Attachment:
    """A PDF named for the patient: the clinic's short name and the guide's title (before any
    ": subtitle"), with the edition for the booklet and large print."""
    said = words(_words_language(clinic, language))
    short_title = title.split(": ")[0].strip() or title
    label = said[fmt].format(title=short_title)
    stem = f"{clinic.display_short} - {label}".translate(_UNSAFE)
    stem = " ".join(stem.split())[:150].rstrip(" .")
    return Attachment(guide, fmt, f"{stem}.pdf", label, data)


def size_text(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB else f"{max(1, round(size / 1000))} KB"


def check_size(attachments: list[Attachment], limit: int) -> None:
    total = sum(len(a.data) for a in attachments)
    if total > limit:
        listed = ", ".join(f"{a.file_name} ({size_text(len(a.data))})" for a in attachments)
        raise TooLarge(f"the attachments weigh {size_text(total)}, more than the limit of "
                       f"{size_text(limit)} (email.size_limit_mb): {listed}; attach fewer guides "
                       f"or formats, or raise the limit if the clinic's mail provider allows")


def compose(intake: Intake, to: Person, attachments: list[Attachment],
            now: dt.datetime | None = None) -> EmailMessage:
    """The message to ``to``; raises ``TooLarge`` over the size limit, ``AddressError`` if what
    the placeholders bring in would break a header."""
    check_size(attachments, intake.size_limit)
    clinic = intake.clinic
    said = words(_words_language(clinic, intake.language))
    fields = {**clinic.fields(), "patient.name": (to.name or "", None)}
    subject = text.line(intake.subject, fields)
    one_line(subject, "a subject")  # no line break may come in through a placeholder
    paras = text.paragraphs(intake.body, fields)
    items = [(a.label, said["size"].format(size=size_text(len(a.data)))) for a in attachments]

    msg = EmailMessage(policy=policy.default)
    msg["From"] = intake.sender.header
    msg["To"] = to.header
    if intake.reply_to:
        msg["Reply-To"] = intake.reply_to.header
    msg["Subject"] = subject
    msg["Date"] = utils.format_datetime(now or dt.datetime.now(dt.timezone.utc).astimezone())
    msg["Message-ID"] = utils.make_msgid(domain=intake.sender.address.rsplit("@", 1)[1])
    plain = text.plain(paras)
    if items:
        plain += "\n\n" + said["attached"] + "\n" + "\n".join(f"- {label} ({size})"
                                                               for label, size in items)
    msg.set_content(plain + "\n", subtype="plain", charset="utf-8", cte="quoted-printable")
    link = Palette.from_brand(clinic.brand.primary, clinic.brand.accent).brand_text
    msg.add_alternative(html_body.document(subject, paras, items, said["attached"],
                                           pdf_tag(intake.language, clinic.language), link),
                        subtype="html", charset="utf-8", cte="quoted-printable")
    for a in attachments:
        msg.add_attachment(a.data, maintype="application", subtype="pdf", filename=a.file_name)
    return msg

