"""Ctrl-C, honoured whenever it comes: while Python imports, while ReportLab draws, or at a write.

Python turns SIGINT into ``KeyboardInterrupt`` wherever the program happens to be. Some code we
call catches everything with a bare ``except:`` (ReportLab does, in places), so an interrupt that
lands there is swallowed and surfaces later as an unrelated error — which the command would then
report as an internal error. The handler here remembers that an interrupt came before raising it,
so the command can tell "the user pressed Ctrl-C" from "a bug of ours" however the interrupt was
mangled on its way out. Standard library only: the entry point listens before importing anything.
"""

from __future__ import annotations

import os
import signal
import sys

TYPE_CHECKING = False  # typing itself is not imported: the entry point imports this module first
if TYPE_CHECKING:
    from types import FrameType
    from typing import NoReturn

MESSAGE = "interrupted; files already written are complete, nothing is half-written"
STATUS = 130  # 128 + SIGINT, what shells report for a command stopped by Ctrl-C

_received = False


def _on_interrupt(signum: int, frame: FrameType | None) -> None:
    global _received
    _received = True
    raise KeyboardInterrupt


def listen() -> None:
    """From now on, an interrupt is remembered as well as raised (main thread only)."""
    global _received
    _received = False
    signal.signal(signal.SIGINT, _on_interrupt)


def received() -> bool:
    """Whether Ctrl-C came since ``listen``, even if something swallowed the KeyboardInterrupt."""
    return _received


def ignore() -> None:
    """From now on, an interrupt does nothing: for the last steps of a command that has finished."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def leave() -> NoReturn:
    """End the process with ``STATUS`` once an interrupt has been reported, at once.

    Not through ``sys.exit``: CPython (3.11 at least) marks a KeyboardInterrupt raised inside
    ``exec()`` of a string — which ``dataclasses`` does while a module is imported — as unhandled
    even when it is caught, and at exit then kills its own process with SIGINT instead of
    returning the status the command chose. Files are complete by now (writes are atomic); only
    the standard streams need flushing.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # a closed or broken stream has nothing more to say
    os._exit(STATUS)
