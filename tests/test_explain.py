"""Specification of explanations (jobcareer/explain.py): exact, span-true, readable."""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobcareer import Explanation

MIXED = (
    "The salary is fine, and the office is close to my flat. "
    "But what I really want is to learn from the senior engineers and grow into a lead role."
)
GUIDE_JOB = "It's a great opportunity for me since the office is right by my bus stop and there's no weekend work."

answer_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300
).filter(lambda t: t.strip())

WORDS = ["i", "want", "to", "learn", "the", "pay", "um", "not", "money", "grow", "hours",
         "close", "home", "in", "five", "years", "lead", "rent", ",", ".", "like", "you", "know"]
word_salad = st.lists(st.sampled_from(WORDS), min_size=1, max_size=60).map(" ".join)


def check_invariants(clf, text: str) -> Explanation:
    exp = clf.explain(text)
    # exact: bias + contributions == logit; phrases + unattributed == logit - bias
    assert exp.bias + math.fsum(c.weight for c in exp.contributions) == pytest.approx(exp.logit, abs=1e-6)
    assert math.fsum(p.weight for p in exp.phrases) + exp.unattributed == pytest.approx(
        exp.logit - exp.bias, abs=1e-6
    )
    assert math.fsum(s.weight for s in exp.sentences) + exp.unattributed == pytest.approx(
        exp.logit - exp.bias, abs=1e-6
    )
    # score is the calibrated logit and equals predict_proba
    assert exp.score == pytest.approx(clf.calibrate(exp.logit), abs=1e-12)
    assert exp.score == pytest.approx(clf.predict_proba([text])[0, 0], abs=1e-9)
    assert exp.label == ("career" if exp.score >= 0.5 else "job")
    # offsets index the original text; phrases do not overlap and come in text order
    last_end = 0
    for p in exp.phrases:
        assert text[p.start : p.end] == p.text
        assert p.start >= last_end
        last_end = p.end
        assert p.score_without == pytest.approx(clf.calibrate(exp.logit - p.weight), abs=1e-12)
    for s in exp.sentences:
        assert text[s.start : s.end] == s.text
    for c in exp.contributions:
        assert c.weight == pytest.approx(
            clf.coef_[clf.featurizer_.vocabulary_[c.feature]] * c.value, abs=1e-12
        )
    return exp


class TestInvariants:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(text=answer_text)
    def test_hold_on_random_unicode(self, bundled_model, text):
        check_invariants(bundled_model, text)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(text=word_salad)
    def test_hold_on_random_on_topic_word_salad(self, bundled_model, text):
        check_invariants(bundled_model, text)

    def test_hold_on_real_answers(self, bundled_model, test_split):
        for text in test_split.texts[::7]:
            check_invariants(bundled_model, text)

    def test_score_is_monotone_in_the_logit(self, bundled_model, test_split):
        exps = [bundled_model.explain(t) for t in test_split.texts[:80]]
        pairs = sorted((e.logit, e.score) for e in exps)
        assert all(b[1] >= a[1] for a, b in itertools.pairwise(pairs))

    def test_same_input_same_output(self, bundled_model):
        assert bundled_model.explain(MIXED) == bundled_model.explain(MIXED)


class TestContent:
    def test_explanations_are_immutable(self, bundled_model):
        exp = bundled_model.explain(MIXED)
        with pytest.raises(dataclasses.FrozenInstanceError):
            exp.label = "job"  # type: ignore[misc]

    def test_contributions_are_strongest_first(self, bundled_model):
        weights = [abs(c.weight) for c in bundled_model.explain(MIXED).contributions]
        assert weights == sorted(weights, reverse=True)

    def test_a_mixed_answer_shows_both_directions_by_sentence(self, bundled_model):
        exp = bundled_model.explain(MIXED)
        assert len(exp.sentences) == 2
        assert exp.sentences[0].weight < exp.sentences[1].weight
        assert exp.sentences[1].label == "career"
        assert {p.label for p in exp.phrases} == {"career", "job"}

    def test_guide_example_convenience_reads_as_job(self, bundled_model):
        exp = bundled_model.explain(GUIDE_JOB)
        assert exp.label == "job"
        assert exp.top_phrases(1)[0].label == "job"

    def test_removing_a_top_phrase_moves_the_score_against_it(self, bundled_model):
        exp = bundled_model.explain(MIXED)
        for p in exp.top_phrases(3):
            if p.label == "career":
                assert p.score_without < exp.score
            else:
                assert p.score_without > exp.score

    def test_score_span_of_a_sentence_equals_its_sentence_score(self, bundled_model):
        exp = bundled_model.explain(MIXED)
        for s in exp.sentences:
            assert exp.score_span(s.start, s.end) == pytest.approx(s.score, abs=1e-9)
        with pytest.raises(ValueError, match="outside"):
            exp.score_span(0, len(MIXED) + 5)

    def test_top_phrases_filters_by_label(self, bundled_model):
        exp = bundled_model.explain(MIXED)
        assert all(p.label == "job" for p in exp.top_phrases(5, "job"))
        with pytest.raises(ValueError, match="label"):
            exp.top_phrases(3, "maybe")


