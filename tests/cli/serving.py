"""A real `handout serve` for tests, and the command line run next to it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT


class Server:
    """A server with its own socket folder (``run``), its log in ``run/serve.log``."""

    def __init__(self, run: Path):
        self.env = {**os.environ, "XDG_RUNTIME_DIR": str(run)}
        self.sock = run / f"handout-{os.getuid()}" / "serve.sock"
        self.log_path = run / "serve.log"
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen([sys.executable, "-m", "handout", "serve", "--idle", "60"],
                                         cwd=ROOT, env=self.env, stderr=log)
        deadline = time.monotonic() + 60
        while not self.sock.exists():
            assert self.proc.poll() is None and time.monotonic() < deadline, self.log()
            time.sleep(0.05)

    def log(self) -> list[str]:
        return self.log_path.read_text().splitlines()

    def runs(self) -> list[str]:
        """The builds it ran, as its log names them."""
        return [line for line in self.log() if "runs as process" in line]

    def stop(self) -> list[str]:
        """Stop the server; the builds it ran."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)
        assert not self.sock.exists()
        return self.runs()


def handout(*args: str, env: dict, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "handout", *args], cwd=cwd, env=env,
                          capture_output=True, text=True)
