"""How hard a text is to read: the Flesch–Kincaid grade level of English prose, and the INFLESZ
reading ease of Spanish (``handout.languages.spanish``).

    grade = 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59

Patient material should sit at grade 8 or below (in Spanish: INFLESZ 55, "normal", or above).
English syllables are counted by a rule-based counter (vowel groups, with the usual English
corrections for silent *e*, *-le*, *-ed* and *-es*), which is within one syllable of a dictionary
count on nearly all common words; the grade is a guide for a reviewer, not a verdict, so a
dictionary-sized dependency is not worth carrying.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handout.languages import spanish

#: The highest grade recommended for patient material.
MAX_GRADE = 8.0

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*")
_WORD_ANY = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*")  # letters of any alphabet (Spanish)
_SENTENCE_END = re.compile(r"[.!?]+(?=[\s\"'”’»)\]]|$)")
_URL = re.compile(r"\b(?:https?://|mailto:|tel:|www\.)\S+", re.IGNORECASE)
_VOWELS = re.compile(r"[aeiouy]+")

# Words whose vowel groups mislead the rules below.
_EXCEPTIONS = {
    "the": 1, "every": 3, "different": 3, "evening": 2, "business": 2, "people": 2,
    "being": 2, "doing": 2, "going": 2, "seeing": 2, "area": 3, "idea": 3, "real": 1,
    "create": 2, "created": 3, "science": 2, "quiet": 2, "via": 2, "medicine": 3,
    "medicines": 3, "someone": 2, "sometimes": 2, "something": 2, "anyone": 3, "everyone": 3,
    "ketamine": 3, "vehicle": 3, "whole": 1, "wholly": 2, "are": 1, "were": 1, "there": 1,
    "where": 1, "here": 1, "more": 1, "before": 2, "therefore": 2, "one": 1, "once": 1,
}


def syllables(word: str) -> int:
    """Syllables in one English word (at least one)."""
    w, _, tail = word.lower().replace("’", "'").partition("'")
    if tail == "t" and w.endswith("n") and len(w) > 2:  # "did-n't", "does-n't"; but "don't"
        base = w[:-1]  # "did", "have", "do", "ca"
        return syllables(base) + (base[-1] not in "aeiouy" or base.endswith("e") and len(base) > 2)
    if not w.isalpha():
        return max(1, len(w.replace(",", "").replace(".", "")) // 2)  # numbers: read aloud
    if w in _EXCEPTIONS:
        return _EXCEPTIONS[w]
    if len(w) <= 3:
        return 1
    count = len(_VOWELS.findall(w))
    if w.endswith("e") and count > 1:
        if w.endswith("le") and w[-3] not in "aeiouy":
            pass  # "ta-ble", "sim-ple": the final -le is a syllable of its own
        elif not w.endswith(("ee", "ye")):
            count -= 1  # silent final e: "make", "role", "while"
    if w.endswith("ed") and len(w) > 3 and w[-3] not in "aeiouytd" and count > 1:
        count -= 1  # "helped", "aimed": -ed after a consonant is no syllable ("rat-ed" is)
    elif w.endswith("es") and count > 1 and w[-3] not in "aeiouy" and \
            not w.endswith(("ses", "zes", "ces", "ges", "xes", "shes", "ches", "les")):
        count -= 1  # "makes", "rates"; but "ca-ses", "ta-bles"
    if w.endswith(("ier", "iest", "iet", "iety")) or "ience" in w and "tience" not in w:
        count += 1  # "heal-thi-er", "di-et", "anx-i-e-ty", "ex-pe-ri-ence": i-e are two
    # other vowel pairs that are two syllables ("me-di-a", "vi-o-lent", "ac-tu-al"), except in
    # "-tion", "-sion", "-cial", "-gion" and the like, where they are one
    count += len(re.findall(r"(?<![tscgxq])i[ao]|(?<![gq])ua|eo", w))
    return max(1, count)


@dataclass(frozen=True)
class Reading:
    """Counts of one text, its Flesch–Kincaid grade and, in Spanish, its INFLESZ score."""

    words: int
    sentences: int
    syllables: int
    language: str = "en"

    @property
    def grade(self) -> float:
        if not self.words:
            return 0.0
        return (0.39 * self.words / max(1, self.sentences)
                + 11.8 * self.syllables / self.words - 15.59)

    @property
    def spanish(self) -> bool:
        return self.language.startswith("es")

    @property
    def score(self) -> float:
        """The number a reviewer reads: the grade, or in Spanish the INFLESZ score."""
        return spanish.inflesz(self.words, self.sentences, self.syllables) if self.spanish \
            else self.grade

    @property
    def hard(self) -> bool:
        """Harder than patient material should be."""
        return self.score < spanish.MIN_INFLESZ if self.spanish else self.grade > MAX_GRADE

    @property
    def formula(self) -> str:
        return "INFLESZ" if self.spanish else "Flesch–Kincaid"


def graded(language: str) -> bool:
    """Whether ``reading`` has a formula for text in ``language``."""
    return language.startswith(("en", "es"))


def reading(texts: list[str], language: str = "en") -> Reading:
    """Counts for ``texts``, each of which ends a sentence (headings and list entries too)."""
    is_spanish = language.startswith("es")
    pattern, count = (_WORD_ANY, spanish.syllables) if is_spanish else (_WORD, syllables)
    words = sentences = syl = 0
    for text in texts:
        text = _URL.sub(" ", text)
        found = pattern.findall(text)
        if not found:
            continue
        words += len(found)
        syl += sum(count(w) for w in found)
        ends = len(_SENTENCE_END.findall(text.rstrip()))
        trailing = bool(_SENTENCE_END.search(text.rstrip()[-1:] or " "))
        sentences += ends + (0 if trailing else 1)
    return Reading(words, sentences, syl, language)
