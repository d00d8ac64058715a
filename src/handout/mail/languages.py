"""Intake messages in more than one language: the clinic's message in each, and what it attaches.

A message in a language other than English (``--lang es``, or the ``language`` column of a
batch) speaks that language throughout: the clinic's own subject and message come from its text
in that language (``languages.clinic_text``: a clinic that wrote its own English message must
write it in Spanish too, or the command stops at the English text's line), the default words
from ``mail.words``, and the attachments are the guides' editions in that language. A guide the
sender named (``--guide``, the ``guides`` column) must be translated; of the guides a message
attaches by default (the clinic's ``email.guides``, or every guide) it attaches those that are.

Takes a project and a parsed clinic; gives one ``Intake`` per language and the guides of one
message.
"""

from __future__ import annotations

from handout.errors import ContentError
from handout.languages import clinic_text
from handout.languages.tags import name
from handout.mail.compose import Intake
from handout.model import Clinic, Parsed
from handout.outputs import ENGLISH
from handout.project import Project


class Intakes:
    """The clinic's intake message in each language a message is asked for, made once each."""

    def __init__(self, project: Project, parsed: Parsed[Clinic]):
        self.project, self.parsed = project, parsed
        self.guide_ids = project.guide_ids()
        #: every language a guide is in: what ``--lang`` and the language column may name
        self.known = tuple(dict.fromkeys(
            lang for gid in self.guide_ids for lang in project.languages(gid)))
        self.made: dict[str, Intake] = {}

    def __call__(self, language: str) -> Intake:
        """Raises ``ContentError`` (the clinic's text in ``language`` is missing or wrong)."""
        if language not in self.made:
            parsed, problems = clinic_text.localized(self.parsed, language, "")
            if problems:
                raise ContentError(problems)
            self.made[language] = Intake.of(parsed, self.guide_ids, language)
        return self.made[language]

    def guides(self, language: str, guides: tuple[str, ...], named: bool
               ) -> tuple[tuple[str, ...], str | None]:
        """The guides a message in ``language`` attaches, and what is wrong if it can attach
        none: ``named`` guides must each be translated; default ones are kept if they are."""
        if language == ENGLISH:
            return guides, None
        have = tuple(g for g in guides if language in self.project.languages(g))
        lang = name(language)
        if named and have != guides:
            missing = ", ".join(g for g in guides if g not in have)
            return (), f"guides in {lang} (not translated: {missing})"
        if not have:
            return (), (f"a guide in {lang} among the clinic's email.guides "
                        f"({', '.join(guides)}); none is translated")
        return have, None
