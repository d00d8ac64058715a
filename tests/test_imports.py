"""No import circles in the package: every module's imports, at any depth, point one way.

The imports are read from the source (``ast``), not by importing, wherever they are: at module
level, inside functions (an import that runs later is an import all the same) and under
``if TYPE_CHECKING:`` (two modules that need each other's types cannot be understood, tested or
changed one without the other either). Importing ``a.b.c`` also runs the ``__init__`` of ``a.b``
(unless the importer is inside ``a.b`` itself), so that counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import handout

PACKAGE = Path(handout.__file__).parent

#: Imports that still close a circle, each to be deleted with the change that removes it (a test
#: below fails once one is no longer needed).
KNOWN: dict[tuple[str, str], str] = {
    # a type-only import back, still there
    ("handout.layout.panel", "handout.layout.blocks"): "the panel names the Builder in its types, "
    "while the builder calls the panel's builder",
    # a type-only import back, still there
    ("handout.tagging.text", "handout.tagging.canvas"): "the paragraph text names the canvas in "
    "its types, while the canvas makes the paragraph text",
}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ("handout", *path.relative_to(PACKAGE).with_suffix("").parts)
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> dict[str, int]:
    """The package's modules that ``name`` imports, each with the line of one import of it."""
    is_package = path.name == "__init__.py"
    here = name.split(".") if is_package else name.split(".")[:-1]
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = (here[:len(here) - node.level + 1] if node.level else [])
            base += node.module.split(".") if node.module else []
            targets = [".".join(base)]
            targets += [f"{targets[0]}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            parts = target.split(".")
            for depth in range(1, len(parts) + 1):  # a.b.c runs a and a.b first
                module = ".".join(parts[:depth])
                inside = name == module or name.startswith(module + ".")
                if module in known and not inside:
                    found.setdefault(module, node.lineno)
    return found


def graph() -> dict[str, dict[str, int]]:
    found = modules()
    return {name: imports(name, path, set(found)) for name, path in found.items()}


def circles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in edges[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def described(group: list[str], edges: dict[str, dict[str, int]]) -> str:
    files = modules()
    lines = [f"  {a} imports {b} ({files[a].relative_to(PACKAGE.parent)}:{edges[a][b]})"
             for a in group for b in sorted(edges[a]) if b in group]
    return "an import circle:\n" + "\n".join(lines)


def without(edges: dict[str, dict[str, int]], dropped) -> dict[str, dict[str, int]]:
    return {a: {b: line for b, line in out.items() if (a, b) not in dropped}
            for a, out in edges.items()}


def test_the_package_has_no_import_circles():
    edges = without(graph(), KNOWN)
    found = circles(edges)
    assert not found, "\n".join(described(group, edges) for group in found)


def test_the_known_exceptions_are_still_needed():
    """An exception whose circle is gone must go too, so that the circle cannot come back."""
    edges = graph()
    for pair in KNOWN:
        others = without(edges, set(KNOWN) - {pair})
        assert pair[1] in others[pair[0]], f"{pair[0]} no longer imports {pair[1]}: delete it"
        assert circles(others) != circles(without(others, {pair})), (
            f"{pair[0]} importing {pair[1]} closes no circle any more: delete it from KNOWN")


def test_imports_are_read_wherever_they_are(tmp_path):
    """The check itself: imports in functions, under TYPE_CHECKING and relative ones are read."""
    module = tmp_path / "module.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "from . import story\n"
        "if TYPE_CHECKING:\n"
        "    from handout.model.clinic import Clinic\n"
        "def later():\n"
        "    import handout.batch\n"
        "    from ..project import Project\n"
    )
    known = set(modules())
    assert imports("handout.tagging.module", module, known) == {
        "handout.tagging.story": 2, "handout.model": 4, "handout.model.clinic": 4,
        "handout.batch": 6, "handout.project": 7}
    # inside handout.model, its own __init__ is already running: not an import of it
    assert imports("handout.model.module", module, known) == {
        "handout.model.clinic": 4, "handout.batch": 6, "handout.project": 7}


def test_circles_are_found():
    edges = {"a": {"b": 1}, "b": {"c": 3}, "c": {"a": 7}, "d": {"a": 2}}
    assert circles(edges) == [["a", "b", "c"]]
    assert circles({"a": {"b": 1}, "b": {}}) == []


def test_the_entry_point_and_the_server_point_one_way():
    """client → cli → serve → serve_protocol; client → serve_protocol; never back."""
    edges = graph()
    assert set(edges["handout.serve_protocol"]) == set()
    assert "handout.cli" in edges["handout.client"]
    assert not {"handout.cli", "handout.client"} & set(edges["handout.serve"])
    assert "handout.client" not in edges["handout.cli"]
    for name, out in edges.items():
        assert "handout.client" not in out or name == "handout.__main__", name
