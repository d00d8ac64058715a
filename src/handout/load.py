"""Stage 1, load: a YAML file → plain values plus the source position of every value.

Takes a path, gives a ``Loaded``: the data (dicts, lists, scalars) and a map from each key path
to its line and column, so that later stages can point at the exact place of a mistake.
YAML is read with the safe loader only (no Python tags), duplicate keys are errors, and alias
expansion is bounded so that a "billion laughs" file cannot exhaust memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from handout.errors import ContentError, Location, Problem

try:  # the C loader is several times faster where libyaml is available
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

KeyPath = tuple[str | int, ...]

_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in
               ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}

#: Most nodes one file may expand to; guards against alias bombs.
MAX_NODES = 200_000


def format_path(path: KeyPath) -> str:
    """``("blocks", 3, "text")`` → ``blocks[3].text``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True)
class Loaded:
    """A parsed YAML file and where each of its values sits in the file."""

    file: Path
    data: Any
    marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)  # where values start
    key_marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)  # where keys start

    def where(self, path: KeyPath, key: bool = False) -> Location:
        """The location of the value at ``path`` (or of its key), or of its nearest ancestor."""
        if key and tuple(path) in self.key_marks:
            line, column = self.key_marks[tuple(path)]
            return Location(self.file, line, column)
        for end in range(len(path), -1, -1):
            mark = self.marks.get(tuple(path[:end]))
            if mark is not None:
                return Location(self.file, mark[0], mark[1])
        return Location(self.file)

    def strings(self, skip: frozenset[str] = frozenset()) -> Iterator[tuple[KeyPath, str]]:
        """Every text value in the file with its key path, leaving out keys named in ``skip``."""
        stack: list[tuple[KeyPath, Any]] = [((), self.data)]
        while stack:
            path, value = stack.pop()
            if isinstance(value, str):
                yield path, value
            elif isinstance(value, dict):
                stack.extend((path + (k,), v) for k, v in reversed(value.items()) if k not in skip)
            elif isinstance(value, list):
                stack.extend((path + (i,), v) for i, v in reversed(list(enumerate(value))))

    def problem(self, path: KeyPath, expected: str, found: str | None = None,
                hint: str | None = None, key: bool = False) -> Problem:
        return Problem(self.where(path, key), format_path(path), expected, found, hint)


def load_yaml(file: Path, display: Path | None = None) -> Loaded:
    """Read and parse ``file``; ``display`` is the path shown in messages (relative to the root)."""
    shown = display or file
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError([Problem(Location(shown), "", "a UTF-8 text file",
                                    f"a byte that is not UTF-8 at offset {exc.start}",
                                    "save the file as UTF-8")]) from None
    except OSError as exc:
        raise ContentError([Problem(Location(shown), "", "a readable file",
                                    exc.strerror or str(exc))]) from None
    return parse_yaml(text, shown)


