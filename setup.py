"""Build hook: the starter files of ``handout new project`` go into the package.

The repository's top-level ``fonts/``, ``schema/``, ``content/`` and ``assets/`` stay the source
of truth; building the package copies the files ``handout.editing.starter.FILES`` lists into
``handout/starter/``, so that ``pip install handout`` alone can start a project. Everything else
about the package is in pyproject.toml.
"""

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def _starter():
    """handout.editing.starter, from the source being built (it and what it imports use only
    the standard library: the package's dependencies may not be installed yet)."""
    sys.path.insert(0, str(HERE / "src"))
    try:
        from handout.editing import starter
    finally:
        sys.path.pop(0)
    return starter


class BuildWithStarter(build_py):
    def run(self):
        super().run()
        if not self.dry_run:
            _starter().copy(HERE, Path(self.build_lib) / "handout" / "starter")


setup(cmdclass={"build_py": BuildWithStarter})