class TestSummaryAndEvidence:
    def test_summary_talks_about_the_answer(self, bundled_model):
        summary = bundled_model.explain(GUIDE_JOB).summary
        assert summary.startswith("Reads as job-oriented (")
        assert "strongest signals" in summary
        lowered = summary.lower()
        assert not any(w in lowered for w in ("you are", "lazy", "ambitious person", "unmotivated"))

    @pytest.mark.parametrize(
        "text",
        [
            "Je voudrais travailler chez vous depuis longtemps.",
            "Ich möchte hier arbeiten.",
            "🙂🙂🙂",
            "<p>&nbsp;</p>",
            "\u05d0\u05e0\u05d9 \u05e8\u05d5\u05e6\u05d4 \u05dc\u05e2\u05d1\u05d5\u05d3",
        ],
    )
    def test_off_topic_or_foreign_text_is_flagged_low_evidence(self, bundled_model, text):
        exp = bundled_model.explain(text)
        assert exp.low_evidence
        assert exp.summary.startswith("Too little evidence")
        assert 0.15 < exp.score < 0.85

    def test_an_ordinary_answer_has_enough_evidence(self, bundled_model):
        exp = bundled_model.explain(MIXED)
        assert not exp.low_evidence
        assert exp.evidence >= 3

    def test_blank_or_non_text_input_is_refused(self, bundled_model):
        with pytest.raises(ValueError, match="blank"):
            bundled_model.explain("   ")
        with pytest.raises(TypeError, match="int"):
            bundled_model.explain(3)  # type: ignore[arg-type]


def test_phrase_weights_split_repeated_features_across_occurrences(bundled_model):
    text = "The pay. The pay. The pay."
    exp = bundled_model.explain(text)
    by_sentence = [s.weight for s in exp.sentences]
    assert np.allclose(by_sentence, by_sentence[0])


@pytest.mark.parametrize("enabled", [True, False])
def test_building_explanations_leaves_the_garbage_collector_as_it_was(bundled_model, enabled):
    import gc

    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        bundled_model.explain_many(["I need the pay.", "I want to grow into a lead role."])
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


# -- phrases show whole words ---------------------------------------------------------------------
WORD_TEXTS = [
    "I'm not here for the money, I want to grow.",
    "A four-day week suits my kids' school run.",
    "It's not about the money at all; I want to learn the craft.",
    "I don't really care about promotions, I just need the pay.",
    "My [kids]' school is close, so the hours fit and the pay's decent.",
    "Honestly, I never wanted a career in sales; the pay is what matters.",
]


def cuts_a_word(text: str, offset: int) -> bool:
    import re

    return any(a < offset < b for a, b in (m.span() for m in re.finditer(r"\w+(?:['’-]\w+)*", text)))


@pytest.mark.parametrize("text", WORD_TEXTS)
def test_phrases_start_and_end_on_word_boundaries(bundled_model, text):
    exp = bundled_model.explain(text)
    for p in exp.phrases:
        assert not cuts_a_word(text, p.start) and not cuts_a_word(text, p.end), p.text
        assert p.text == p.text.strip() and text[p.start : p.end] == p.text
    assert all(a.end <= b.start for a, b in itertools.pairwise(exp.phrases))
    assert math.isclose(sum(p.weight for p in exp.phrases) + exp.unattributed, exp.logit - exp.bias, abs_tol=1e-9)


def test_a_negated_phrase_shows_its_negation_cue(bundled_model):
    text = "It's not about the money, I want to learn the craft."
    (phrase,) = [p for p in bundled_model.explain(text).phrases if "money" in p.text]
    assert phrase.text.startswith("not ")


def test_no_phrase_of_function_words_alone_is_named_as_a_reason(bundled_model, test_split):
    # the arithmetic keeps them (weights still sum to the logit); the summary, the
    # highlights and the top phrases never name "on", "the" or "I was" as a reason
    explanations = bundled_model.explain_many(test_split.texts[:400])
    function_only = [p for e in explanations for p in e.phrases if p.is_function_words]
    assert function_only, "the test needs answers with such phrases"
    for exp in explanations:
        named = set(exp.highlighted) | set(exp.top_phrases(len(exp.phrases)))
        assert not any(p.is_function_words for p in named)
        assert exp.bias + sum(p.weight for p in exp.phrases) == pytest.approx(exp.logit, abs=1e-6)


def test_phrases_know_when_they_are_function_words_only():
    from jobcareer.explain import Phrase

    def phrase(text: str) -> Phrase:
        return Phrase(text, 0, len(text), 0.1, "career", 0.5)

    assert phrase("on").is_function_words and phrase("I'm not").is_function_words
    assert phrase("honestly").is_function_words
    assert not phrase("parking").is_function_words and not phrase("the pay").is_function_words
