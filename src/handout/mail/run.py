"""``handout email``: check everything, build the PDFs, compose, then write or send and record.

Takes the command's options and the environment; gives one ``Result`` per patient and the exit
status. Everything that can be checked is checked before the first message leaves: the clinic's
``email`` section, the recipients (every row of a batch), the guides and formats, the SMTP
settings, the size of the attachments, and that the PDFs build. A mistake there stops the
command with ``HandoutError`` (exit 2) and nothing is sent — except a bad row of a batch, which
is reported and skipped while the other rows go (exit 1).

While sending, the clinic's outbox is locked and every message is recorded (``outbox``) before
and after it goes, so that nothing is sent twice without ``--resend`` and a rerun after a
failure sends only what is missing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from handout.errors import Location, OutputError, Problem, UsageError
from handout.mail import appointments, attachments, outbox
from handout.mail.address import AddressError, Person, person
from handout.mail.compose import (
    WIRE,
    Attachment,
    Intake,
    TooLarge,
    attachment,
    compose,
    size_text,
)
from handout.mail.languages import Intakes
from handout.model.email import FORMATS
from handout.outputs import ENGLISH
from handout.project import Project

if TYPE_CHECKING:
    from handout.mail.settings import SmtpSettings


@dataclass(frozen=True)
class Options:
    clinic: str
    root: Path = Path(".")
    to: str | None = None
    batch: Path | None = None
    guides: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    out: Path | None = None
    send: bool = False
    resend: bool = False
    language: str = ENGLISH  # --lang: of --to's message, and of rows without a language


@dataclass(frozen=True)
class Request:
    """One message to make."""

    to: Person
    guides: tuple[str, ...]
    formats: tuple[str, ...]
    line: int | None = None  # its row in the batch file
    language: str = ENGLISH

    def key(self, clinic: str) -> outbox.Key:
        return outbox.Key.of(clinic, self.to.address, self.guides, self.formats, self.language)


@dataclass(frozen=True)
class Made:
    """One message composed, as the bytes that are written or sent."""

    request: Request
    data: bytes
    files: list[Attachment]
    message_id: str

    def sizes(self) -> str:
        return ", ".join(f"{a.file_name} ({size_text(len(a.data))})" for a in self.files) or \
            "no attachments"


@dataclass(frozen=True)
class Result:
    """What became of one patient's message."""

    to: str  # "Pat Doe <pat@example.org>", or the cell as typed for a bad row
    status: str  # "sent", "written", "already sent", "sent, not recorded", "not sent", "bad row"
    detail: str
    line: int | None = None
    guides: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status in ("sent", "written", "already sent")


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)

    @property
    def status(self) -> int:
        return 0 if all(r.ok for r in self.results) else 1


def email(options: Options, env: Mapping[str, str], say: Callable[[str], None],
          warn: Callable[[str], None], progress: Callable[[int], Callable[[Result], None]]
          = lambda n: lambda r: None) -> Report:
    """Run the command; ``progress(n)`` is called before sending ``n`` messages and gives the
    function told of each result. Raises ``HandoutError`` when nothing can be sent."""
    from handout.mail.settings import smtp_settings

    if (options.to is None) == (options.batch is None):
        raise UsageError("give either --to \"Name <address>\" or --batch FILE.csv")
    if options.batch is not None and options.out is not None:
        raise UsageError("--out names one .eml file; with --batch the messages go to "
                         "outbox/NAME/ (leave out --out)")
    project = Project.at(options.root)
    parsed = project.clinic(options.clinic)
    intakes = Intakes(project, parsed)
    intake = intakes(ENGLISH)
    if options.language not in intakes.known:
        raise UsageError(f"--lang: expected a language a guide is in "
                         f"({', '.join(intakes.known)}), got {options.language!r}")
    intakes(options.language)  # raises: the clinic's text in it, before any work
    for gid in options.guides:
        project.guide_file(gid)  # raises, with a "did you mean", for an unknown guide
    for fmt in options.formats:
        if fmt not in FORMATS:
            raise UsageError(f"--format: expected one of {', '.join(FORMATS)}, got {fmt!r}"
                             + (" (the booklet's print sheets are never attached)"
                                if fmt in ("booklet-print", "all") else ""))
    guides = tuple(dict.fromkeys(options.guides)) or intake.guides
    formats = tuple(dict.fromkeys(options.formats)) or intake.formats
    report = Report()
    requests = _requests(options, intakes, guides, formats, report, warn)
    settings = smtp_settings(parsed, env) if options.send else None
    box = outbox.folder(project.root, options.clinic)
    with outbox.lock(box) if options.send else nullcontext():
        record = outbox.Record.load(box / outbox.RECORD)
        requests = _not_yet_sent(options, requests, record, report, say, warn)
        if not requests:
            return report
        made = _compose_all(options, project, intakes, requests, report, warn)
        if not options.send:
            for m in made:
                path = options.out or outbox.eml_path(box)
                outbox.write_private(path, m.data)
                report.results.append(_result(m.request, "written", str(_shown(path))))
                say(f"wrote {_shown(path)} for {m.request.to} ({m.sizes()}); open it in a mail "
                    f"program to review it, then run again with --send")
            return report
        assert settings is not None
        _send_all(options, intake, settings, record, made, report, progress(len(made)), say, warn)
    return report


