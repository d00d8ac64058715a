"""Ctrl-C, honoured whenever it comes: while Python imports, while ReportLab draws, or at a write.

Python turns SIGINT into ``KeyboardInterrupt`` wherever the program happens to be. Some code we
call catches everything with a bare ``except:`` (ReportLab does, in places), so an interrupt that
lands there is swallowed and surfaces later as an unrelated error — which the command would then
report as an internal error. The handler here remembers that an interrupt came before raising it,
so the command can tell "the user pressed Ctrl-C" from "a bug of ours" however the interrupt was
mangled on its way out. Standard library only: the entry point listens before importing anything.
"""

from __future__ import annotations

import signal
from types import FrameType

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
