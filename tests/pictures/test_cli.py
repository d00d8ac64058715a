"""Pictures as a clinic supplies them, tried from the command line: every one either builds or
stops with a content error at the clinic's (or guide's) file, line and key, exit status 2,
nothing written, an earlier PDF untouched; never an internal error (exit status 3)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PIL import Image

from tests.conftest import GUIDE, copy_project
from tests.pictures.make import encode, exif_orientation, png_by_hand

CLINIC = "content/clinics/boulder.yaml"
PHOTO = encode(Image.radial_gradient("L").convert("RGB").resize((400, 300)), "JPEG")
FIGURE = """    overrides:
      - op: append
        after: more-you-know
        block: {id: clinic-photo, kind: figure, asset: assets/boulder/FILE, alt: "Our waiting room"}
"""


def run(project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "handout", *args], cwd=project.root,
                          capture_output=True, text=True)


def with_picture(tmp_path, name: str, data: bytes, figure: bool = False):
    project = copy_project(tmp_path)
    (project.root / "assets" / "boulder" / name).write_bytes(data)
    clinic = project.root / CLINIC
    text = clinic.read_text(encoding="utf-8")
    if figure:
        text = text.replace("    overrides:\n", FIGURE.replace("FILE", name), 1)
    else:
        text = text.replace("file: assets/boulder/logo.svg", f"file: assets/boulder/{name}")
    clinic.write_text(text, encoding="utf-8")
    return project


@pytest.mark.parametrize("name, data, figure, message", [
    ("logo.png", png_by_hand(20_000, 20_000, 8, 0), False,
     "content/clinics/boulder.yaml:15:11: brand.logo.file: expected a picture of at most 40 "
     "megapixels, got 20,000 × 20,000 pixels (400 megapixels); reduce it to at most 5,000 pixels "
     "on its longer side in an image editor"),
    ("logo.jpg", PHOTO[:len(PHOTO) // 2], False,
     "content/clinics/boulder.yaml:15:11: brand.logo.file: expected a JPEG picture, got a damaged "
     "or incomplete JPEG file (image file is truncated (4 bytes not processed)); save or "
     "download it again"),
    ("logo.heic", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", False,
     "content/clinics/boulder.yaml:15:11: brand.logo.file: expected a PNG, JPEG, WebP or SVG "
     "file, got a HEIC file (assets/boulder/logo.heic); export it as JPEG, with File > Export "
     "in Preview on a Mac; an iPhone takes JPEGs from then on with Settings > Camera > Formats > "
     "Most Compatible"),
    ("room.png", encode(Image.new("RGB", (300, 200)))[:90], True,
     "content/clinics/boulder.yaml:69:56: guides.ketamine-benefits-risks.overrides[0].block.asset: "
     "expected a PNG picture, got "
     "a damaged or incomplete PNG file (image file is truncated); save or download it again"),
], ids=["bomb", "truncated", "heic", "figure-added-by-the-clinic"])
def test_a_picture_a_clinic_cannot_print_is_a_content_error(tmp_path, name, data, figure,
                                                            message):
    project = with_picture(tmp_path, name, data, figure)
    earlier = tmp_path / "out" / "boulder" / f"{GUIDE}.pdf"
    earlier.parent.mkdir(parents=True)
    earlier.write_bytes(b"%PDF-1.4 an earlier good build\n")
    for command in (("build", "--clinic", "boulder", "--out", str(tmp_path / "out")),
                    ("check", "--clinic", "boulder")):
        result = run(project, *command)
        assert result.returncode == 2, result.stderr
        assert f"  {message}" in result.stderr.splitlines() or (
            f"error: {message}" in result.stderr.splitlines()), result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert earlier.read_bytes() == b"%PDF-1.4 an earlier good build\n"
    assert sorted(p.name for p in earlier.parent.iterdir()) == [earlier.name]


def test_a_phone_photo_and_a_webp_logo_build(tmp_path):
    photo = encode(Image.new("RGB", (1200, 800), "#884422"), "JPEG", exif=exif_orientation(6))
    project = with_picture(tmp_path, "room.jpg", photo, figure=True)
    (project.root / "assets" / "boulder" / "logo.webp").write_bytes(
        encode(Image.new("RGBA", (600, 200), (29, 91, 121, 200)), "WEBP"))
    clinic = project.root / CLINIC
    clinic.write_text(clinic.read_text().replace("logo.svg", "logo.webp"))
    result = run(project, "build", "--clinic", "boulder", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "out" / "boulder").glob("*.pdf"))) == 4 * len(project.guide_ids())
