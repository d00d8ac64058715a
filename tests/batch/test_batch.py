"""Batch builds: every clinic at once, in worker processes, the same bytes as one at a time."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_project


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "handout", *args], cwd=cwd, capture_output=True,
                          text=True)


def pdfs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.pdf"))}


@pytest.fixture(scope="module")
def batched(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """One ``handout build --all --jobs 2``: what it printed, and its output folder."""
    out = tmp_path_factory.mktemp("batch")
    result = run("build", "--all", "--jobs", "2", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return result, out


def folder_of(shipped) -> Path:
    """The output folder of the session's shared build (``build_clinic`` of every shipped guide
    for every shipped clinic, one at a time in one process: the single builds compared here)."""
    (folder,) = {path.parents[1] for files in shipped.values() for path in files.values()}
    return folder


def test_batch_in_workers_writes_the_bytes_of_single_builds(project, batched, shipped):
    written, single = pdfs(batched[1]), pdfs(folder_of(shipped))
    assert sorted(written) == sorted(single)
    # handout, booklet, its print edition and large print of every guide for every clinic
    assert len(single) == 4 * len(project.clinic_names()) * len(project.guide_ids())
    for name in single:
        assert written[name] == single[name], name


def test_summary_table_names_every_clinic(project, batched):
    rows = [line for line in batched[0].stdout.splitlines() if "│" in line]
    for clinic in project.clinic_names():
        assert any(clinic in row and " ok " in row for row in rows), clinic
    editions = 4 * len(project.guide_ids())  # 4 PDFs a guide for every clinic
    assert any("3 clinics" in row and f" {3 * editions} " in row for row in rows)


def test_a_failing_clinic_does_not_stop_the_others(tmp_path):
    project = copy_project(tmp_path)
    clinic = project.clinics_dir / "harbor-light.yaml"
    clinic.write_text(clinic.read_text().replace('"(207) 555-0196"', "call us"))
    out = tmp_path / "out"
    result = run("build", "--all", "--jobs", "2", "--out", str(out), "--root", str(project.root))
    assert result.returncode == 1
    assert "error: harbor-light: 1 problem found:" in result.stderr
    assert "content/clinics/harbor-light.yaml:17:10: contact.phone: expected a phone number" \
        in result.stderr
    assert "1 of 3 clinics failed" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted({name.split("/")[0] for name in pdfs(out)}) == ["boulder", "willamette"]
    assert any("harbor-light" in row and "failed" in row for row in result.stdout.splitlines())


def test_unknown_guide_is_reported_before_any_work(tmp_path):
    result = run("build", "--all", "--guide", "ketamine", "--out", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.startswith("error: unknown guide 'ketamine'")
    assert not any(tmp_path.iterdir())


def test_jobs_must_be_positive(tmp_path):
    result = run("build", "--all", "--jobs", "0", "--out", str(tmp_path))
    assert result.returncode == 2 and "--jobs" in result.stderr


def test_booklet_options_reach_the_workers(project, shipped, marked, tmp_path):
    """The single builds compared are the session's: the booklet (laid out alike whatever the
    sheets' options) and its print edition imposed with ``--marks --flip long`` (``marked``,
    the bytes a build writes: tests/render/test_pdfua.py)."""
    result = run("build", "--all", "--jobs", "2", "--format", "booklet", "--flip", "long",
                 "--marks", "--out", str(tmp_path / "batch"))
    assert result.returncode == 0, result.stderr
    single = {}
    for (clinic, guide), files in shipped.items():
        single[f"{clinic}/{guide}-booklet.pdf"] = files["booklet"].read_bytes()
        single[f"{clinic}/{guide}-booklet-print.pdf"] = marked[(clinic, guide, "en")].read_bytes()
    batch = pdfs(tmp_path / "batch")
    assert sorted(batch) == sorted(single)
    assert {name.rsplit("/")[-1] for name in single} == {
        f"{guide}-{edition}.pdf" for guide in project.guide_ids()
        for edition in ("booklet", "booklet-print")}
    for name in single:
        assert batch[name] == single[name], name


def test_spawned_workers_write_the_bytes_of_forked_ones(project, tmp_path):
    """Windows and macOS start workers with spawn: nothing may depend on what fork inherits."""
    from handout import batch
    from handout.plan import Request, Settings

    settings = Settings(flip="long", marks=True, created=1_790_000_000)
    for method in ("spawn", "fork"):
        result = batch.make(Request(ROOT, None, tmp_path / method, settings=settings), jobs=2,
                            start_method=method)
        assert not result.failures, result.failures
        assert len(result.outcomes) == len(project.clinic_names())
    spawned, forked = pdfs(tmp_path / "spawn"), pdfs(tmp_path / "fork")
    assert sorted(spawned) == sorted(forked)
    assert len(spawned) == 4 * len(project.clinic_names()) * len(project.guide_ids())
    for name in forked:
        assert spawned[name] == forked[name], name
