"""How hard a text is to read: the Flesch–Kincaid grade level of English prose.

    grade = 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59

Patient material should sit at grade 8 or below. Syllables are counted by a rule-based counter
(vowel groups, with the usual English corrections for silent *e*, *-le*, *-ed* and *-es*), which
is within one syllable of a dictionary count on nearly all common words; the grade is a guide for
a reviewer, not a verdict, so a dictionary-sized dependency is not worth carrying.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The highest grade recommended for patient material.
MAX_GRADE = 8.0

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=[\s\"'”’)\]]|$)")
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
    """Counts of one text and its Flesch–Kincaid grade."""

    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float:
        if not self.words:
            return 0.0
        return (0.39 * self.words / max(1, self.sentences)
                + 11.8 * self.syllables / self.words - 15.59)


def reading(texts: list[str]) -> Reading:
    """Counts for ``texts``, each of which ends a sentence (headings and list entries too)."""
    words = sentences = syl = 0
    for text in texts:
        text = _URL.sub(" ", text)
        found = _WORD.findall(text)
        if not found:
            continue
        words += len(found)
        syl += sum(syllables(w) for w in found)
        ends = len(_SENTENCE_END.findall(text.rstrip()))
        trailing = bool(_SENTENCE_END.search(text.rstrip()[-1:] or " "))
        sentences += ends + (0 if trailing else 1)
    return Reading(words, sentences, syl)
