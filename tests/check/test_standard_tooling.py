"""The schemas as standard JSON Schema tooling reads them: valid against the metaschema, with
ECMA-262 patterns (the dialect of JSON Schema and of editors), accepting every shipped file and
refusing a wrong value; and the pre-commit configuration clinics can use runs that same check."""

from __future__ import annotations

import re
import subprocess
import sys

import yaml

from tests.conftest import ROOT

CONTENT = {"clinic": sorted((ROOT / "content" / "clinics").glob("*.yaml")),
           "guide": sorted((ROOT / "content" / "guides").glob("*.yaml"))}


def check_jsonschema(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", *args], cwd=ROOT,
                          capture_output=True, text=True)


def test_the_schemas_are_valid_json_schema():
    result = check_jsonschema("--check-metaschema", "schema/clinic.schema.json",
                              "schema/guide.schema.json")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_shipped_file_matches_its_schema():
    for kind, files in CONTENT.items():
        assert files
        result = check_jsonschema("--schemafile", f"schema/{kind}.schema.json", *map(str, files))
        assert result.returncode == 0, result.stdout + result.stderr


def test_a_wrong_email_is_refused_by_the_schema(tmp_path):
    clinic = (ROOT / "content" / "clinics" / "boulder.yaml").read_text(encoding="utf-8")
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(clinic.replace("care@boulderketamine.example", 'care"at"boulder'),
                     encoding="utf-8")
    result = check_jsonschema("--schemafile", "schema/clinic.schema.json", str(wrong))
    assert result.returncode == 1
    assert "contact.email" in result.stdout and "does not match" in result.stdout


def test_the_pre_commit_hooks_run_that_check():
    """Each hook of .pre-commit-config.yaml, run as pre-commit runs it (its arguments, then the
    files its pattern selects), passes on the shipped files; together they cover every one."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "https://github.com/python-jsonschema/check-jsonschema"
    files = sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob("*/**/*") if p.is_file())
    covered = set()
    for hook in repo["hooks"]:
        chosen = [f for f in files if re.search(hook["files"], f)]
        assert chosen, hook["name"]
        flags = ["--check-metaschema"] if hook["id"] == "check-metaschema" else []
        result = check_jsonschema(*flags, *hook.get("args", []), *chosen)
        assert result.returncode == 0, (hook["name"], result.stdout + result.stderr)
        covered |= set(chosen)
    shipped = {p.relative_to(ROOT).as_posix() for ps in CONTENT.values() for p in ps}
    assert shipped <= covered
