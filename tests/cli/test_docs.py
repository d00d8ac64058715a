"""The README documents every command the CLI has."""

from handout.cli import app
from tests.conftest import ROOT


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert {"build", "check", "schema", "list"} <= set(names)
    for name in names:
        assert f"`handout {name}" in readme, name
