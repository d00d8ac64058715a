"""The merge rules of clinic overrides, one test per row of the README's table."""

from pathlib import Path

import pytest

from handout.catalog import Words
from handout.errors import ContentError
from handout.load import parse_yaml
from handout.model import parse_clinic, parse_guide
from handout.model.parts import walk
from handout.resolve import resolve

GUIDE = parse_guide(parse_yaml("""\
id: g
title: T
version: "1"
reviewed: 2026-11-01
blocks:
  - {id: intro, kind: paragraph, text: "Intro."}
  - id: sec
    kind: section
    heading: Section
    blocks:
      - {id: a, kind: paragraph, text: "A."}
      - {id: b, kind: paragraph, text: "B."}
  - {id: panel, kind: clinic-panel}
""", Path("g.yaml")), "g")

CLINIC = """\
name: C
brand: {primary: "#1D5B79"}
contact: {phone: "(303) 555-0100"}
guides:
  g:
    overrides:
"""

NEW = '{id: new, kind: callout, text: "New."}'


def ids(overrides: str) -> list[str]:
    indented = "".join("    " + line for line in overrides.splitlines(keepends=True))
    clinic = parse_clinic(parse_yaml(CLINIC + indented, Path("c.yaml")))
    doc = resolve(GUIDE, clinic, "c", Path("."), Words("en"))
    return [block.id for _, block in walk(doc.blocks)]


@pytest.mark.parametrize("overrides, expected", [
    ("  []\n", ["intro", "sec", "a", "b", "panel"]),
    (f"  - {{op: replace, id: a, block: {NEW}}}\n", ["intro", "sec", "new", "b", "panel"]),
    ("  - {op: remove, id: a}\n", ["intro", "sec", "b", "panel"]),
    ("  - {op: remove, id: sec}\n", ["intro", "panel"]),
    (f"  - {{op: append, after: a, block: {NEW}}}\n", ["intro", "sec", "a", "new", "b", "panel"]),
    (f"  - {{op: append, block: {NEW}}}\n", ["intro", "sec", "a", "b", "panel", "new"]),
    (f"  - {{op: append, after: intro, block: {NEW}}}\n  - {{op: remove, id: new}}\n",
     ["intro", "sec", "a", "b", "panel"]),
])
def test_merge_rules(overrides, expected):
    assert ids(overrides) == expected


@pytest.mark.parametrize("overrides, expected", [
    ("  - {op: remove, id: inrto}\n",
     "c.yaml:7:26: guides.g.overrides[0].id: expected the id of a block in the guide, got 'inrto' "
     "(did you mean 'intro'?)"),
    ("  - {op: append, after: a, block: {id: b, kind: paragraph, text: x}}\n",
     "c.yaml:7:44: guides.g.overrides[0].block.id: expected an id not already used in the guide, got 'b'"),
])
def test_override_mistakes(overrides, expected):
    with pytest.raises(ContentError) as info:
        ids(overrides)
    assert [str(p) for p in info.value.problems] == [expected]


def test_logo_outside_project_is_refused(tmp_path):
    text = CLINIC.replace('brand: {primary: "#1D5B79"}',
                          'brand: {primary: "#1D5B79", logo: {file: ../../etc/passwd.png, alt: x}}')
    clinic = parse_clinic(parse_yaml(text + "      []\n", Path("c.yaml")))
    with pytest.raises(ContentError, match="expected a path inside the project"):
        resolve(GUIDE, clinic, "c", tmp_path, Words("en"))