def _requests(options: Options, intakes: Intakes, guides: tuple[str, ...],
              formats: tuple[str, ...], report: Report, warn: Callable[[str], None]
              ) -> list[Request]:
    language = options.language
    if options.to is not None:
        try:
            to = person(options.to)
        except AddressError as exc:
            raise UsageError(f"--to: {exc}") from None
        if to.name is None and intakes(language).greets_by_name:
            raise UsageError(f"--to: expected the patient's name too, like \"Pat Doe "
                             f"<{to.address}>\" (the message greets them by {{patient.name}})")
        chosen, wrong = intakes.guides(language, guides, named=bool(options.guides))
        if wrong:
            raise UsageError(f"--lang {language}: expected {wrong}")
        return [Request(to, chosen, formats, language=language)]
    assert options.batch is not None
    shown = _shown(options.batch)
    rows, problems = appointments.read(options.batch, shown, intakes.guide_ids,
                                       intakes(language).greets_by_name, intakes.known)
    requests: list[Request] = []
    seen: dict[outbox.Key, int] = {}
    for row in rows:
        row_language = row.language or language
        where = Location(shown, row.line)
        intake = intakes(row_language)  # raises: the clinic's own text in it is wrong
        if row.to.name is None and intake.greets_by_name:
            problems.append(Problem(where, "name", "the patient's name (the message greets "
                                    "them by {patient.name})", "nothing"))
            continue
        chosen, wrong = intakes.guides(row_language, row.guides or guides,
                                       named=bool(row.guides or options.guides))
        if wrong:
            problems.append(Problem(where, "guides" if row.guides else "language", wrong,
                                    repr(" ".join(row.guides or guides))))
            continue
        request = Request(row.to, chosen, row.formats or formats, row.line, row_language)
        key = request.key(options.clinic)
        if key in seen:
            problems.append(Problem(Location(_shown(options.batch), row.line), "",
                                    "each patient once with the same guides and formats",
                                    f"a repeat of line {seen[key]}"))
            continue
        seen[key] = row.line
        requests.append(request)
    for problem in sorted(problems, key=lambda p: p.location.line or 0):
        warn(f"error: {problem}; row skipped")
        report.results.append(Result("", "bad row", str(problem).removeprefix(
            f"{problem.location}: "), problem.location.line))
    return requests


def _not_yet_sent(options: Options, requests: list[Request], record: outbox.Record,
                  report: Report, say: Callable[[str], None], warn: Callable[[str], None]
                  ) -> list[Request]:
    keep = []
    for request in requests:
        last = record.last(request.key(options.clinic))
        if last is None or last.event == "failed" or options.resend:
            keep.append(request)
            continue
        when = last.time.replace("T", " ").replace("+00:00", " UTC")
        if last.event == "sent":
            detail = f"sent on {when} ({last.message_id})"
            if options.send:
                report.results.append(_result(request, "already sent", detail))
                if options.batch is None:  # a batch lists it in its summary
                    say(f"already {detail} to {request.to}; not sent again (--resend sends it "
                        f"again)")
                continue
            warn(f"note: this message was already {detail} to {request.to}")
        else:  # "sending" with no outcome: the run was cut off while it was with the server
            detail = (f"may have been sent on {when} ({last.message_id}): that run was cut off "
                      f"before the server's answer was recorded")
            if options.send:
                report.results.append(_result(request, "not sent", detail))
                warn(f"error: {request.to}: {detail}; look in the clinic's sent mail, and use "
                     f"--resend to send it again")
                continue
            warn(f"note: this message {detail}")
        keep.append(request)
    return keep


