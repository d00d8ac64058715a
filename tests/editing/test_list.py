"""``handout list`` shows each guide's blocks as a tree (the ids overrides name), and
``handout --version`` says which handout, ReportLab and Python run."""

from __future__ import annotations

import platform
import re
import subprocess
import sys
from importlib.metadata import version

import handout
from handout.model.parts import inner_ids, walk
from tests.conftest import GUIDE, ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "handout", *args], cwd=ROOT,
                          capture_output=True, text=True)


def test_a_guides_blocks_as_a_tree(project):
    result = run("list", "--guide", GUIDE)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"  {GUIDE}  Understanding Ketamine Benefits and Risks: A Patient Guide"
    rows = {re.split(r"\s{2,}", line.strip())[0]: (len(line) - len(line.lstrip()), line)
            for line in lines[1:]}
    guide = project.guide(GUIDE).value
    ids = [block.id for _, block in walk(guide.blocks)]
    ids += [i for path, block in walk(guide.blocks) for _, i in inner_ids(block, path)]
    assert sorted(rows) == sorted(ids)  # every id a clinic can name, and nothing else
    assert re.split(r"\s{2,}", rows["faq-insurance"][1].strip()) == [
        "faq-insurance", "entry", "Is ketamine therapy covered by insurance?"]
    assert re.split(r"\s{2,}", rows["how-it-works"][1].strip()) == [
        "how-it-works", "section", "How Ketamine Works in the Brain"]
    assert rows["intro-studies"][1].endswith("pathways, …")  # a citation leaves no gap
    # children are indented under their parent: section → items → item
    assert rows["benefits-and-risks"][0] < rows["benefits"][0] < rows["benefit-quick-relief"][0]
    assert rows["intro-lede"][0] == rows["how-it-works"][0] == 4


def test_list_shows_clinics_and_every_guides_tree():
    result = run("list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:5] == ["Clinics:", "  boulder", "  harbor-light", "  willamette", "Guides:"]
    guides = sorted(p.stem for p in (ROOT / "content" / "guides").glob("*.yaml")
                    if "." not in p.stem)
    assert [line.split()[0] for line in lines[5:] if line.startswith("  ") and
            not line.startswith("    ")] == guides  # each guide, then its tree
    assert any(line.split()[:2] == ["faq-insurance", "entry"] for line in lines)


def test_list_of_an_unknown_guide():
    result = run("list", "--guide", "warning-sign")
    assert result.returncode == 2
    assert result.stderr == "error: unknown guide 'warning-sign': there is no " \
                            "content/guides/warning-sign.yaml; did you mean 'warning-signs'?\n"


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout == f"handout {handout.__version__} (ReportLab {version('reportlab')}, " \
                            f"Python {platform.python_version()})\n"
