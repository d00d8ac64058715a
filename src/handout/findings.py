"""What ``handout`` reports, and how loudly: the policy of errors and warnings.

**Error** — the tool cannot make a correct PDF from the content or the options: YAML that does
not parse, a wrong or missing value, an unknown key, clinic, guide, block id or placeholder, a
missing or unsafe picture, a character our fonts cannot print, a text that cannot be laid out
on any page (most continue on the next; see ``layout.boxes``), an output folder that cannot be
written. Errors are ``HandoutError``s, each problem located at its file, line, column and key.
``build`` and ``check`` print every error of a file together, write nothing, and exit with
status 2.

**Warning** — a correct PDF can be made, but a reviewer should look before it reaches patients:
the brand colour had to be darkened to keep text readable (WCAG AA), a link is not https,
mailto or tel, a picture has no alt text (decorative) or an alt text that describes nothing, a
raster picture has under 150 pixels an inch at the largest size it prints, the guide is past its
review date, a section reads above grade 8, a state's top languages include some that no shipped
tagline of the notice of language assistance serves. Warnings are ``Finding``s, reported
only by ``handout check``; they never stop ``build``. ``check --strict`` turns them into a failure
(exit status 1) for use in CI.

**Note** — information with no judgement attached: the reading grade of every section.

Internal errors (bugs of ours) are neither: the CLI says so in one line, exits with status 3, and
shows the traceback with ``--debug``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from handout.errors import Location

Level = Literal["warning", "note"]


@dataclass(frozen=True)
class Finding:
    """One thing a reviewer should know about content that is otherwise valid."""

    level: Level
    rule: str  # contrast, link, alt-text, resolution, review-date, reading-grade, taglines
    location: Location
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.location}: "
        if self.path:
            where += f"{self.path}: "
        return where + self.message
