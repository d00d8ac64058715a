"""A command imports what it uses: a build loads neither the mail, editing nor preview code.

Each command runs as its own process (as a user starts it) and lists, at exit, every module it
imported; no timing is asserted.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GUIDE, ROOT

#: Writes the names of the modules loaded at exit, then runs the entry point as `handout` does.
WRAPPER = """
import atexit, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write("\\n".join(sorted(sys.modules))))
from handout.client import main
main()
"""

#: What only `email`, `watch`, `preview`, `new`, `check` or `--all` use.
NOT_FOR_A_BUILD = ("handout.mail", "handout.editing", "handout.check", "handout.check_report",
                   "handout.report", "handout.schema", "handout.serve", "smtplib", "watchfiles",
                   "pypdfium2", "pypdf", "email.mime")

#: What an English handout does not need: Babel (English dates are spelt out), the barcodes
#: ReportLab's barcode package registers (the QR encoder is loaded alone), and pikepdf (the tags
#: are written with the document; pikepdf makes only imposed sheets archival).
NOT_FOR_AN_ENGLISH_HANDOUT = ("babel", "reportlab.graphics.barcode", "pikepdf")


def loaded(args: list[str], tmp_path: Path) -> set[str]:
    listing = tmp_path / "modules.txt"
    env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", WRAPPER, str(listing), *args], cwd=ROOT,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return set(listing.read_text().split())


def heavy(modules: set[str], names: tuple[str, ...]) -> set[str]:
    return {m for m in modules if any(m == n or m.startswith(n + ".") for n in names)}


def test_a_build_imports_nothing_of_mail_editing_or_preview(tmp_path):
    modules = loaded(["build", "--clinic", "boulder", "--guide", GUIDE, "--format", "handout",
                      "--out", str(tmp_path / "out")], tmp_path)
    assert "handout.build" in modules and "reportlab" in modules  # the check itself works
    assert heavy(modules, NOT_FOR_A_BUILD) == set()
    assert heavy(modules, NOT_FOR_AN_ENGLISH_HANDOUT) == set()


def test_help_imports_neither_the_pipeline_nor_its_libraries(tmp_path):
    pipeline = ("handout.build", "handout.batch", "handout.model", "handout.layout",
                "handout.tagging", "reportlab", "pydantic", "yaml", "pikepdf", "babel", "PIL",
                "uharfbuzz", "bidi", "pyphen", "lxml", "svglib", *NOT_FOR_A_BUILD)
    rendered = loaded(["build", "--help"], tmp_path)  # an empty cache: Typer renders it
    assert "handout.cli" in rendered
    assert heavy(rendered, tuple(p for p in pipeline if p != "pydantic")) == set()
    kept = loaded(["build", "--help"], tmp_path)  # the text kept: not even Typer
    assert heavy(kept, ("typer", "click", "handout.cli", *pipeline)) == set()


#: Command lines that fail or stop while Typer parses them, in each way it can.
PARSED = (["build", "--bogus"], ["build", "--clinic"], ["build", "--format", "pdf"],
          ["build", "--jobs", "0"], ["build", "--jobs", "two"], ["build", "--flip", "sideways"],
          ["build", "--version"], ["build", "-h"], ["build"], ["check", "--clinic"],
          ["list", "--root"], ["new"], ["new", "bogus"], ["new", "clinic"], ["bogus"], [])


def test_typer_makes_only_the_command_typed():
    import typer

    from handout.cli import app, invoked

    def made(argv: list[str]) -> set[str]:
        return set(typer.main.get_command(invoked(argv)).commands)  # type: ignore[attr-defined]

    everything = made([])
    assert {"build", "check", "new", "list"} <= everything
    assert made(["build", "--clinic", "boulder"]) == {"build"}
    assert made(["new", "clinic", "x"]) == {"new"}
    assert made(["list"]) == {"list"}
    for argv in (["build", "--help"], ["--help"], ["bogus"], ["--version"]):
        assert made(argv) == everything, argv
    assert invoked(["build"]) is not app and invoked(["build"]).info is app.info


@pytest.mark.parametrize("argv", PARSED, ids=" ".join)
def test_the_command_alone_parses_and_fails_as_the_whole_app(argv):
    from typer.testing import CliRunner

    from handout.cli import app, invoked

    whole, alone = (CliRunner().invoke(a, argv, prog_name="handout") for a in (app, invoked(argv)))
    assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)
    assert whole.output  # each says something (a usage error, a message or help)
