"""Incremental builds: an unchanged edition is not rebuilt; any change to what it is made of is,
and what the rebuild writes is byte for byte what a cold build of the changed project writes.

The project is the sampler's short guide for two clinics (one with an SVG logo, one with a PNG
logo): every input kind an edition has, built in well under a second. The rebuilds run in this
process, after it has built everything once, as in ``handout serve``; where an input changed,
the cold build they are compared with runs in a fresh process, so that nothing the first build
kept in memory can hide a stale result (a font edited under a warm process is one such case).
"""

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from handout import batch
from handout.cache import FILE_NAME
from handout.plan import Request, Settings
from handout.project import Project
from tests.conftest import sampler_project

GUIDE = "short"
CLINICS = ["hillcrest", "lakeside"]


@pytest.fixture(scope="module")
def first_build(tmp_path_factory) -> tuple[Path, Path]:
    """(work folder, a copy of it) holding the project and its first build: built once, and
    restored to the same folder for each test, since the build record names files by path."""
    work = tmp_path_factory.mktemp("incremental") / "work"
    project = sampler_project(work, fonts="copy")  # a real copy: one test edits a font
    (project.clinics_dir / "longfees.yaml").unlink()  # two clinics are enough, and quicker
    assert project.clinic_names() == CLINICS
    assert build(project, work / "out") == CLINICS
    snapshot = work.parent / "snapshot"
    shutil.copytree(work, snapshot, symlinks=True)
    return work, snapshot


@pytest.fixture
def project(first_build) -> Project:
    work, snapshot = first_build
    shutil.rmtree(work)
    shutil.copytree(snapshot, work, symlinks=True)
    return Project.at(work / "sampler")


def build(project, out, force=False, settings=None):
    """Plan and run a batch in this process; give the clinics whose editions were rebuilt."""
    result = batch.make(Request(project.root, tuple(CLINICS), out, (GUIDE,),
                                settings=settings or Settings(), force=force))
    assert not result.failures, result.failures
    return sorted({o.clinic for o in result.outcomes})


