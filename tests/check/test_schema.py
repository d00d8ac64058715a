"""The committed JSON Schemas match the models, and accept exactly what the models accept."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import jsonschema
import pytest

from handout import schema
from handout.load import load_yaml
from tests.conftest import ROOT


def test_committed_schemas_are_up_to_date():
    stale = schema.stale(ROOT / "schema")
    assert not stale, f"run `handout schema` to regenerate: {stale}"


def test_schema_command_reports_a_stale_file(tmp_path):
    (tmp_path / "content").mkdir()
    run = [sys.executable, "-m", "handout", "schema", "--root", str(tmp_path)]
    check = subprocess.run(run + ["--check"], capture_output=True, text=True)
    assert check.returncode == 1
    assert "schema/guide.schema.json is out of date; run: handout schema" in check.stderr
    assert subprocess.run(run, capture_output=True, text=True).returncode == 0
    assert subprocess.run(run + ["--check"], capture_output=True).returncode == 0


def test_content_files_point_at_the_schemas():
    for kind in ("guides", "clinics"):
        for path in (ROOT / "content" / kind).glob("*.yaml"):
            first = path.read_text().splitlines()[0]
            name = "guide" if kind == "guides" else "clinic"
            assert first == f"# yaml-language-server: $schema=../../schema/{name}.schema.json"


def as_json(value):
    """YAML dates as the strings an editor's YAML server sees."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads((ROOT / "schema" / name).read_text()))


def test_shipped_content_is_valid_against_the_schemas():
    for kind, name in (("guides", "guide"), ("clinics", "clinic")):
        for path in (ROOT / "content" / kind).glob("*.yaml"):
            errors = list(validator(f"{name}.schema.json").iter_errors(
                as_json(load_yaml(path).data)))
            assert not errors, (path.name, [e.message for e in errors[:3]])


@pytest.mark.parametrize("change, complaint", [
    (lambda c: c["contact"].update(emial="a@b.example"), "Additional properties"),
    (lambda c: c["brand"].update(primary="teal"), "does not match"),
    (lambda c: c["contact"].update(website="www.clinic.example"), "is not valid under any"),
    (lambda c: c.update(paper="legal"), "is not one of"),
    (lambda c: c.pop("name"), "'name' is a required property"),
])
def test_schema_underlines_what_the_model_refuses(change, complaint):
    clinic = as_json(load_yaml(ROOT / "content" / "clinics" / "boulder.yaml").data)
    change(clinic)
    messages = [e.message for e in validator("clinic.schema.json").iter_errors(clinic)]
    assert any(complaint in m for m in messages), messages
