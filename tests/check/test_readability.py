"""The Flesch–Kincaid grade, against values worked by hand and published examples."""

import pytest

from handout.readability import reading, syllables


@pytest.mark.parametrize("word, count", [
    ("cat", 1), ("make", 1), ("table", 2), ("helped", 1), ("rated", 2), ("happy", 2),
    ("beautiful", 3), ("medication", 4), ("ketamine", 3), ("people", 2), ("treatment", 2),
    ("depression", 3), ("simple", 2), ("education", 4), ("relationship", 4), ("doctor", 2),
    ("the", 1), ("patients", 2), ("studies", 2), ("anxiety", 4), ("diet", 2), ("patient", 2),
    ("society", 4), ("don't", 1), ("didn't", 2), ("isn’t", 2), ("haven't", 2), ("can't", 1),
    ("2026", 2),
])
def test_syllables(word, count):
    assert syllables(word) == count


def test_grade_of_one_short_sentence():
    # 6 words, 1 sentence, 6 syllables: 0.39 × 6 + 11.8 × 1 − 15.59
    r = reading(["The cat sat on the mat."])
    assert (r.words, r.sentences, r.syllables) == (6, 1, 6)
    assert r.grade == pytest.approx(0.39 * 6 + 11.8 - 15.59)


def test_published_example():
    # The platypus sentence of the Flesch–Kincaid literature: grade 13.1.
    r = reading(["The Australian platypus is seemingly a hybrid of a mammal and reptilian "
                 "creature."])
    assert round(r.grade, 1) == 13.1


def test_headings_count_as_sentences_and_links_as_nothing():
    r = reading(["Costs Can Add Up", "Call us. See https://clinic.example/very/long/address."])
    assert r.sentences == 3
    assert r.words == 4 + 3


def test_plain_words_read_easier_than_long_ones():
    easy = reading(["Take one pill a day. Call us if you feel sick."]).grade
    hard = reading(["Administer pharmacological interventions consistently; communicate "
                    "unanticipated physiological manifestations immediately."]).grade
    assert easy < 4 < 14 < hard