def pdfs(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.pdf"))}


def same_as_cold(project, out, *options, epoch=""):
    """The PDFs in ``out`` are those a fresh process writes for the project as it is now."""
    cold = out.parent / "cold"
    env = {**os.environ, "XDG_RUNTIME_DIR": str(out.parent / "no-server"),  # never a warm one
           "SOURCE_DATE_EPOCH": epoch}
    result = subprocess.run([sys.executable, "-m", "handout", "build", "--all", "--jobs", "1",
                             "--guide", GUIDE, "--root", str(project.root), "--out", str(cold),
                             *options], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    warm, fresh = pdfs(out), pdfs(cold)
    assert sorted(warm) == sorted(fresh) and len(fresh) == 4 * len(CLINICS)
    assert [name for name in fresh if warm[name] != fresh[name]] == []


@pytest.fixture
def out(project) -> Path:
    return project.root.parent / "out"


def test_nothing_changed_nothing_rebuilt(project, out):
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")}
    assert build(project, out) == []
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")} == before


def test_force_rebuilds_everything(project, out):
    assert build(project, out, force=True) == CLINICS


def test_editing_a_clinic_rebuilds_that_clinic_only(project, out):
    clinic = project.clinics_dir / "hillcrest.yaml"
    clinic.write_text(clinic.read_text().replace("Upper clinic", "Upper office"))
    assert build(project, out) == ["hillcrest"]
    same_as_cold(project, out)
    assert build(project, out) == []


def test_editing_a_logo_rebuilds_its_clinic(project, out):
    logo = project.root / "assets" / "lakeside" / "logo.svg"
    logo.write_text(logo.read_text().replace('fill="#E3A72F"', 'fill="#C0392B"'))
    assert build(project, out) == ["lakeside"]
    same_as_cold(project, out)


def test_editing_a_png_logo_rebuilds_its_clinic(project, out):
    from PIL import Image

    logo = project.root / "assets" / "hillcrest" / "logo.png"
    with Image.open(logo) as picture:
        picture.convert("RGB").transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(logo)
    assert build(project, out) == ["hillcrest"]
    same_as_cold(project, out)


def test_editing_a_font_rebuilds_everything(project, out):
    fonts = project.root / "fonts"
    shutil.copy(fonts / "NotoSans-Bold.ttf", fonts / "NotoSans-Regular.ttf")  # other widths
    assert build(project, out) == CLINICS
    same_as_cold(project, out)


def test_editing_the_guide_rebuilds_everything(project, out):
    guide = project.guides_dir / f"{GUIDE}.yaml"
    guide.write_text(guide.read_text().replace("Ask your insurer.", "Ask your insurer first."))
    assert build(project, out) == CLINICS
    same_as_cold(project, out)


def test_a_new_logo_reference_is_followed(project, out):
    clinic = project.clinics_dir / "lakeside.yaml"
    clinic.write_text(clinic.read_text().replace("file: assets/lakeside/logo.svg",
                                                 "file: other.svg"))
    shutil.copy(project.root / "assets" / "lakeside" / "logo.svg", project.root / "other.svg")
    assert build(project, out) == ["lakeside"]
    other = project.root / "other.svg"
    other.write_text(other.read_text().replace('fill="#1D5B79"', 'fill="#123456"'))
    assert build(project, out) == ["lakeside"]
    same_as_cold(project, out)


def test_other_options_rebuild(project, out, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # as the command line would have it
    assert build(project, out, settings=Settings(created=1767225600)) == CLINICS
    same_as_cold(project, out, epoch="1767225600")


def test_the_creation_date_is_decided_by_the_settings_alone(project, tmp_path, monkeypatch):
    """A build given its date in ``Settings`` (as a served or batch build is) writes the bytes
    of one given it in the environment, whatever the environment of the process says."""
    request = Request(project.root, ("hillcrest",), tmp_path / "settings", (GUIDE,), ("handout",),
                      Settings(created=1767225600))
    assert not batch.make(request).failures
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert not batch.make(replace(request, out_dir=tmp_path / "environment")).failures
    pdf = f"hillcrest/{GUIDE}.pdf"
    assert pdfs(tmp_path / "settings")[pdf] == pdfs(tmp_path / "environment")[pdf]


def test_booklet_print_options_rebuild_only_the_booklet(project, out):
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")}
    assert build(project, out, settings=Settings(flip="long", marks=True)) == CLINICS
    changed = sorted({p.name for p in out.rglob("*.pdf") if p.stat().st_mtime_ns != before[p]})
    assert changed == [f"{GUIDE}-booklet-print.pdf", f"{GUIDE}-booklet.pdf"]
    same_as_cold(project, out, "--flip", "long", "--marks")
    assert build(project, out, settings=Settings(flip="long", marks=True)) == []


def test_a_pdf_deleted_or_changed_by_hand_is_rebuilt(project, out):
    (out / "lakeside" / f"{GUIDE}.pdf").unlink()
    pdf = out / "hillcrest" / f"{GUIDE}.pdf"
    pdf.write_bytes(pdf.read_bytes()[:-10])
    assert build(project, out) == CLINICS


def test_a_damaged_record_means_rebuild_not_error(project, out):
    (out / FILE_NAME).write_text("{not json")
    assert build(project, out) == CLINICS
    assert build(project, out) == []


def test_a_failed_clinic_is_retried_and_the_others_are_not(project, out):
    clinic = project.clinics_dir / "lakeside.yaml"
    good = clinic.read_text()
    clinic.write_text(good.replace('"(303) 555-0100"', "call us"))
    for _ in range(2):  # the old PDF stays, and is not taken as up to date
        result = batch.make(Request(project.root, tuple(CLINICS), out, (GUIDE,)))
        assert [o.clinic for o in result.outcomes] == ["lakeside"]
        assert [o.clinic for o in result.failures] == ["lakeside"]
    clinic.write_text(good.replace("Lake Street office", "Lake Street"))
    assert build(project, out) == ["lakeside"]
