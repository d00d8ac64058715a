"""Incremental builds: an unchanged edition is not rebuilt; any change to what it is made of is."""

import shutil

import pytest

from handout import batch
from handout.cache import FILE_NAME
from handout.plan import Request, Settings
from tests.conftest import GUIDE, ROOT, copy_project

CLINICS = ["boulder", "harbor-light", "willamette"]


@pytest.fixture
def project(tmp_path):
    project = copy_project(tmp_path)
    (project.root / "fonts").unlink()  # a real copy: one test edits a font
    shutil.copytree(ROOT / "fonts", project.root / "fonts")
    return project


def build(project, out, force=False, settings=None):
    """Plan and run a batch in this process; give the clinics whose editions were rebuilt."""
    result = batch.make(Request(project.root, None, out, settings=settings or Settings(),
                                force=force))
    assert not result.failures, result.failures
    return sorted({o.clinic for o in result.outcomes})


@pytest.fixture
def out(project, tmp_path):
    out = tmp_path / "out"
    assert build(project, out) == CLINICS
    return out


def test_nothing_changed_nothing_rebuilt(project, out):
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")}
    assert build(project, out) == []
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")} == before


def test_force_rebuilds_everything(project, out):
    assert build(project, out, force=True) == CLINICS


def test_editing_a_clinic_rebuilds_that_clinic_only(project, out):
    clinic = project.clinics_dir / "willamette.yaml"
    clinic.write_text(clinic.read_text().replace("Salem clinic", "Salem office"))
    assert build(project, out) == ["willamette"]
    assert build(project, out) == []


def test_editing_a_logo_rebuilds_its_clinic(project, out):
    logo = project.root / "assets" / "boulder" / "logo.svg"
    logo.write_text(logo.read_text().replace("</svg>", "<!-- new --></svg>"))
    assert build(project, out) == ["boulder"]


def test_editing_a_font_rebuilds_everything(project, out):
    font = project.root / "fonts" / "NotoSerif-Italic.ttf"
    font.write_bytes(font.read_bytes() + b"\0")
    assert build(project, out) == CLINICS


def test_editing_the_guide_rebuilds_everything(project, out):
    guide = project.guides_dir / f"{GUIDE}.yaml"
    guide.write_text(guide.read_text().replace('version: "1.0"', 'version: "1.1"'))
    assert build(project, out) == CLINICS


def test_a_new_logo_reference_is_followed(project, out):
    clinic = project.clinics_dir / "harbor-light.yaml"
    shutil.copy(project.root / "assets" / "boulder" / "logo.svg", project.root / "harbor.svg")
    clinic.write_text(clinic.read_text().replace(
        '  primary: "#F2A900"', '  primary: "#F2A900"\n  logo: {file: harbor.svg, alt: A lighthouse}'))
    assert build(project, out) == ["harbor-light"]
    (project.root / "harbor.svg").write_text((project.root / "harbor.svg").read_text() + " ")
    assert build(project, out) == ["harbor-light"]


def test_other_options_rebuild(project, out):
    assert build(project, out, settings=Settings(created=1767225600)) == CLINICS


def test_booklet_print_options_rebuild_only_the_booklet(project, out):
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")}
    assert build(project, out, settings=Settings(flip="long", marks=True)) == CLINICS
    changed = sorted({p.name for p in out.rglob("*.pdf") if p.stat().st_mtime_ns != before[p]})
    assert changed == [f"{GUIDE}-booklet-print.pdf", f"{GUIDE}-booklet.pdf"]
    assert build(project, out, settings=Settings(flip="long", marks=True)) == []


def test_bleed_rebuilds_the_handout_and_booklet_not_large_print(project, out):
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")}
    assert build(project, out, settings=Settings(bleed=True)) == CLINICS
    changed = sorted({p.name for p in out.rglob("*.pdf") if p.stat().st_mtime_ns != before[p]})
    assert changed == [f"{GUIDE}-booklet-print.pdf", f"{GUIDE}-booklet.pdf", f"{GUIDE}.pdf"]
    assert build(project, out, settings=Settings(bleed=True)) == []
    assert build(project, out) == CLINICS  # and back for the office


def test_a_pdf_deleted_or_changed_by_hand_is_rebuilt(project, out):
    (out / "boulder" / f"{GUIDE}.pdf").unlink()
    pdf = out / "willamette" / f"{GUIDE}.pdf"
    pdf.write_bytes(pdf.read_bytes()[:-10])
    assert build(project, out) == ["boulder", "willamette"]


def test_a_damaged_record_means_rebuild_not_error(project, out):
    (out / FILE_NAME).write_text("{not json")
    assert build(project, out) == CLINICS
    assert build(project, out) == []


def test_a_failed_clinic_is_retried_and_the_others_are_not(project, out):
    clinic = project.clinics_dir / "boulder.yaml"
    good = clinic.read_text()
    clinic.write_text(good.replace('"(303) 555-0142"', "call us"))
    for _ in range(2):  # the old PDF stays, and is not taken as up to date
        result = batch.make(Request(project.root, tuple(CLINICS), out, (GUIDE,)))
        assert [o.clinic for o in result.outcomes] == ["boulder"]
        assert [o.clinic for o in result.failures] == ["boulder"]
    clinic.write_text(good.replace("Pearl Street office", "Pearl Street"))
    assert build(project, out) == ["boulder"]
