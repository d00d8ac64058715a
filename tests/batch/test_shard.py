"""Sharding: `--shard K/N` builds a fixed share of the editions; the shares make the whole build."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handout.cache import FILE_NAME, Entry, Record
from handout.errors import UsageError
from handout.plan import Request, Shard, plan
from tests.conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "handout", *args], cwd=ROOT, capture_output=True,
                          text=True)


def pdfs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.pdf"))}


def editions(request: Request) -> list[tuple[str, str, str]]:
    return sorted((e.clinic, e.guide, e.format) for e in plan(request, Record(request.out_dir, {})).stale)


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8])
def test_every_edition_is_built_by_exactly_one_shard(project, tmp_path, count):
    whole = Request(project.root, None, tmp_path)
    shares = [editions(Request(project.root, None, tmp_path, shard=Shard(k, count)))
              for k in range(1, count + 1)]
    assert sorted(e for share in shares for e in share) == editions(whole)
    assert sum(len(share) for share in shares) == len(editions(whole))  # none twice


def test_a_shard_is_the_same_whatever_else_is_built():
    names = [(f"clinic-{i:04d}", guide, fmt) for i in range(2000)
             for guide in ("ketamine-benefits-risks", "aftercare") for fmt in ("handout", "booklet")]
    shards = [Shard(k, 7) for k in range(1, 8)]
    owners = [[s for s in shards if s.holds(*name)] for name in names]
    assert all(len(o) == 1 for o in owners)
    sizes = [sum(1 for o in owners if o[0] == s) for s in shards]
    assert max(sizes) < 1.15 * len(names) / 7 < 1.15 * 1.15 * min(sizes)  # even enough
    # an edition's shard depends on its own names only, not on the other editions or on jobs
    assert [s.index for s in shards if s.holds("clinic-0042", "aftercare", "booklet")] == \
        [o[0].index for n, o in zip(names, owners, strict=True)
         if n == ("clinic-0042", "aftercare", "booklet")]


def test_shards_built_apart_and_together_make_the_full_build(project, shipped, tmp_path):
    # the full build: the session's shared one, every shipped clinic and guide (the bytes of
    # `handout build --all`: tests/batch/test_batch.py)
    (full,) = {path.parents[1] for files in shipped.values() for path in files.values()}
    together, apart = tmp_path / "together", tmp_path / "apart"
    # shards 1 and 2 at the same time into one folder; shard 3 on "another machine", copied in
    running = [subprocess.Popen([sys.executable, "-m", "handout", "build", "--all", "--jobs", "1",
                                 "--shard", f"{k}/3", "--out", str(together)], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
               for k in (1, 2)]
    third = run("build", "--all", "--jobs", "1", "--shard", "3/3", "--out", str(apart))
    assert third.returncode == 0, third.stderr
    for proc in running:
        assert proc.wait() == 0, proc.stderr.read()
    assert not (together / FILE_NAME).exists()  # shards never write the folder's own record
    shares = [pdfs(together), pdfs(apart)]
    assert not set(shares[0]) & set(shares[1])  # disjoint files
    shutil.copytree(apart, together, dirs_exist_ok=True)
    assert pdfs(together) == pdfs(full)  # the union is the full build, byte for byte
    # the records merged: a full build in the combined folder finds nothing to do
    again = run("build", "--all", "--jobs", "1", "--out", str(together))
    assert again.returncode == 0, again.stderr
    files = len(pdfs(full))  # every clinic × guide × format file, print editions included
    clinics = len(project.clinic_names())
    assert any(f"{clinics} clinics" in row and " 0 " in row and f" {files} " in row
               for row in again.stdout.splitlines()), again.stdout


def entry(output: str) -> Entry:
    return Entry("key", {}, output)


def test_a_shard_record_keeps_its_own_entries_and_the_newest_wins(tmp_path):
    folder = tmp_path / "out"
    whole = Record.load(folder)
    whole.remember(folder / "a.pdf", entry("old-a"))
    whole.remember(folder / "b.pdf", entry("old-b"))
    whole.save()
    one, two = Record.load(folder, "1-of-2"), Record.load(folder, "2-of-2")
    assert one.entries["a.pdf"].output == "old-a"  # every record is read
    two.remember(folder / "b.pdf", entry("new-b"))
    two.save()
    one.remember(folder / "a.pdf", entry("new-a"))
    one.save()  # after two, still holding old-b from the folder's record: it must not write it
    saved = json.loads((folder / ".handout-cache.1-of-2.json").read_text())
    assert sorted(saved["editions"]) == ["a.pdf"]
    merged = Record.load(folder)
    assert {n: e.output for n, e in merged.entries.items()} == {"a.pdf": "new-a", "b.pdf": "new-b"}


def test_an_unreadable_shard_record_costs_only_its_entries(tmp_path):
    folder = tmp_path / "out"
    whole = Record.load(folder)
    whole.remember(folder / "a.pdf", entry("a"))
    whole.save()
    (folder / ".handout-cache.2-of-2.json").write_text("{not json")
    assert {n: e.output for n, e in Record.load(folder).entries.items()} == {"a.pdf": "a"}


@pytest.mark.parametrize("value", ["0/3", "4/3", "3", "x/y", "1/0", "-1/2", "", "1/2/3"])
def test_bad_shard_is_a_usage_error(tmp_path, value):
    out = tmp_path / "out"
    result = run("build", "--all", "--shard", value, "--out", str(out))
    assert result.returncode == 2
    assert result.stderr == (f"error: --shard: expected K/N, share K of N with 1 ≤ K ≤ N "
                             f"(for example 2/8), got {value!r}\n")
    assert not out.exists()
    with pytest.raises(UsageError):
        Shard.parse(value)


def test_a_shard_with_no_editions_succeeds_and_writes_nothing(project, tmp_path):
    names = [(c, g, f) for c in project.clinic_names() for g in project.guide_ids()
             for f in ("handout", "booklet", "large-print")]
    empty = next(k for k in range(1, 100) if not any(Shard(k, 100).holds(*n) for n in names))
    out = tmp_path / "out"
    result = run("build", "--all", "--shard", f"{empty}/100", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "0 clinics" in result.stdout
    assert not out.exists()
