"""File digests kept between the builds of a session: never an old digest for new content."""

import os

import pytest

from handout import digest
from handout.digest import Digests, Known, of_file
from tests.conftest import ROOT


@pytest.fixture
def reads(monkeypatch):
    """The files ``of_file`` reads, in order."""
    seen = []
    real = digest.of_file

    def counting(path):
        seen.append(path.name)
        return real(path)

    monkeypatch.setattr(digest, "of_file", counting)
    return seen


def test_a_settled_unchanged_file_is_read_once_per_session(reads):
    font = ROOT / "fonts" / "NotoSans-Regular.ttf"  # unchanged for longer than SETTLED_NS
    known = Known()
    first = [Digests(known).file(font) for _ in range(3)]
    assert first == [of_file(font)] * 3
    assert reads == ["NotoSans-Regular.ttf"]


def test_an_edit_is_seen_even_with_size_and_modification_time_restored(tmp_path, reads,
                                                                        monkeypatch):
    monkeypatch.setattr(digest, "SETTLED_NS", 0)  # keep what was just written
    path = tmp_path / "clinic.yaml"
    path.write_text("name: A\n")
    known = Known()
    before = Digests(known).file(path)
    assert Digests(known).file(path) == before and reads == ["clinic.yaml"]
    times = os.stat(path)
    path.write_text("name: B\n")  # same size
    os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))  # the change time moves anyway
    assert Digests(known).file(path) == of_file(path) != before


def test_a_file_written_just_before_it_was_hashed_is_hashed_again(tmp_path, reads):
    path = tmp_path / "guide.yaml"
    path.write_text("id: x\n")
    known = Known()
    assert Digests(known).file(path) == Digests(known).file(path) == of_file(path)
    assert reads == ["guide.yaml", "guide.yaml"]


def test_a_file_that_is_gone_has_no_digest(tmp_path, monkeypatch):
    monkeypatch.setattr(digest, "SETTLED_NS", 0)
    path = tmp_path / "logo.png"
    path.write_bytes(b"\x89PNG")
    known = Known()
    assert Digests(known).file(path) is not None
    path.unlink()
    assert Digests(known).file(path) is None
