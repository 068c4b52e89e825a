"""What the bundled model must get right on the kinds of real answers it used to miss.

Every answer here was written for this test (none is taken or paraphrased from the
real-answer development set): at least five per failure family that real answers showed
(issue 13), each scored the way the labeling guide labels it, and answers with no
orientation at all, which must be flagged low-evidence instead of getting a confident label.
"""

from __future__ import annotations

import pytest

FAMILIES: dict[str, list[tuple[str, str]]] = {
    'salary talk and negotiation': [
        ('job', "I'm looking for somewhere around 58 to 62k. Does that fit your budget for the role?"),
        ('job', "I'm after 60 to 65k, does that fit your budget?"),
        ('job', 'Honestly the offer was eight grand more than I make now, so I said yes.'),
        ('job', "I'd need at least twenty an hour plus overtime to make the switch worth it."),
        ('job', "The commission structure here beats my current place by a mile, that's the main draw."),
        ('job', "What I want is a bigger paycheck than the one I'm getting, simple as that."),
        ('job', "My current salary is 45k and I won't move for less than 52k."),
    ],
    'escaping stagnation': [
        ('career', 'I was stuck doing the same reports every week with no prospects, so I left.'),
        ('career', 'I was stuck doing the same thing with no prospects, so I left.'),
        ('career', "After four years I'd stopped learning anything, and I couldn't see where that job was going."),
        ('career', "It was a dead end. Nobody had been promoted in years, so I looked for somewhere to grow."),
        ('career', "I'd outgrown the role and there was nowhere for it to go, so I moved on."),
        ('career', 'I felt like I was treading water at my last company and wanted a place that would stretch me.'),
    ],
    'pressure from others': [
        ('job', 'My parents told me to get a job or move out, so I applied here.'),
        ('job', 'my parents told me to get a job'),
        ('job', 'My dad kept telling me to get a real job, so here I am.'),
        ('job', 'The job centre said I had to take something or lose my benefits.'),
        ('job', 'My wife told me we needed a second income, so I started looking.'),
        ('job', 'Mostly to get my parents off my back, to be honest.'),
    ],
    'moving house and family reasons': [
        ('job', "We just moved to the area for my husband's work and I need something nearby."),
        ('job', 'My mum is ill and I need a job close to her house so I can look in on her.'),
        ('job', "I'm relocating to be near my partner, so I'm looking for whatever's local."),
        ('job', 'The school run means I can only do nine to three, and your hours fit that.'),
        ('job', 'We bought a house on this side of town and the commute to my old place is over an hour.'),
    ],
    'fear of unemployment': [
        ('job', 'After the layoffs I was terrified of being out of work, so I took the first offer I got.'),
        ('job', "I'd been unemployed for eight months and couldn't afford to be picky."),
        ('job', 'There are rumours of more redundancies at my company, so I want something more secure.'),
        ('job', 'I just need something steady before my savings run out.'),
        ('job', 'I was scared of losing the house, so any job was better than none.'),
    ],
    'the logical next step': [
        ('career', 'This role feels like the logical next step in my career after five years as an analyst.'),
        ('career', 'It is the logical next step in my career.'),
        ('career', 'Moving into a team lead position is the natural progression for me.'),
        ('career', "It's the next rung on the ladder I've been climbing since I started in support."),
        ('career', 'I see this as the next step toward running my own department one day.'),
        ('career', 'After the apprenticeship, becoming a site supervisor is the obvious next move in my career.'),
    ],
    'calling language': [
        ('career', "I've wanted to be a nurse since I was a little girl, it's what I was meant to do."),
        ('career', 'Teaching is my calling. I want to make a difference for kids like I was.'),
        ('career', "Ever since my grandfather's stroke I knew I wanted to spend my life helping people recover."),
        ('career', 'I became a firefighter because I want to give back to the town that raised me.'),
        ('career', 'This is a vocation for me, not a paycheck.'),
    ],
    'short replies and slang': [
        ('job', 'bills lol'),
        ('job', 'need the cash tbh'),
        ('job', 'for the bag fr'),
        ('career', 'tryna level up my skills and become a senior dev'),
        ('career', 'I wanna learn everything about this trade.'),
        ('job', "gotta eat, rent's due"),
    ],
    'lifelong calling told as a story': [
        ('career', "My uncle ran a body shop and I spent every weekend there as a kid. "
                   "I always knew I'd fix cars for a living."),
        ('career', 'I used to line my stuffed animals up and teach them spelling. '
                   'Twenty years later I have a classroom of my own.'),
        ('career', "After the flood, I watched the rescue crews for days. "
                   "From then on I couldn't see myself doing anything else."),
        ('career', 'I want to leave this trade better than I found it, for the apprentices coming up behind me.'),
        ('career', 'Baking is in my blood. My grandmother had a bakery and I want one of my own someday.'),
    ],
    'any work out of necessity': [
        ('job', 'I applied everywhere for months, and this was the only place that called back, so I took it.'),
        ('job', "After they laid me off I had to grab whatever came first, and that was stocking shelves."),
        ('job', 'Warehouse work was my fallback when the design jobs dried up.'),
        ('job', "It was my only option at the time. I had rent due and nothing else lined up."),
        ('job', 'I settled for the call centre because I was running out of savings.'),
    ],
    'the crew and the atmosphere': [
        ('job', 'Honestly, I stay for the crew. We have each other\'s backs on every shift.'),
        ('job', 'The people make it. It feels like family in that kitchen and the laughs get me through the day.'),
        ('job', "It's a fun place to work, good people, free coffee, and nobody breathes down your neck."),
        ('job', 'The regulars are lovely and the banter with the team makes the hours fly.'),
        ('job', 'My best friend works there and the vibe is relaxed, that was enough for me.'),
    ],
    'habit and comfort': [
        ('job', "I've been there so long it's just a habit now."),
        ('job', "Honestly it's comfortable. I got used to it and never bothered looking elsewhere."),
        ('job', 'Habit, mostly. I know the place and I never bothered to look around.'),
        ('job', "I stayed put because it's easy and close, and I'm in my comfort zone."),
        ('job', 'It pays fine and the work is simple enough that I can switch off.'),
    ],
    'a motive denied before it is named': [
        ('career', 'Money was never why I went into teaching. I wanted to be the teacher who gets a kid reading.'),
        ('career', "The salary had nothing to do with it; I want to learn how a real kitchen runs."),
        ('career', "The pay isn't the point for me. Ten years from now I want to be running my own practice."),
        ('career', 'Honestly the hours were never the reason. I took it because they train you to become a surveyor.'),
        ('career', "Benefits aren't what got me here. I want to build a career in public health."),
        ('job', 'Growth was never the point for me, I just need a steady wage and to be home by five.'),
        ('job', "A promotion isn't why I applied. The shifts fit around the kids and it's ten minutes away."),
        ('job', "Career progression had nothing to do with it. The money's better and that's the whole story."),
        ('job', "Passion was never the reason, if I'm honest. It pays the rent and the team is nice."),
        ('job', "Climbing the ladder isn't what I'm after. I want something easy and close to home."),
    ],
}

