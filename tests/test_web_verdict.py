"""jobcareer.web.verdict: the fewest strongest phrases whose removal flips the label."""

from __future__ import annotations

import dataclasses
import math

from jobcareer.web.verdict import verdict_change


def _score(exp, logit):
    slope, offset = exp.calibration
    return 1 / (1 + math.exp(-(slope * logit + offset)))


def test_removing_the_named_phrases_flips_the_label_and_fewer_would_not(bundled_model):
    for text in ["The hours fit my kids' school run.",
                 "I want to master this craft and grow into leading a team in five years.",
                 "The pay is fine, but I want to learn from the senior engineers."]:
        exp = bundled_model.explain(text)
        change = verdict_change(exp)
        if not change.phrases:
            continue
        weights = {p.text: p.weight for p in exp.phrases}
        logit = exp.logit - sum(weights[t] for t in change.phrases)
        assert change.label_after != exp.label
        assert math.isclose(change.score_after, _score(exp, logit))
        fewer = exp.logit - sum(weights[t] for t in change.phrases[:-1])
        assert ("career" if _score(exp, fewer) >= 0.5 else "job") == exp.label
        assert change.message.startswith("Without '")
        assert all(weights[t] * (1 if exp.label == "career" else -1) > 0 for t in change.phrases)


def test_when_removal_cannot_flip_it_the_message_says_so(bundled_model):
    exp = bundled_model.explain("The hours fit my kids' school run.")
    assert exp.label == "job"
    # the same explanation with only its career-side phrases: nothing on the job side to remove
    only_career = dataclasses.replace(exp, phrases=tuple(p for p in exp.phrases if p.label == "career"))
    change = verdict_change(only_career)
    assert change.phrases == () and change.label_after == "job" and change.score_after == exp.score
    assert change.message == (
        "Removing phrases alone would not make this answer read as career-oriented: "
        "it would need career-oriented content of its own."
    )
