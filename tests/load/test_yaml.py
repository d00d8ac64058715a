"""The loader turns YAML mistakes into located messages and refuses unsafe YAML."""

from pathlib import Path

import pytest

from handout.errors import ContentError
from handout.load import parse_yaml

F = Path("content/clinics/x.yaml")


def problems(text: str) -> list[str]:
    with pytest.raises(ContentError) as info:
        parse_yaml(text, F)
    return [str(p) for p in info.value.problems]


def test_values_keep_their_line_and_column():
    loaded = parse_yaml("name: A\ncontact:\n  phone: '1'\n", F)
    assert loaded.data == {"name": "A", "contact": {"phone": "1"}}
    assert str(loaded.where(("contact", "phone"))) == "content/clinics/x.yaml:3:10"


@pytest.mark.parametrize("text, expected", [
    ("name: A\nname: B\n",
     "content/clinics/x.yaml:2:1: name: expected each key once, got 'name' a second time "
     "(first set on line 1)"),
    ("brand:\n\tprimary: '#000000'\n",
     "content/clinics/x.yaml:2:1: expected valid YAML, got a tab character (YAML indents with "
     "spaces; replace the tabs with spaces)"),
    ("name: \"Boulder\ncontact: {}\n",
     "content/clinics/x.yaml:1:7: expected valid YAML, got a quotation mark that is never closed "
     "(add the closing quotation mark)"),
    ("name: A\nbrand:\n  primary: '#000000'\n   accent: '#FFFFFF'\n",
     "content/clinics/x.yaml:4:4: expected valid YAML, got a line indented differently from the "
     "lines around it (indent it with the same number of spaces as the other keys at its level)"),
    ("name: A\nhours: [8 am, 5 pm\nphone: '1'\n",
     "content/clinics/x.yaml:2:8: expected valid YAML, got a '[' that is never closed (end the "
     "list with ']', or put the whole value in quotes)"),
    ("name: \"Boulder\" Clinic\n",
     "content/clinics/x.yaml:1:17: expected valid YAML, got more text after the closing quotation "
     "mark (put the whole value in quotes of the other kind: 'say \"this\" here')"),
    ("name: Boulder: Clinic\n",
     "content/clinics/x.yaml:1:14: expected valid YAML, got a ':' inside a value (put the value "
     "in quotes, or check that the line is indented like the others)"),
    ("name: !!python/object/apply:os.system ['echo hi']\n",
     "content/clinics/x.yaml:1:7: name: expected plain text, a number or a date, got the YAML tag "
     "tag:yaml.org,2002:python/object/apply:os.system (tags such as !!python/object are not allowed)"),
    ("reviewed: 2026-13-01\n",
     "content/clinics/x.yaml:1:11: reviewed: expected a real date like 2026-11-01, got "
     "'2026-13-01' (month must be in 1..12)"),
])
def test_mistakes_name_file_line_and_what_was_expected(text, expected):
    assert problems(text) == [expected]


def test_recursive_alias_is_refused():
    assert "alias that refers to itself" in problems("a: &x [*x]\n")[0]


def test_alias_bomb_is_bounded():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]")
    assert "more (are YAML aliases expanding recursively?)" in problems("\n".join(lines))[0]
