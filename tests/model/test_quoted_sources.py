"""The warning-signs guide quotes public-domain US government publications word for word: each
passage below, as the agency published it, is in the guide unchanged (apart from curly quotes
and the guide's citation marks). To quote an agency's newer text, change both."""

from __future__ import annotations

import re

import pytest

from handout.model import parts
from handout.project import Project

GUIDE = "warning-signs"

#: source id → passages as published (stored copies of the agencies' own pages)
QUOTED = {
    "samhsa-suicidal-behavior": [
        "Help for You",
        "Talking with someone about your thoughts and feelings can save your life. There are "
        "steps you can take to keep yourself safe through a crisis.",
        "Call or text 988 any time or chat online with the 988 Suicide & Crisis Lifeline to get "
        "support also find resources on:",
        "Finding a therapist/support group",
        "Building and using a support network",
        "Making a safety plan for yourself",
        "Help for Someone You Know",
        "Learn how to recognize the warning signs when someone’s at risk—and what action steps "
        "you can take. If you believe someone may be in danger of suicide:",
        "Call 911, if danger for self-harm seems imminent.",
        "Call or text 988 to reach the 988 Suicide & Crisis Lifeline to talk to a caring "
        "professional.",
        "Ask them if they are thinking about killing themselves. This will not put the idea into "
        "their head or make it more likely that they will attempt suicide.",
        "Listen without judging and show you care.",
        "Stay with the person or make sure the person is in a private, secure place with another "
        "caring person until you can get further help.",
        "Remove any objects that could be used in a suicide attempt.",
        "Call or text 988 to reach the 988 Suicide & Crisis Lifeline to talk to their "
        "professionals and follow their guidance.",
        "The causes of suicide are complex and determined by multiple combinations of factors, "
        "such as mental illness, substance misuse, painful losses, exposure to violence, and "
        "social isolation.",
        "Risk is greater if a behavior is new or has increased, and if it seems related to a "
        "painful event, loss, or change",
    ],
    "samhsa-988-faqs": [
        "No matter where you are in the United States, you can call or text the number 988 or "
        "chat online at 988lifeline.org and connect with a skilled, compassionate crisis "
        "counselor.",
        "There is no reason too big or too small to reach out to 988. People can also call, text "
        "or chat 988 if they are worried about a loved one who may need crisis support.",
        "988 call, chat, and text services are available in English and Spanish. Call services "
        "with interpreters are available in more than 240 languages.",
    ],
    "cdc-bethere": [
        "Individual, relationship, community, and societal factors may influence the risk of "
        "suicide. Know the suicide warning signs including:",
        "Feeling like a burden", "Being isolated", "Increased anxiety",
        "Feeling trapped or in unbearable pain", "Increased substance use",
        "Looking for a way to access lethal means", "Increased anger or rage",
        "Extreme mood swings", "Expressing hopelessness", "Sleeping too little or too much",
        "Talking or posting about wanting to die", "Making plans for suicide",
    ],
    "nimh-depression-signs": [
        "Ongoing sad, anxious, or empty feelings", "Feeling hopeless",
        "Feeling guilty, worthless, or helpless", "Feeling irritable or restless",
        "Loss of interest in activities or hobbies once enjoyable, including sex",
        "Feeling tired all the time",
        "Difficulty concentrating, remembering details, or making decisions",
        "Difficulty falling asleep or staying asleep, a condition called insomnia, or sleeping "
        "all the time",
        "Overeating or loss of appetite", "Thoughts of death and suicide or suicide attempts",
        "Ongoing aches and pains, headaches, cramps, or digestive problems that do not ease with "
        "treatment.",
    ],
    "nimh-men-depression": [
        "What is Depression?",
        'Depression is a serious medical illness; it’s not something that you have made up in '
        'your head. It’s more than just feeling "down in the dumps" or "blue" for a few days. '
        'It’s feeling "down" and "low" and "hopeless" for weeks at a time.',
        "A variety of treatments including medications and short-term psychotherapies have proven "
        "effective for depression.",
    ],
}


def _plain(text: str) -> str:
    """Words and punctuation as a reader sees them: citation marks out, quotes straight."""
    text = re.sub(r"\s*\[\d+\]", "", text)  # "[1]", where a citation is printed
    text = " ".join(text.translate({0x201C: '"', 0x201D: '"'}).split())
    return re.sub(r" ([.,:;])", r"\1", text)  # where a citation stood before a full stop


@pytest.fixture(scope="module")
def guide_text(project: Project) -> str:
    guide = project.guide(GUIDE).value
    cited = [f"{s.id}" for s in guide.sources]
    assert sorted(cited) == sorted(QUOTED), "every quoted source is cited, and only those"
    words = [w for _, block in parts.walk(guide.blocks) for w in parts.words(block)]
    return "\n".join(_plain(w) for w in words)


@pytest.mark.parametrize("source, passage", [(s, p) for s, ps in QUOTED.items() for p in ps])
def test_passage_is_quoted_word_for_word(guide_text, source, passage):
    assert _plain(passage) in guide_text