def parse_yaml(text: str, file: Path) -> Loaded:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise ContentError([_syntax_problem(exc, file, text)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every parser error is marked
        raise ContentError([Problem(Location(file), "", "valid YAML", str(exc))]) from None
    builder = _Builder(file)
    data = builder.build(node, ()) if node is not None else {}
    if builder.problems:
        raise ContentError(builder.problems)
    return Loaded(file, data, builder.marks, builder.key_marks)


def _syntax_problem(exc: yaml.MarkedYAMLError, file: Path, text: str) -> Problem:
    """One plain-language message for a YAML syntax error, at the place the user must edit."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    problem = (exc.problem or "invalid YAML").strip()
    lines = text.splitlines()
    source_line = lines[mark.line] if mark and mark.line < len(lines) else ""
    quote = _unclosed_quote(lines, mark.line if mark else len(lines))
    context = exc.context or ""
    if "\t" in source_line or "tab" in problem:
        column = source_line.index("\t") + 1 if "\t" in source_line else column
        found, hint = "a tab character", "YAML indents with spaces; replace the tabs with spaces"
    elif mark and any(_text_after_quote(lines[k]) for k in (mark.line - 1, mark.line)
                      if 0 <= k < len(lines)):
        found = "more text after the closing quotation mark"
        hint = "put the whole value in quotes of the other kind: 'say \"this\" here'"
    elif quote is not None:
        line, column = quote
        found, hint = "a quotation mark that is never closed", "add the closing quotation mark"
    elif "flow sequence" in context or "flow mapping" in context:
        opener = "[" if "sequence" in context else "{"
        closer = "]" if opener == "[" else "}"
        if exc.context_mark is not None:
            line, column = exc.context_mark.line + 1, exc.context_mark.column + 1
        found = f"a '{opener}' that is never closed"
        hint = f"end the list with '{closer}', or put the whole value in quotes"
    elif "mapping values are not allowed" in problem:
        found = "a ':' inside a value"
        hint = "put the value in quotes, or check that the line is indented like the others"
    elif "expected <block end>" in problem or "did not find expected key" in problem or \
            "expected ':'" in (exc.problem or "") or "could not find expected ':'" in problem:
        found = "a line indented differently from the lines around it"
        hint = "indent it with the same number of spaces as the other keys at its level"
    elif "end of stream" in problem:
        found, hint = "the end of the file too early", "a quotation mark or bracket is not closed"
    else:
        found, hint = problem.removeprefix("found "), None
    return Problem(Location(file, line, column), "", "valid YAML", found, hint)


_QUOTED = re.compile(r"""^\s*(?:-\s+)?(?:[^\s#'"-][^:#]*:\s+)?(["'])""")


def _unclosed_quote(lines: list[str], error_line: int) -> tuple[int, int] | None:
    """(line, column) of the last value up to ``error_line`` (0-based) whose opening quotation
    mark is not closed on its own line: the quoted text ran on until YAML gave up."""
    for n in range(min(error_line, len(lines) - 1), -1, -1):
        m = _QUOTED.match(lines[n])
        if m and _closing(m.group(1), lines[n][m.end():]) is None:
            return n + 1, m.start(1) + 1
    return None


def _text_after_quote(line: str) -> bool:
    """A quoted value followed by more text on its line, like ``name: "Boulder" Ketamine``."""
    m = _QUOTED.match(line)
    if not m:
        return False
    end = _closing(m.group(1), line[m.end():])
    rest = line[m.end() + end + 1:].strip() if end is not None else ""
    return bool(rest) and not rest.startswith("#")


def _closing(quote: str, rest: str) -> int | None:
    """Offset in ``rest`` of the quotation mark that closes ``quote``, if any."""
    i = 0
    while i < len(rest):
        c = rest[i]
        if quote == '"' and c == "\\":
            i += 2
            continue
        if c == quote:
            if quote == "'" and rest[i + 1:i + 2] == "'":  # '' is an escaped quote
                i += 2
                continue
            return i
        i += 1
    return None


class _Builder:
    """Turns a composed node tree into plain values, recording marks and catching duplicates."""

    def __init__(self, file: Path):
        self.file = file
        self.marks: dict[KeyPath, tuple[int, int]] = {}
        self.key_marks: dict[KeyPath, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self._scalars = _Loader("")
        self._open: set[int] = set()  # nodes being built: an alias to one of them is a cycle

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        if id(node) in self._open:
            self._add(path, node, "a value", "an alias that refers to itself")
            return None
        self._open.add(id(node))
        try:
            return self._build(node, path)
        finally:
            self._open.discard(id(node))

    def _build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise ContentError([Problem(Location(self.file), "",
                                        f"at most {MAX_NODES:,} values in one file",
                                        "more (are YAML aliases expanding recursively?)")])
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in _PLAIN_TAGS:
            self._add(path, node, "plain text, a number or a date", f"the YAML tag {node.tag}",
                      "tags such as !!python/object are not allowed")
            return None
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self._add(path, key_node, "a key", "a YAML merge key '<<'")
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self._add(path, key_node, "a plain key", "a list or mapping used as a key")
                    continue
                key = str(key_node.value)
                if key in out:
                    first = self.key_marks.get(path + (key,), (0, 0))[0]
                    self._add(path + (key,), key_node, "each key once",
                              f"'{key}' a second time", f"first set on line {first}")
                    continue
                out[key] = self.build(value_node, path + (key,))
                self.key_marks[path + (key,)] = (key_node.start_mark.line + 1,
                                                 key_node.start_mark.column + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        try:
            return self._scalars.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            expected = "a real date like 2026-11-01" if "timestamp" in node.tag else "a valid value"
            found = f"{node.value!r} ({getattr(exc, 'problem', None) or exc})"
            self._add(path, node, expected, found)
            return None

    def _add(self, path: KeyPath, node: yaml.Node, expected: str, found: str,
             hint: str | None = None) -> None:
        loc = Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1)
        self.problems.append(Problem(loc, format_path(path), expected, found, hint))
