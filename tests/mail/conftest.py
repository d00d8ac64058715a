"""A small project whose clinic sends through the test SMTP server, and a way to run the command."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from handout.project import Project
from tests.conftest import ROOT, tiny_project
from tests.mail.server import PASSWORD, USER, Server

CLINIC = f"""\
name: Clínica Sol de Boulder
short_name: Clínica Sol
brand: {{primary: "#1D5B79"}}
contact:
  phone: "(303) 555-0142"
  email: care@clinic.example.org
  website: https://clinic.example.org
email:
  reply_to: frontdesk@clinic.example.org
  smtp: {{host: localhost, username: {USER}}}
"""


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return tiny_project(tmp_path, CLINIC)


@pytest.fixture
def server(tmp_path: Path):
    with Server(tmp_path) as s:
        yield s


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run(project: Project, *args: str, env: dict[str, str] | None = None) -> Ran:
    """``handout email --clinic c --root PROJECT ARGS``, in this process (the test server runs in
    a thread of it), with the SMTP variables of ``env`` only."""
    from typer.testing import CliRunner

    from handout.cli import app

    clean: dict[str, str | None] = {k: None for k in os.environ
                                    if k.startswith("HANDOUT_SMTP") or k == "SSL_CERT_FILE"}
    result = CliRunner().invoke(app, ["email", "--clinic", "c", "--root", str(project.root),
                                      *args], env={**clean, **(env or {})},
                                catch_exceptions=False)
    return Ran(result.exit_code, result.stdout, result.stderr)


def run_process(project: Project, *args: str, env: dict[str, str] | None = None) -> Ran:
    """The same as a separate process started in the project folder, as staff would run it:
    what reaches the terminal, tracebacks included."""
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith("HANDOUT_SMTP") and k != "SSL_CERT_FILE"}
    clean["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    done = subprocess.run([sys.executable, "-m", "handout", "email", "--clinic", "c", *args],
                          cwd=project.root, env={**clean, **(env or {})}, capture_output=True,
                          text=True, timeout=120)
    return Ran(done.returncode, done.stdout, done.stderr)


def output(result: Ran) -> str:
    return result.stdout + result.stderr


__all__ = ["CLINIC", "PASSWORD", "USER", "output", "run", "run_process"]
