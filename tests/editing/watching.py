"""``handout watch`` run as staff run it: a real process, its printed lines read as they come."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path


class Running:
    """``handout watch ARGS`` in a process of its own; lines of its output as they arrive."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str] | None = None):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "handout", "watch", *args], cwd=cwd,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
        self.out: list[str] = []
        self.err: list[str] = []
        self._lines: queue.Queue[str] = queue.Queue()
        for stream, seen, tell in ((self.proc.stdout, self.out, True),
                                   (self.proc.stderr, self.err, False)):
            threading.Thread(target=self._read, args=(stream, seen, tell), daemon=True).start()

    def _read(self, stream, seen: list[str], tell: bool) -> None:
        for line in stream:
            seen.append(line.rstrip("\n"))
            if tell:
                self._lines.put(line.rstrip("\n"))

    def expect(self, pattern: str, timeout: float = 30) -> str:
        """The next line of standard output; it must match ``pattern`` (a regular expression)."""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no line matching {pattern!r} within {timeout} s\n"
                                 f"{self.transcript()}") from None
        assert re.search(pattern, line), f"{line!r} does not match {pattern!r}\n" \
                                         f"{self.transcript()}"
        return line

    def said(self, line: str, timeout: float = 10) -> bool:
        """Whether ``line`` is on standard error, waiting for it a little: the two streams are
        read by two threads, so a line on one can be seen before an earlier one on the other."""
        end = time.monotonic() + timeout
        while line not in self.err and time.monotonic() < end:
            time.sleep(0.02)
        return line in self.err

    def quiet(self, seconds: float) -> list[str]:
        """The lines printed in the next ``seconds`` (a test expects none)."""
        end, lines = time.monotonic() + seconds, []
        while (left := end - time.monotonic()) > 0:
            try:
                lines.append(self._lines.get(timeout=left))
            except queue.Empty:
                break
        return lines

    def interrupt(self, timeout: float = 15) -> int:
        """Ctrl-C, as a terminal sends it; the exit status."""
        self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout)

    def transcript(self) -> str:
        return "stdout:\n  " + "\n  ".join(self.out) + "\nstderr:\n  " + "\n  ".join(self.err)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def save_like_an_editor(path: Path, text: str) -> None:
    """Write a temporary file beside ``path`` and rename it over ``path``, as many editors
    save (the original file's inode is replaced, not written)."""
    temp = path.with_name(f".{path.name}.swp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)
