"""``handout new project DIR``: a clinic network's own content repository, anywhere.

Takes a folder; gives a project in it: ``content/`` with one example clinic and the shipped guides,
``fonts/`` with their licence, the pictures of the example and of the guides in ``assets/``,
``schema/``, a ``.gitignore`` for ``dist/``, a pre-commit configuration that checks the content
files against the schemas, and a README to start from.

The files come from the installed package (``handout/starter/``, put there when the package is
built: see ``setup.py``), so that installing the tool is enough; in a source checkout they come
from the repository's own top-level folders, which stay the source of truth. ``FILES`` says
which files a starter holds, once, for both.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from handout.errors import NotFoundError, UsageError

#: The example clinic a new project starts with (its logo comes along).
EXAMPLE = "boulder"
#: What a starter holds, as glob patterns from the repository's top: the files copied into the
#: package when it is built, and from there (or the checkout) into a new project.
FILES = ("fonts/*.ttf", "fonts/OFL.txt", "fonts/scripts/*.ttf", "fonts/scripts/OFL.txt",
         "schema/*.schema.json", "content/guides/*.yaml",
         f"content/clinics/{EXAMPLE}.yaml", f"assets/{EXAMPLE}/**/*", "assets/guides/**/*",
         ".pre-commit-config.yaml")

README = """\
# {name}

Patient handouts for our clinics, built with `handout` from the YAML files in `content/`.

| command | what it does |
|---|---|
| `handout new clinic NAME` | starts `content/clinics/NAME.yaml` (it asks for what it needs) |
| `handout watch --clinic NAME` | builds the PDFs into `dist/NAME/`, and again each time a file is saved |
| `handout preview --clinic NAME` | pictures of every page, in `dist/NAME/preview/` |
| `handout check` | checks every clinic and guide without building |
| `handout list --guide ID` | a guide's blocks and their ids (for a clinic's `overrides`) |
| `handout build --all` | builds every clinic |

`content/clinics/{example}.yaml` is an example clinic: copy what helps, then remove it. The
guides in `content/guides/` came with `handout`; `handout new guide ID --title "…"` starts one of
your own. Fonts: Noto Sans and Noto Serif, SIL Open Font License 1.1 (`fonts/OFL.txt`), and in
`fonts/scripts/` the Noto fonts that print the notice of language assistance in Arabic, Chinese,
Japanese, Korean and Khmer (`fonts/scripts/OFL.txt`).

Editors with the YAML language server (VS Code's YAML extension, for one) complete keys and
underline mistakes from `schema/`. With [pre-commit](https://pre-commit.com), `pre-commit
install` checks the content files against the same schemas before each commit.
"""

GITIGNORE = "# built PDFs and previews: made from content/, never edited\ndist/\n"


def origin() -> Path:
    """Where the starter files are: the installed package's copy, or else the source checkout."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "starter"
    if (packaged / "fonts").is_dir():
        return packaged
    checkout = package.parents[1]  # src/handout → the repository
    if (checkout / "fonts").is_dir() and (checkout / "content" / "guides").is_dir():
        return checkout
    raise NotFoundError(f"the starter files are missing from {packaged}; install handout again")


def files(top: Path) -> list[Path]:
    """The starter's files under ``top`` (a checkout or the package's copy), relative to it."""
    found = sorted({p.relative_to(top) for pattern in FILES for p in top.glob(pattern)
                    if p.is_file()})
    if not any(p.parts[0] == "fonts" for p in found):
        raise NotFoundError(f"no fonts in {top / 'fonts'}; install handout again")
    return found


def copy(top: Path, dest: Path) -> list[Path]:
    """Copy the starter's files from ``top`` into ``dest``; the files written."""
    written = []
    for relative in files(top):
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(top / relative, target)
        written.append(target)
    return written


def new_project(dest: Path) -> list[Path]:
    """Start a project in ``dest``, which must not exist or be empty; the files written."""
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise UsageError(f"{dest} already exists and is not an empty folder; nothing was "
                         f"written (choose a new folder)")
    top = origin()
    files(top)  # before making anything: a broken installation writes nothing
    dest.mkdir(parents=True, exist_ok=True)
    try:
        written = copy(top, dest)
        (dest / "assets").mkdir(exist_ok=True)
        for name, text in (("README.md", README.format(name=dest.resolve().name,
                                                        example=EXAMPLE)),
                           (".gitignore", GITIGNORE)):
            (dest / name).write_text(text, encoding="utf-8")
            written.append(dest / name)
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)
        raise
    return written
