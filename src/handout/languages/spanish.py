"""Syllables of Spanish words, for the INFLESZ reading ease of Spanish text (``readability``).

Spanish spelling shows its syllables: each syllable has one vowel nucleus, so a word has as many
syllables as it has nuclei. Vowels next to each other share a nucleus (a diphthong: *cie-lo*,
*ciu-dad*, *hoy*) unless both are strong (*a*, *e*, *o*: *le-er*, *o-cé-a-no*) or one is a weak
vowel with an accent (*dí-a*, *pa-ís*, *re-ír*), which splits them (a hiatus). The *u* of *que*,
*qui*, *gue*, *gui* is not pronounced, and a final *y* after a vowel is a vowel (*muy*, *ley*).

This counts every word of the Spanish guide and the clinics' Spanish text as a dictionary
syllabification does (the tests hold a list of hard cases). ``textstat``, which offers the same
formulas, counts Spanish syllables from pyphen's hyphenation points instead; hyphenation does not
break before or after a single letter, so it undercounts words such as *a-gua*, *dí-a* or
*e-fec-to*, which are common in plain-language text.
"""

from __future__ import annotations

import re

_VOWELS = set("aeiouáéíóúü")
#: vowels that never share a nucleus with another strong one: a, e, o, and í, ú with an accent
_STRONG = set("aeoáéóíú")
_SILENT_U = re.compile(r"(?<=[qg])u(?=[eiéí])")
_FINAL_Y = re.compile(r"(?<=[aeiouáéíóú])y$")


def syllables(word: str) -> int:
    """Syllables in one Spanish word (at least one)."""
    w = word.lower()
    if not w.isalpha():
        return max(1, len(re.sub(r"\D", "", w)) // 2)  # numbers: read aloud, roughly
    w = _FINAL_Y.sub("i", _SILENT_U.sub("", w))
    count, previous = 0, ""
    for c in w:
        if c in _VOWELS:
            if previous not in _VOWELS or (previous in _STRONG and c in _STRONG):
                count += 1  # a new nucleus: after a consonant, or a hiatus
        previous = c
    return max(1, count)


#: INFLESZ at or above this reads as "normal" or easier (Barrio-Cantalejo et al., 2008).
MIN_INFLESZ = 55.0


def inflesz(words: int, sentences: int, syllables_: int) -> float:
    """Szigriszt-Pazos' perspicuity, read on the INFLESZ scale: higher is easier.

        206.835 − 62.3 × (syllables / words) − (words / sentences)

    Below 40 very hard, 40–55 somewhat hard, 55–65 normal, 65–80 fairly easy, above 80 very
    easy (Barrio-Cantalejo et al., Anales del Sistema Sanitario de Navarra, 2008, who made the
    scale for health information for patients).
    """
    if not words:
        return 100.0
    return 206.835 - 62.3 * syllables_ / words - words / max(1, sentences)
