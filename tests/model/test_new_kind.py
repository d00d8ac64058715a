"""Adding a kind of block touches two files: its model class and one layout builder.

The test copies the package, adds a throwaway kind ('tip') to ``model/guide.py`` and a builder to
``layout/blocks.py`` — nothing else — and shows that the whole pipeline knows it: the guide
validates, citations in it are numbered in reading order, a clinic can replace it, ``check``
grades it, the PDF prints it, and the structure tree groups it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from tests.conftest import ROOT, tiny_project
from tests.render.structure import read_tree

MODEL = '''

class Tip(BlockModel):
    structure = "Div"
    kind: Literal["tip"]
    title: Plain
    text: Text
    sources: SourceIds = ()

'''

BUILDER = '''
    @builds(Tip)
    def _tip(self, block, depth: int) -> list[Flowable]:
        return [self.plain_para(block.title, self.s.note_heading),
                self.para(block.text, self.s.body)]

'''

GUIDE = """\
id: tiny
title: A guide with a tip
version: "1"
reviewed: 2026-11-01
sources:
  - {id: first, label: "First", citation: "The first source (2024)."}
  - {id: second, label: "Second", citation: "The second source (2023)."}
blocks:
  - {id: tip, kind: tip, title: "A useful tip", text: "Drink water before you come [@second].",
     sources: [first]}
  - {id: later, kind: paragraph, text: "Later text [@first]."}
  - {id: sources, kind: sources, heading: Sources}
"""

CLINIC = """\
name: Tip Clinic
contact: {phone: "(303) 555-0142"}
brand: {primary: "#1D5B79"}
"""


def _package_with_tip(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "handout", src / "handout",
                    ignore=shutil.ignore_patterns("__pycache__"))
    guide = src / "handout" / "model" / "guide.py"
    text = guide.read_text()
    marker = "\n#: Any kind of block"
    assert marker in text
    guide.write_text(text.replace(marker, MODEL + marker, 1))
    blocks = src / "handout" / "layout" / "blocks.py"
    text = blocks.read_text()
    marker = "    # -- shared pieces"
    assert marker in text
    text = text.replace(marker, BUILDER + marker, 1)
    text = text.replace("from handout.model.guide import (", "from handout.model.guide import (\n"
                        "    Tip,", 1)
    blocks.write_text(text)
    changed = sorted(str(p.relative_to(src)) for p in (src / "handout").rglob("*.py")
                     if p.read_bytes() != (ROOT / "src" / p.relative_to(src)).read_bytes())
    assert changed == ["handout/layout/blocks.py", "handout/model/guide.py"]
    return src


def _handout(src: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([sys.executable, "-m", "handout", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_a_new_kind_touches_the_model_and_one_builder(tmp_path):
    src = _package_with_tip(tmp_path)
    project = tiny_project(tmp_path, CLINIC, GUIDE)
    root = str(project.root)

    built = _handout(src, "build", "--clinic", "c", "--format", "handout", "--root", root,
                     "--out", str(tmp_path / "out"))
    assert built.returncode == 0, built.stderr
    pdf = tmp_path / "out" / "c" / "tiny.pdf"
    text = " ".join((page.extract_text() or "") for page in PdfReader(str(pdf)).pages)
    text = " ".join(text.split())
    assert "A useful tip" in text and "Drink water before you come [1]." in text
    # reading order: the tip's text cites 'second', then its list cites 'first'
    assert "Later text [2]." in text
    assert text.index("1. The second source") < text.index("2. The first source")
    tree = read_tree(pdf)
    tip = next(e for e in tree.walk() if e.role == "Div")
    assert "A useful tip" in tip.all_text()

    check = _handout(src, "check", "--clinic", "c", "--root", root)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "opening" in check.stdout  # the tip opens the guide and is graded with it

    schema = _handout(src, "schema", "--root", str(tmp_path))
    assert schema.returncode == 0, schema.stderr
    guide_schema = json.loads((tmp_path / "schema" / "guide.schema.json").read_text())
    assert '"tip"' in json.dumps(guide_schema)

    (project.root / "content" / "clinics" / "c.yaml").write_text(CLINIC + """\
guides:
  tiny:
    overrides:
      - {op: replace, id: tip, block: {id: own-tip, kind: tip, title: "Our tip", text: "Eat [@nope]."}}
""")
    bad = _handout(src, "build", "--clinic", "c", "--format", "handout", "--root", root,
                   "--out", str(tmp_path / "out"))
    assert bad.returncode == 2
    assert "guides.tiny.overrides[0].block.text: expected a source id" in bad.stderr
    assert "[@nope]" in bad.stderr and "Traceback" not in bad.stderr
