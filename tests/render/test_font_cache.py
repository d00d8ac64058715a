"""Parsed font tables kept in the user's cache folder: same PDFs, and never trusted blindly."""

import hashlib
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from handout import font_cache
from handout.digest import of_file
from handout.project import Project
from tests.conftest import GUIDE, ROOT

FONT = ROOT / "fonts" / "NotoSans-Bold.ttf"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "handout" / "fonts"


def same_font(made: TTFont, parsed: TTFont) -> None:
    assert made.face.charWidths == parsed.face.charWidths
    assert made.face.charToGlyph == parsed.face.charToGlyph
    assert made.stringWidth("Ketamine, naïve — 42", 12) == parsed.stringWidth("Ketamine, naïve — 42", 12)


def the_entry(cache):
    entries = list(cache.iterdir())
    assert len(entries) == 1, entries
    return entries[0]


def test_the_cache_folder_follows_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert font_cache.folder() == tmp_path / "handout" / "fonts"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # the XDG rule: ignored unless absolute
    assert font_cache.folder() == Path.home() / ".cache" / "handout" / "fonts"


def test_a_font_is_parsed_once_then_made_from_its_tables(cache):
    parsed = TTFont("cache-test", str(FONT))
    first = font_cache.font("cache-test-1", FONT, of_file(FONT))
    entry = the_entry(cache)
    written = entry.stat().st_mtime_ns
    second = font_cache.font("cache-test-2", FONT, of_file(FONT))
    assert entry.stat().st_mtime_ns == written  # read, not written again
    assert second.fontName == "cache-test-2"
    same_font(first, parsed)
    same_font(second, parsed)


@pytest.mark.parametrize("damage", ["truncated", "flipped", "empty"])
def test_a_damaged_entry_is_parsed_again_and_rewritten(cache, damage):
    font_cache.font("cache-test", FONT, of_file(FONT))
    entry = the_entry(cache)
    good = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(good[: len(good) // 2])
    elif damage == "flipped":
        entry.write_bytes(good[:-10] + bytes([good[-10] ^ 1]) + good[-9:])
    else:
        entry.write_bytes(b"")
    same_font(font_cache.font("cache-test", FONT, of_file(FONT)), TTFont("x", str(FONT)))
    assert entry.read_bytes() == good


def test_an_entry_that_would_run_code_is_refused(cache, tmp_path):
    font_cache.font("cache-test", FONT, of_file(FONT))
    entry = the_entry(cache)
    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    payload = pickle.dumps({"unitsPerEm": Evil()})
    entry.write_bytes(hashlib.sha256(payload).digest() + payload)  # a valid digest, even
    same_font(font_cache.font("cache-test", FONT, of_file(FONT)), TTFont("x", str(FONT)))
    assert not marker.exists()


def test_a_cache_folder_that_cannot_be_written_is_not_used(cache):
    cache.parent.mkdir(parents=True)
    cache.write_text("a file where the folder should be")
    same_font(font_cache.font("cache-test", FONT, of_file(FONT)), TTFont("x", str(FONT)))
    assert cache.read_text() == "a file where the folder should be"


def test_builds_with_a_cold_and_a_warm_cache_write_the_same_bytes(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    pdfs = []
    for run in ("cold", "warm"):
        out = tmp_path / run
        result = subprocess.run([sys.executable, "-m", "handout", "build", "--clinic", "boulder",
                                 "--out", str(out)], cwd=ROOT, env=env, capture_output=True,
                                text=True)
        assert result.returncode == 0, result.stderr
        pdfs.append({p.name: p.read_bytes() for p in sorted((out / "boulder").glob("*.pdf"))})
        assert len(list((tmp_path / "cache" / "handout" / "fonts").iterdir())) == 6
    guides = len(Project.at(ROOT).guide_ids())  # the English guides, as a build without --lang
    assert len(pdfs[0]) == 4 * guides and pdfs[0] == pdfs[1]  # four files a guide
    assert f"{GUIDE}.pdf" in pdfs[0]
