"""`handout --help` from the help cache: the bytes Typer printed, never a stale text, no Typer.

Each test runs `handout` as a process with a cache folder of its own (XDG_CACHE_HOME), a fixed
terminal width, and compares standard output byte for byte.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

HELPS = [["--help"], ["build", "--help"], ["new", "--help"], ["new", "clinic", "--help"],
         ["email", "--help"]]


def handout(args: list[str], cache: Path, src: Path = ROOT / "src", columns: str = "100",
            ) -> tuple[subprocess.CompletedProcess[bytes], set[str]]:
    """Run ``python -m handout ARGS``; the result and the modules it imported."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "COLUMNS": columns,
           "PYTHONPATH": str(src)}
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "handout", *args],
                            cwd=ROOT, capture_output=True, env=env)
    modules = {line.split("|")[-1].strip() for line in result.stderr.decode().splitlines()
               if line.startswith("import time:")}
    assert "handout.client" in modules  # the check itself works
    return result, modules


def entries(cache: Path) -> list[Path]:
    folder = cache / "handout" / "help"
    return sorted(folder.glob("*.txt")) if folder.is_dir() else []


@pytest.mark.parametrize("args", HELPS, ids=" ".join)
def test_kept_help_is_typers_byte_for_byte_without_typer(tmp_path, args):
    typer_run, typer_modules = handout(args, tmp_path)
    assert typer_run.returncode == 0 and "typer" in typer_modules  # rendered by Typer
    assert typer_run.stdout.startswith(b"Usage: python -m handout ")
    assert len(entries(tmp_path)) == 1
    kept_run, kept_modules = handout(args, tmp_path)
    assert kept_run.returncode == 0
    assert kept_run.stdout == typer_run.stdout
    assert kept_run.stderr.count(b"\n") == len(kept_modules)  # nothing but the import times
    assert not {m for m in kept_modules if m.split(".")[0] in ("typer", "click", "pydantic")}
    assert "handout.cli" not in kept_modules


def test_each_width_and_command_has_its_own_entry(tmp_path):
    narrow, _ = handout(["build", "--help"], tmp_path, columns="60")
    wide, _ = handout(["build", "--help"], tmp_path, columns="120")
    top, _ = handout(["--help"], tmp_path, columns="60")
    assert len({narrow.stdout, wide.stdout, top.stdout}) == 3
    assert len(entries(tmp_path)) == 3
    assert handout(["build", "--help"], tmp_path, columns="60")[0].stdout == narrow.stdout
    assert handout(["build", "--help"], tmp_path, columns="120")[0].stdout == wide.stdout


def test_a_changed_cli_is_rendered_anew(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "handout", src / "handout",
                    ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path / "cache"
    first, _ = handout(["build", "--help"], cache, src)
    assert handout(["build", "--help"], cache, src)[1].isdisjoint({"typer"})  # kept
    cli = src / "handout" / "cli.py"
    source = cli.read_text(encoding="utf-8")
    assert '"Build every clinic."' in source
    cli.write_text(source.replace('"Build every clinic."', '"Build each and every clinic."'),
                   encoding="utf-8")
    changed, modules = handout(["build", "--help"], cache, src)
    assert "typer" in modules  # the entry no longer matches cli.py: Typer renders the help
    assert b"Build each and every clinic." in changed.stdout
    assert changed.stdout != first.stdout
    again, modules = handout(["build", "--help"], cache, src)
    assert again.stdout == changed.stdout and "typer" not in modules  # and the new one is kept


def test_a_damaged_or_foreign_entry_is_ignored(tmp_path):
    typer_run, _ = handout(["--help"], tmp_path)
    (entry,) = entries(tmp_path)
    for damaged in (b"\xff\xfe garbage", b"handout-help 1\n\nnot the help\n",  # names no file
                    entry.read_bytes()[:40], entry.read_bytes().replace(b"help 1", b"help 0")):
        entry.write_bytes(damaged)
        result, modules = handout(["--help"], tmp_path)
        assert result.stdout == typer_run.stdout and "typer" in modules
    lines = entry.read_text(encoding="utf-8").split("\n")
    entry.write_text("\n".join([lines[0], "0" * 64 + lines[1][64:], *lines[2:]]),
                     encoding="utf-8")  # a file's digest no longer matches
    result, modules = handout(["--help"], tmp_path)
    assert result.stdout == typer_run.stdout and "typer" in modules


def test_errors_and_commands_are_never_kept(tmp_path):
    bad, _ = handout(["bogus", "--help"], tmp_path)
    assert bad.returncode == 2 and b"No such command" in bad.stderr
    version, _ = handout(["--version"], tmp_path)
    assert version.returncode == 0 and version.stdout.startswith(b"handout ")
    listed, _ = handout(["list", "--root", str(ROOT)], tmp_path)
    assert listed.returncode == 0
    assert entries(tmp_path) == []


def test_an_unwritable_cache_still_prints_the_help(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    result, modules = handout(["--help"], blocked)
    assert result.returncode == 0 and result.stdout.startswith(b"Usage: ")
    assert b"Traceback" not in result.stderr