def _compose_all(options: Options, project: Project, intakes: Intakes, requests: list[Request],
                 report: Report, warn: Callable[[str], None]) -> list[Made]:
    """Build the PDFs once for everyone (in each language asked for), then every message,
    before any is sent."""
    built: dict[tuple[str, str, str], attachments.Pdf] = {}
    titles: dict[tuple[str, str], str] = {}
    for lang in dict.fromkeys(r.language for r in requests):
        asked = [r for r in requests if r.language == lang]
        lang_guides = list(dict.fromkeys(g for r in asked for g in r.guides))
        lang_formats = [f for f in FORMATS if any(f in r.formats for r in asked)]
        pdfs = attachments.pdfs(project, options.clinic, lang_guides, lang_formats, lang)
        built |= {(g, f, lang): pdf for (g, f), pdf in pdfs.items()}
        titles |= {(g, lang): project.guide(g, lang).value.title for g in lang_guides}
    made = []
    for request in requests:
        intake, lang = intakes(request.language), request.language
        files = [attachment(intake.clinic, gid, titles[gid, lang], fmt,
                            built[(gid, fmt, lang)].data, lang)
                 for gid in request.guides for fmt in FORMATS if fmt in request.formats]
        try:
            message = compose(intake, request.to, files)
        except (TooLarge, AddressError) as exc:
            if options.batch is None:
                raise UsageError(str(exc)) from None
            warn(f"error: {_shown(options.batch)}:{request.line}: {exc}; row skipped")
            report.results.append(_result(request, "bad row", str(exc)))
            continue
        made.append(Made(request, message.as_bytes(policy=WIRE), files,
                         str(message["Message-ID"])))
    return made


def _send_all(options: Options, intake: Intake, settings: SmtpSettings, record: outbox.Record,
              made: list[Made], report: Report, done: Callable[[Result], None],
              say: Callable[[str], None], warn: Callable[[str], None]) -> None:
    from handout.mail.send import Failed, Mailer, Refused, SendError

    sender = intake.sender.address
    with Mailer(settings) as mailer:  # SendError here: nothing sent, exit 2
        for i, m in enumerate(made):
            request, message_id = m.request, m.message_id
            key = request.key(options.clinic)
            record.append("sending", key, message_id, attachments=[
                {"file": a.file_name, "sha256": hashlib.sha256(a.data).hexdigest()}
                for a in m.files])
            try:
                reply = mailer.send(sender, request.to.address, m.data)
            except (Refused, Failed) as exc:
                record.append("failed", key, message_id, error=str(exc))
                result = _result(request, "not sent", str(exc))
            except SendError as exc:  # the server is gone: the rest waits for a rerun
                record.append("failed", key, message_id, error=str(exc))
                report.results.append(_result(request, "not sent", str(exc)))
                done(report.results[-1])
                for later in made[i + 1:]:
                    report.results.append(_result(later.request, "not sent",
                                                  "not tried: " + str(exc)))
                warn(f"error: {exc}; {len(made) - i} message(s) not sent; run the same command "
                     f"again to send only those")
                return
            else:
                result = _result(request, "sent", f"{message_id}")
                try:
                    record.append("sent", key, message_id, reply=reply)
                except OutputError as exc:  # its "sending" line stands: a rerun will not resend
                    warn(f"error: sent to {request.to}, but {exc}; the record shows it as "
                         f"possibly sent")
                    result = _result(request, "sent, not recorded", str(exc))
                if options.out is not None:
                    outbox.write_private(options.out, m.data)
            report.results.append(result)
            done(result)
            if options.batch is None:
                if result.status.startswith("sent"):
                    say(f"sent to {request.to} through {settings.where}: {m.sizes()}; "
                        f"{message_id}")
                else:
                    warn(f"error: not sent to {request.to}: {result.detail}")


def _result(request: Request, status: str, detail: str) -> Result:
    return Result(str(request.to), status, detail, request.line, request.guides, request.formats)


def _shown(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path

