"""A clinic's outbox: messages written for review, and the record of every message sent.

``outbox/NAME/`` under the project holds the ``.eml`` files written without ``--send`` and
``sent.jsonl``, the record: one JSON object a line, appended and flushed to disk before the
next step, for each attempt (``sending``, written before the message goes to the server) and
each outcome (``sent`` with the server's reply, or ``failed`` with the reason). A message is
known by its ``Key``: clinic, recipient, guides, formats and language.

A crash between the server's "accepted" and the ``sent`` line leaves a ``sending`` line as the
last word on that key. It is read as "may have been sent": the next run does not send it again
without ``--resend``. So the record errs towards sending a message once too few (the patient
can be told, or it can be sent again on purpose) rather than once too many.

The folder and its files are private to the user who runs the command (they hold patients'
names and addresses).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from handout.errors import OutputError
from handout.outputs import ENGLISH

RECORD = "sent.jsonl"


@dataclass(frozen=True, order=True)
class Key:
    """What makes two messages the same message: clinic, recipient, guides, formats and
    language (the Spanish editions are not the English ones sent again)."""

    clinic: str
    address: str  # lower case
    guides: tuple[str, ...]  # sorted
    formats: tuple[str, ...]  # sorted
    language: str = ENGLISH

    @classmethod
    def of(cls, clinic: str, address: str, guides, formats, language: str = ENGLISH) -> Key:
        return cls(clinic, address.lower(), tuple(sorted(set(guides))),
                   tuple(sorted(set(formats))), language)

    def fields(self) -> dict[str, object]:
        # English messages are recorded as they were before there were languages
        return {"clinic": self.clinic, "to": self.address, "guides": list(self.guides),
                "formats": list(self.formats),
                **({} if self.language == ENGLISH else {"language": self.language})}


@dataclass(frozen=True)
class Last:
    """The last line recorded for a key."""

    event: str  # "sending", "sent" or "failed"
    time: str
    message_id: str


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def folder(root: Path, clinic: str) -> Path:
    return root / "outbox" / clinic


class Record:
    """``outbox/NAME/sent.jsonl``: read once, appended to line by line."""

    def __init__(self, path: Path, last: dict[Key, Last]):
        self.path = path
        self._last = last

    @classmethod
    def load(cls, path: Path) -> Record:
        last: dict[Key, Last] = {}
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            lines = []
        except (OSError, UnicodeDecodeError) as exc:
            raise OutputError(f"cannot read the record of sent messages {path}: {exc}; nothing "
                              f"was sent (without it, a message could go twice)") from None
        for text in lines:
            try:
                raw = json.loads(text)
                key = Key.of(raw["clinic"], raw["to"], raw["guides"], raw["formats"],
                             raw.get("language", ENGLISH))
                last[key] = Last(raw["event"], raw["time"], raw.get("message_id", ""))
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a crash: the line before it stands
        return cls(path, last)

    def last(self, key: Key) -> Last | None:
        return self._last.get(key)

    def append(self, event: str, key: Key, message_id: str, **extra: object) -> None:
        """Add one line and flush it to disk; raises ``OutputError`` if that fails."""
        entry = {"event": event, "time": now(), **key.fields(), "message_id": message_id, **extra}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        try:
            _private_dir(self.path.parent)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise OutputError(f"cannot write the record of sent messages {self.path}: "
                              f"{exc.strerror or exc}") from None
        self._last[key] = Last(event, entry["time"], message_id)  # type: ignore[arg-type]


@contextmanager
def lock(outbox: Path) -> Iterator[None]:
    """Hold a clinic's outbox while sending, so that two runs cannot send the same message.

    Uses ``flock`` where the system has it (Linux, macOS); elsewhere there is no lock.
    """
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    try:
        _private_dir(outbox)
        fd = os.open(outbox / ".lock", os.O_WRONLY | os.O_CREAT, 0o600)
    except OSError as exc:
        raise OutputError(f"cannot write to {outbox}: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise OutputError(f"another 'handout email' is sending for this clinic ({outbox} is "
                              f"in use); wait for it to finish") from None
        yield
    finally:
        os.close(fd)


def _private_dir(path: Path) -> None:
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True)


def eml_path(outbox: Path) -> Path:
    """A new file name for a message to review: the time, and a few random letters (the file
    name carries no patient's name or address)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return outbox / f"{stamp}-{secrets.token_hex(3)}.eml"


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, readable by this user only."""
    try:
        _private_dir(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write to {path.parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
