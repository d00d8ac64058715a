"""``handout new clinic`` and ``handout new guide``: flag and prompted forms, files that build at
once in every format, the build's own messages for wrong values, and nothing overwritten."""

from __future__ import annotations

import datetime as dt
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml
from PIL import Image

import handout
from handout.build import build_clinic
from handout.editing import templates
from handout.model.guide import BLOCK_KINDS
from handout.model.parts import walk
from handout.outputs import FILES
from handout.project import Project
from tests.conftest import GUIDE, ROOT, copy_project, pdf_text

RIVER_BEND = ["--name", "River Bend Clinic", "--phone", "(503) 555-0199", "--colour", "#2E6B3F"]


def new(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "handout", "new", *args], cwd=cwd,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)


def empty_project(tmp_path: Path) -> Project:
    root = tmp_path / "network"
    (root / "content" / "clinics").mkdir(parents=True)
    (root / "content" / "guides").mkdir(parents=True)
    (root / "fonts").symlink_to(ROOT / "fonts")
    return Project.at(root)


def test_a_new_clinic_from_options_builds_in_every_format(tmp_path):
    project = copy_project(tmp_path)
    result = new("clinic", "river-bend", *RIVER_BEND, "--paper", "a4", cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "wrote content/clinics/river-bend.yaml"
    text = (project.clinics_dir / "river-bend.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/clinic.schema.json\n")
    for example in ("# short_name:", "  # accent:", "  # logo:", "  # email:", "  # website:",
                    "  # booking:", "  # hours:", "  # locations:", "# pricing:",
                    "# disclaimer:", f"# guides:\n#   {project.guide_ids()[0]}:\n#     overrides:"):
        assert example in text, example
    made = build_clinic(project, "river-bend", project.guide_ids(), tmp_path / "out")
    assert sorted(m.format for m in made) == sorted(
        [*FILES, *(f"{f}-print" for f, files in FILES.items() if files.print_suffix)]
        * len(project.guide_ids()))  # every shipped guide, in every format
    handout = next(m.path for m in made if m.format == "handout" and m.edition.guide == GUIDE)
    assert "River Bend Clinic" in pdf_text(handout) and "(503) 555-0199" in pdf_text(handout)


def test_every_commented_example_is_valid_once_uncommented(tmp_path):
    project = copy_project(tmp_path)
    (project.root / "assets" / "river-bend").mkdir()
    (project.root / "assets" / "river-bend" / "logo.svg").write_bytes(
        (ROOT / "assets" / "boulder" / "logo.svg").read_bytes())
    text = templates.clinic("river-bend", "River Bend Clinic", "(503) 555-0199", "#2E6B3F",
                            None, None, None, None, "letter", guide=GUIDE, enable_all=True)
    (project.clinics_dir / "river-bend.yaml").write_text(text, encoding="utf-8")
    data = yaml.safe_load(text)
    assert {"short_name", "language", "pricing", "disclaimer", "guides"} <= set(data)
    assert set(data["guides"][GUIDE]) == {"overrides", "disclaimer"}
    assert {"accent", "logo"} <= set(data["brand"])
    assert {"email", "website", "booking", "hours", "locations"} <= set(data["contact"])
    made = build_clinic(project, "river-bend", [GUIDE], tmp_path / "out", formats=["booklet"])
    text = pdf_text(made[0].path)
    for words in ("Consultation", "Your first visit", "Main office",
                  "Printed after the disclaimer above, in this guide only."):
        assert words in text, words


def test_a_logo_is_copied_into_the_project(tmp_path):
    project = copy_project(tmp_path)
    logo = tmp_path / "Logo.PNG"
    Image.new("RGB", (120, 60), (46, 107, 63)).save(logo, "PNG")
    result = new("clinic", "river-bend", *RIVER_BEND, "--logo", str(logo), "--logo-alt",
                 "A green river bend", cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert "wrote assets/river-bend/logo.png" in result.stdout.splitlines()
    assert (project.root / "assets" / "river-bend" / "logo.png").read_bytes() == logo.read_bytes()
    data = yaml.safe_load((project.clinics_dir / "river-bend.yaml").read_text(encoding="utf-8"))
    assert data["brand"]["logo"] == {"file": "assets/river-bend/logo.png",
                                     "alt": "A green river bend"}
    build_clinic(project, "river-bend", [GUIDE], tmp_path / "out", formats=["handout"])


def test_an_existing_file_is_never_overwritten(tmp_path):
    project = copy_project(tmp_path)
    path = project.clinics_dir / "boulder.yaml"
    before = path.read_bytes()
    result = new("clinic", "boulder", *RIVER_BEND, cwd=project.root)
    assert result.returncode == 2
    assert result.stderr == "error: content/clinics/boulder.yaml already exists; nothing was " \
                            "written (edit it, or choose another name)\n"
    assert path.read_bytes() == before
    result = new("guide", GUIDE, "--title", "Another", cwd=project.root)
    assert result.returncode == 2 and "already exists; nothing was written" in result.stderr


def test_wrong_or_missing_values_without_a_terminal(tmp_path):
    project = copy_project(tmp_path)
    before = sorted(p.name for p in project.clinics_dir.iterdir())
    cases = {
        ("--name", "River Bend", "--phone", "call us", "--colour", "#2E6B3F"):
            "error: --phone: expected a phone number (like \"(303) 555-0142\"), got 'call us'",
        ("--name", "River Bend", "--phone", "(503) 555-0199", "--colour", "green"):
            "error: --colour: expected a colour as #RRGGBB (like \"#1D5B79\"), got 'green'",
        ("--name", "River Bend"):
            "error: missing --phone, --colour (there is no terminal to ask on; give them as "
            "options)",
        (*RIVER_BEND, "--website", "river.example"):
            "error: --website: expected a web address starting with https:// (like "
            "\"https://clinic.example\"), got 'river.example'",
        (*RIVER_BEND, "--logo", "nowhere.png", "--logo-alt", "x"):
            "error: --logo: expected a picture file, got 'nowhere.png', which is not a file",
        ("--name", "A Very Long Clinic Name For Ketamine And Wellness Services Of The Greater "
         "Metropolitan Area", "--phone", "(503) 555-0199", "--colour", "#2E6B3F"):
            "error: --name: expected a name short enough for the page footer of the handout "
            "format, got 'A Very Long Clinic Name For Ketamine And Wellness Services Of The "
            "Greater Metropolitan Area' (give a --short-name, used in the footer; it is 91 "
            "characters long)",
    }
    for args, message in cases.items():
        result = new("clinic", "river-bend", *args, cwd=project.root)
        assert (result.returncode, result.stderr) == (2, message + "\n"), args
    result = new("clinic", "River Bend", *RIVER_BEND, cwd=project.root)
    assert result.stderr == "error: NAME: expected lowercase letters, digits and single hyphens " \
                            "(like 'river-bend'), got 'River Bend'\n"
    assert sorted(p.name for p in project.clinics_dir.iterdir()) == before
    assert not (project.root / "assets" / "river-bend").exists()

    long_name = ["--name", "A Very Long Clinic Name For Ketamine And Wellness Services Of The "
                 "Greater Metropolitan Area"]
    result = new("clinic", "river-bend", *long_name, "--short-name", "Greater Metro Ketamine",
                 "--phone", "(503) 555-0199", "--colour", "#2E6B3F", cwd=project.root)
    assert result.returncode == 0, result.stderr
    build_clinic(project, "river-bend", [GUIDE], tmp_path / "out", formats=["handout"])


def test_asked_on_a_terminal_with_the_builds_messages(tmp_path):
    project = copy_project(tmp_path)
    status, screen = converse(["new", "clinic", "river-bend"], project.root, [
        ("Clinic name, as patients know it: ", "River Bend Clinic"),
        ("Main phone number, like (503) 555-0199: ", "call us"),
        ("expected a phone number (like \"(303) 555-0142\"), got 'call us'", ""),
        ("Main phone number, like (503) 555-0199: ", "(503) 555-0199"),
        ("Brand colour, as #RRGGBB: ", "#2e6b3f"),
        ("Logo file: PNG, JPEG, WebP or SVG (Enter for none): ", ""),
        ("Email address (Enter for none): ", "care@riverbend.example"),
        ("Web site, https://… (Enter for none): ", ""),
        ("Paper size: letter or a4 [letter]: ", ""),
    ])
    assert status == 0, screen
    assert "wrote content/clinics/river-bend.yaml" in screen
    data = yaml.safe_load((project.clinics_dir / "river-bend.yaml").read_text(encoding="utf-8"))
    assert data == {"name": "River Bend Clinic", "paper": "letter",
                    "brand": {"primary": "#2E6B3F"},
                    "contact": {"phone": "(503) 555-0199", "email": "care@riverbend.example"}}
    build_clinic(project, "river-bend", [GUIDE], tmp_path / "out", formats=["handout"])


def test_from_nothing_to_a_checked_built_guide(tmp_path):
    """An empty project, a new clinic and a new guide: `check --strict` passes and every
    format builds."""
    project = empty_project(tmp_path)
    assert new("clinic", "river-bend", *RIVER_BEND, cwd=project.root).returncode == 0
    result = new("guide", "first-visit", "--title", "Your First Visit", cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == ["wrote content/guides/first-visit.yaml",
                                              "wrote assets/guides/first-visit/example.svg"]
    check = subprocess.run([sys.executable, "-m", "handout", "check", "--strict"],
                           cwd=project.root, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 errors, 0 warnings" in check.stdout
    made = build_clinic(project, "river-bend", ["first-visit"], tmp_path / "out")
    assert len(made) == 4
    text = pdf_text(next(m.path for m in made if m.format == "handout"))
    for words in ("Your First Visit", "What to Expect", "Three Things to Know",
                  "Common Questions", "Sources", "A caption under the picture",
                  "How long each visit takes", "I have a ride home.", "Fill in the form"):
        assert words in text, words


def test_the_guide_skeleton_shows_every_kind_of_block(tmp_path):
    missing = set(BLOCK_KINDS) - set(templates.GUIDE_BLOCKS)
    assert not missing, f"add an example of {sorted(missing)} to GUIDE_BLOCKS in " \
                        f"src/handout/editing/templates.py"
    from handout.load import parse_yaml
    from handout.model import parse_guide

    text = templates.guide("g", "A guide", "assets/x.svg", dt.date(2026, 2, 28))
    guide = parse_guide(parse_yaml(text, Path("g.yaml")), "g").value
    assert sorted({b.kind for _, b in walk(guide.blocks)}) == sorted(BLOCK_KINDS)
    assert (guide.reviewed, guide.next_review) == (dt.date(2026, 2, 28), dt.date(2027, 2, 28))


def converse(args: list[str], cwd: Path, script: list[tuple[str, str]]) -> tuple[int, str]:
    """Run ``handout ARGS`` on a terminal (a pseudo-terminal), wait for each text of ``script``
    on the screen and type its reply; the exit status and everything shown."""
    master, slave = os.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "handout", *args], cwd=cwd, stdin=slave,
                            stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    screen = ""
    try:
        for text, reply in script:
            end = time.monotonic() + 30
            while text not in screen.replace("\r\n", "\n"):
                assert time.monotonic() < end, f"never saw {text!r}:\n{screen}"
                if select.select([master], [], [], 0.5)[0]:
                    screen += os.read(master, 4096).decode("utf-8", "replace")
            screen = screen.replace("\r\n", "\n").split(text, 1)[1]
            if reply or text.endswith(": "):
                os.write(master, (reply + "\n").encode("utf-8"))
        status = proc.wait(60)
        while select.select([master], [], [], 0.2)[0]:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal's other end closed
                break
            if not chunk:
                break
            screen += chunk.decode("utf-8", "replace")
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    return status, screen.replace("\r\n", "\n")


def test_a_new_project_from_the_installed_package_alone(tmp_path):
    """The package as a wheel holds it (the starter files copied in by setup.py's hook, with no
    checkout beside it): `handout new project` makes a project that checks and builds."""
    from handout.editing import starter

    site = tmp_path / "site"
    shutil.copytree(Path(handout.__file__).parent, site / "handout",
                    ignore=shutil.ignore_patterns("__pycache__", "starter"))
    starter.copy(ROOT, site / "handout" / "starter")  # what setup.py's build_py does
    env = {**os.environ, "PYTHONPATH": str(site)}
    dest = tmp_path / "elsewhere" / "our-handouts"
    made = subprocess.run([sys.executable, "-m", "handout", "new", "project", str(dest)],
                          cwd=tmp_path, env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    names = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    guides = sorted(f"content/guides/{p.name}" for p in (ROOT / "content" / "guides").iterdir())
    pictures = sorted(f"assets/guides/{p.name}" for p in (ROOT / "assets" / "guides").iterdir())
    assert names == [
        ".gitignore", ".pre-commit-config.yaml", "README.md", "assets/boulder/logo.svg",
        *pictures, "content/clinics/boulder.yaml", *guides,
        "fonts/NotoSans-Bold.ttf", "fonts/NotoSans-BoldItalic.ttf", "fonts/NotoSans-Italic.ttf",
        "fonts/NotoSans-Regular.ttf", "fonts/NotoSerif-Bold.ttf", "fonts/NotoSerif-Italic.ttf",
        "fonts/OFL.txt", "fonts/scripts/NotoNaskhArabic-Regular.ttf",
        "fonts/scripts/NotoSansCJKjp-Regular.ttf", "fonts/scripts/NotoSansCJKkr-Regular.ttf",
        "fonts/scripts/NotoSansCJKtc-Regular.ttf", "fonts/scripts/NotoSansKhmer-Regular.ttf",
        "fonts/scripts/OFL.txt", "schema/clinic.schema.json", "schema/guide.schema.json"]
    assert (dest / ".gitignore").read_text().splitlines()[-1] == "dist/"
    for name in names:  # the repository's files are the source of truth
        if name not in (".gitignore", "README.md"):
            assert (dest / name).read_bytes() == (ROOT / name).read_bytes(), name
    built = subprocess.run([sys.executable, "-m", "handout", "build", "--clinic", "boulder",
                            "--format", "handout"], cwd=dest, env=env, capture_output=True,
                           text=True)
    assert built.returncode == 0, built.stderr
    assert (dest / "dist" / "boulder" / f"{GUIDE}.pdf").is_file()

    again = subprocess.run([sys.executable, "-m", "handout", "new", "project", str(dest)],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert again.returncode == 2
    assert again.stderr == f"error: {dest} already exists and is not an empty folder; nothing " \
                           f"was written (choose a new folder)\n"


def test_setup_copies_the_starter_files_into_the_package():
    """setup.py's build step copies exactly what ``starter.FILES`` lists (checked by running
    the hook's copy the way setup.py imports it), and MANIFEST.in ships those folders in an
    sdist."""
    setup = (ROOT / "setup.py").read_text(encoding="utf-8")
    assert '_starter().copy(HERE, Path(self.build_lib) / "handout" / "starter")' in setup
    manifest = (ROOT / "MANIFEST.in").read_text(encoding="utf-8")
    from handout.editing import starter

    tops = {pattern.split("/")[0] for pattern in starter.FILES}
    for top in tops:
        assert (f"graft {top}" if "." not in top else f"include {top}") in manifest, top
