"""The command line as clinic staff use it: exit status, messages, files written or not."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handout.project import Project
from tests.conftest import ROOT, copy_project

GUIDES = Project.at(ROOT).guide_ids()


def editions(*suffixes: str) -> list[str]:
    """The file names of these editions of every shipped guide, sorted."""
    return sorted(f"{guide}{suffix}.pdf" for guide in GUIDES for suffix in suffixes)


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "handout", *args], cwd=cwd, capture_output=True,
                          text=True)


@pytest.fixture(scope="module")
def boulder(tmp_path_factory) -> Path:
    """The output folder of one ``handout build --clinic boulder``, for tests that read it or
    build into it again."""
    out = tmp_path_factory.mktemp("cli")
    result = run("build", "--clinic", "boulder", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("wrote ")
    return out


def test_build_writes_all_four_editions_at_the_documented_paths(boulder):
    assert sorted(p.name for p in (boulder / "boulder").iterdir()) == editions(
        "", "-booklet", "-booklet-print", "-large-print")
    assert (boulder / "boulder" / "ketamine-benefits-risks.pdf").read_bytes().startswith(b"%PDF")


def test_list_shows_clinics_and_guides():
    result = run("list")
    assert result.returncode == 0
    project = Project.at(ROOT)
    for name in project.clinic_names() + project.guide_ids():
        assert name in result.stdout, name


def test_unknown_clinic_is_one_line_exit_2(tmp_path):
    result = run("build", "--clinic", "bouldr", "--out", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip() == ("error: unknown clinic 'bouldr': there is no "
                                     "content/clinics/bouldr.yaml; did you mean 'boulder'?")


def test_content_error_keeps_the_earlier_pdf(boulder, tmp_path):
    project = copy_project(tmp_path)
    out = tmp_path / "out"
    # the earlier build: the files of the module's `handout build --clinic boulder`
    shutil.copytree(boulder / "boulder", out / "boulder")
    pdf = out / "boulder" / "ketamine-benefits-risks.pdf"
    before = pdf.read_bytes()
    clinic = project.clinics_dir / "boulder.yaml"
    clinic.write_text(clinic.read_text().replace('"(303) 555-0142"', "call us"))
    result = run("build", "--clinic", "boulder", "--out", str(out), "--root", str(project.root))
    assert result.returncode == 2
    assert "content/clinics/boulder.yaml:19:10: contact.phone: expected a phone number" in result.stderr
    assert "Traceback" not in result.stderr
    assert pdf.read_bytes() == before
    assert sorted(p.name for p in pdf.parent.iterdir()) == editions(  # no temporary left
        "", "-booklet", "-booklet-print", "-large-print")


def test_an_output_folder_that_cannot_be_made_is_a_clear_error(tmp_path):
    """``--out`` under a regular file: no one can make a folder there, root included (a folder's
    permissions do not stop root; test_faults makes a folder read-only for root too)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    out = blocker / "out"
    result = run("build", "--clinic", "boulder", "--out", str(out))
    assert result.returncode == 2, result.stderr
    assert result.stderr == f"error: cannot write to {out / 'boulder'}: Not a directory\n"
    assert result.stdout == "" and blocker.read_text() == "not a folder\n"


def test_build_needs_clinic_or_all():
    result = run("build")
    assert result.returncode == 2 and "give either --clinic NAME or --all" in result.stderr


def test_a_refused_build_loads_nothing_of_the_build():
    """Both --clinic and --all: refused once Typer has read the options, before the planner,
    the build record or YAML are loaded (``benchmarks.instructions --one-shot`` counts this
    command line as what starting a build costs)."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "handout", "build",
                             "--clinic", "boulder", "--all"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2 and "give either --clinic NAME or --all" in result.stderr
    modules = {line.split("|")[-1].strip() for line in result.stderr.splitlines()
               if line.startswith("import time:")}
    assert "handout.cli" in modules  # the check itself works
    assert not {m for m in modules if m in ("handout.batch", "handout.plan", "handout.cache")
                or m.split(".")[0] in ("reportlab", "yaml")}


def test_format_booklet_writes_the_booklet_and_its_print_edition(tmp_path):
    result = run("build", "--clinic", "harbor-light", "--format", "booklet", "--flip", "long",
                 "--marks", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "harbor-light").iterdir()) == editions(
        "-booklet", "-booklet-print")


def test_unknown_format_is_a_usage_error(tmp_path):
    result = run("build", "--clinic", "boulder", "--format", "poster", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "'poster' is not one of 'handout', 'booklet', 'large-print', 'all'" in result.stderr
    assert not (tmp_path / "boulder").exists()


def test_second_build_of_a_clinic_is_up_to_date(boulder):
    again = run("build", "--clinic", "boulder", "--out", str(boulder))
    assert again.returncode == 0
    assert again.stdout.strip().startswith("up to date: ") and "wrote" not in again.stdout
    forced = run("build", "--clinic", "boulder", "--out", str(boulder), "--force")
    assert forced.stdout.startswith("wrote ")


def test_help_does_not_load_the_renderer(tmp_path):
    """`handout --help` stays fast: neither ReportLab nor pydantic nor YAML is imported, even
    when Typer renders it (an empty help cache, so that it does).

    (Typer itself imports pydantic to convert option values, so `build --help` may load it.)
    """
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    for args, heavy in ((["--help"], ("reportlab", "pydantic", "yaml")),
                        (["build", "--help"], ("reportlab", "yaml"))):
        result = subprocess.run([sys.executable, "-X", "importtime", "-m", "handout", *args],
                                cwd=ROOT, capture_output=True, text=True, env=env)
        assert result.returncode == 0
        modules = {line.split("|")[-1].strip() for line in result.stderr.splitlines()
                   if line.startswith("import time:")}
        assert "handout.cli" in modules  # the check itself works
        assert not {m for m in modules if m.split(".")[0] in heavy}, args


def test_every_command_and_option_is_in_the_readme():
    import re

    import typer

    from handout.cli import app

    readme = (ROOT / "README.md").read_text()
    def commands(group, prefix):  # every command, those of a group (`handout new …`) too
        for name, command in group.commands.items():
            yield f"{prefix} {name}", command
            if hasattr(command, "commands"):
                yield from commands(command, f"{prefix} {name}")

    top = typer.main.get_command(app)
    for name, command in [("handout", top), *commands(top, "handout")]:
        assert name in readme, name
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert re.search(rf"{re.escape(opt)}(?![\w-])", readme), (name, opt)


def test_the_format_option_offers_every_format():
    from handout.cli import FormatName
    from handout.layout.formats import FORMATS
    from handout.outputs import FILES

    assert [f.value for f in FormatName] == [*FILES, "all"] == [*FORMATS, "all"]


def test_a_build_with_nothing_to_do_does_not_load_the_renderer(boulder):
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "handout", "build",
                             "--clinic", "boulder", "--out", str(boulder)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and "up to date: " in result.stdout
    modules = {line.split("|")[-1].strip() for line in result.stderr.splitlines()
               if line.startswith("import time:")}
    assert "handout.batch" in modules
    assert not {m for m in modules if m.split(".")[0] in ("reportlab", "pikepdf", "pypdf", "yaml")}
