"""``handout --help`` and ``handout CMD --help`` printed without loading Typer: the text kept.

Starting Python takes about 20 ms; importing Typer (and the click it carries) takes about 100 ms
more, before a word of help is printed. The help text changes only when what renders it changes,
so the first ``--help`` of a kind runs Typer as usual, keeps what it printed, and later ones
print the kept text, byte for byte, in about a fifth of the time.

An entry is found by everything the text depends on that is not a file: the command words, the
program's name as click detects it, the terminal's width (click wraps to it), the Python, where
``handout`` is installed and its version. It is used only if every file that was loaded to render
it — ``cli.py`` and the rest of ``handout``, Typer, click, every module outside the standard
library, which ``sys.version`` stands for — still has the digest it had then (SHA-256 of the
content). So an edited option, another Typer or another Python means Typer renders the help
again, and the entry is written anew.

Entries live in ``$XDG_CACHE_HOME/handout/help/`` (``~/.cache/handout/help/`` by default) and are
written atomically; a cache folder that cannot be read or written only costs Typer's start.
Standard library only, and not much of it: the entry point asks this module before importing the
command line.
"""

from __future__ import annotations

import os
import sys

from handout import interrupts

#: Changes whenever an entry's layout does.
FORMAT = 1
_MAGIC = f"handout-help {FORMAT}\n"
_WORD = frozenset("abcdefghijklmnopqrstuvwxyz-")


def folder() -> str:
    """``$XDG_CACHE_HOME/handout/help``, else ``~/.cache/handout/help`` (as the font cache)."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    root = base if base and os.path.isabs(base) else os.path.join(os.path.expanduser("~"),
                                                                   ".cache")
    return os.path.join(root, "handout", "help")


def entry(argv: list[str]) -> str | None:
    """The entry's path for a request for help (``[CMD [SUB]] --help``); None for anything else."""
    words = argv[:-1]
    if not argv or argv[-1] != "--help" or len(words) > 2 or any(
            not w or not set(w) <= _WORD or w[0] == "-" for w in words):
        return None
    if any(name.startswith("_") and name.endswith("COMPLETE") for name in os.environ):
        return None  # click's shell completion answers instead of the help
    import hashlib

    import handout

    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    key = "\0".join(map(str, (
        FORMAT, *argv, sys.argv[0], getattr(main, "__package__", None),
        getattr(spec, "name", None), _columns(), os.environ.get("TYPER_USE_RICH"), sys.version,
        sys.executable, handout.__file__, handout.__version__)))
    return os.path.join(folder(), hashlib.sha256(key.encode("utf-8", "surrogateescape"))
                        .hexdigest()[:32] + ".txt")


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` (which click asks) gives it."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return columns


def kept(path: str) -> str | None:
    """The help text of an entry whose files are all as they were; None otherwise."""
    try:
        with open(path, encoding="utf-8", newline="") as stream:
            raw = stream.read()
    except (OSError, UnicodeDecodeError):
        return None
    head, sep, text = raw.partition("\n\n")
    lines = head.split("\n")
    if not sep or lines[0] + "\n" != _MAGIC:
        return None
    import hashlib

    import handout

    cli = os.path.join(os.path.dirname(os.path.abspath(handout.__file__)), "cli.py")
    if not any(line.endswith(" " + cli) for line in lines[1:]):
        return None  # not an entry we wrote: ours always name the command line's source
    for line in lines[1:]:
        digest, _, source = line.partition(" ")
        try:
            with open(source, "rb") as stream:
                if hashlib.sha256(stream.read()).hexdigest() != digest:
                    return None
        except OSError:
            return None
    return text


def keep(path: str, text: str) -> None:
    """Write an entry for ``text``, naming every file loaded so far outside the standard library."""
    import hashlib
    import tempfile

    sources = _sources()
    if sources is None:
        return
    lines = [_MAGIC.rstrip("\n")]
    try:
        for source in sources:
            with open(source, "rb") as stream:
                lines.append(f"{hashlib.sha256(stream.read()).hexdigest()} {source}")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".part")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
                stream.write("\n".join(lines) + "\n\n" + text)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass  # a cache that cannot be written only costs Typer's start next time


def _sources() -> list[str] | None:
    """The files of the loaded modules outside the standard library; None if one cannot be named
    on a line of its own (an entry must list them all, or not be written)."""
    import sysconfig

    stdlib = os.path.dirname(os.__file__) + os.sep
    sites = tuple(os.path.join(sysconfig.get_paths()[k], "") for k in ("purelib", "platlib"))
    found = set()
    for module in list(sys.modules.values()):
        source = getattr(module, "__file__", None)
        if not source or not os.path.isfile(source):
            continue  # built in, frozen, or a namespace package
        source = os.path.abspath(source)
        if source.startswith(stdlib) and not source.startswith(sites):
            continue
        if "\n" in source or source != source.strip():
            return None
        found.add(source)
    return sorted(found)


def show(argv: list[str]) -> bool:
    """Print the kept help for ``argv`` if there is a valid entry; whether it was printed."""
    path = entry(argv)
    text = None if path is None else kept(path)
    if text is None:
        return False
    sys.stdout.write(text)
    sys.stdout.flush()
    return True


def run_and_keep(argv: list[str], run) -> None:
    """``run()`` the command line; if it answered a request for help, keep what it printed.

    Typer's output is captured while it runs and then printed as it came, so the entry holds
    exactly what Typer printed. Only a help that exits with status 0 is kept.
    """
    path = entry(argv)
    if path is None:
        run()
        return
    import io

    real, captured = sys.stdout, io.StringIO()
    status: object = "no exit"
    sys.stdout = captured
    try:
        run()
    except SystemExit as exc:
        status = exc.code
        raise
    finally:
        sys.stdout = real
        real.write(captured.getvalue())
        real.flush()
        if status in (0, None):
            interrupts.ignore()  # the help is printed: a Ctrl-C now must not cut the entry short
            keep(path, captured.getvalue())