NO_ORIENTATION = [
    'Yes.',
    'Okay.',
    '60k.',
    'The weather was nice yesterday.',
    'Ich arbeite gern mit Menschen zusammen.',
    '!!!',
]


CASES = [(family, label, text) for family, answers in FAMILIES.items() for label, text in answers]

#: Answers the bundled model still gets wrong, kept so the suite says so (strict: a fix shows).
#: Word weights learned from the corpus ('feel', a number of years, 'change') outweigh the
#: comfort cues here.
KNOWN_MISSES = [
    ('habit and comfort', 'job', 'It is what I know, and starting over somewhere new feels like too much hassle.'),
    ('habit and comfort', 'job', 'Same shop for twelve years. I got used to it and it is easy, so why change?'),
]


def test_every_family_has_at_least_five_answers():
    assert all(len(answers) >= 5 for answers in FAMILIES.values())


@pytest.mark.parametrize(("family", "label", "text"), CASES, ids=[f"{f}: {t[:40]}" for f, _, t in CASES])
def test_answers_of_each_family_are_read_the_way_the_guide_labels_them(bundled_model, family, label, text):
    explanation = bundled_model.explain(text)
    assert explanation.label == label, f"{family}: P(career) {explanation.score:.2f}"


@pytest.mark.xfail(strict=True, reason="a known miss of the bundled model (see KNOWN_MISSES)")
@pytest.mark.parametrize(("family", "label", "text"), KNOWN_MISSES, ids=[t[:40] for _, _, t in KNOWN_MISSES])
def test_known_misses_are_still_missed(bundled_model, family, label, text):
    explanation = bundled_model.explain(text)
    assert explanation.label == label, f"{family}: P(career) {explanation.score:.2f}"


@pytest.mark.parametrize("text", NO_ORIENTATION)
def test_answers_without_orientation_are_flagged_low_evidence(bundled_model, text):
    explanation = bundled_model.explain(text)
    assert explanation.low_evidence
    assert 0.25 < explanation.score < 0.75, "no evidence must not give a confident score"


def test_a_denied_motive_counts_for_the_other_side(bundled_model):
    """The subject denied by the negation after it ("money was never why") weighs toward career."""
    phrases = bundled_model.explain("Money was never why I took this job.").phrases
    money = next(p for p in phrases if p.text.lower().startswith("money"))
    assert money.weight > 0
    stated = next(p for p in bundled_model.explain("Money is why I took this job.").phrases if "Money" in p.text)
    assert stated.weight < 0
