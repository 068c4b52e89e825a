"""Specification of the phrase rules for one answer (jobcareer/phrase_rules.py).

One answer explained alone goes through the rules in plain Python; in a batch, through
array operations: the two must agree to the last bit.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobcareer.phrase_rules import answer_phrases, answer_runs

WORDS = ["i", "I'm", "want", "to", "learn", "the", "pay", "um", "not", "money", "grow", "hours", "don't", "never",
         "close", "home", "in", "five", "years", "lead", "rent", ",", ".", "like", "kids'", "four-day", "week", "no"]
answers = st.lists(st.sampled_from(WORDS), min_size=1, max_size=50).map(" ".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=answers, other=answers)
def test_one_answer_alone_has_the_phrases_it_has_in_a_batch(bundled_model, text, other):
    alone = bundled_model.explain(text)
    in_batch = bundled_model.explain_many([other, text, other])[1]
    assert alone.phrases == in_batch.phrases
    assert alone == in_batch


def test_real_answers_alone_and_in_a_batch(bundled_model, test_split):
    texts = list(test_split.texts[:120])
    assert [bundled_model.explain(t) for t in texts] == bundled_model.explain_many(texts)


def test_a_strong_run_bridges_a_weak_one_and_sheds_weak_ends():
    weighted, values, runs = answer_runs([2.0, -0.01, 2.0, 0.01], [True, False, False, False], [False] * 4)
    assert weighted == [0, 1, 2, 3] and values == [2.0, -0.01, 2.0, 0.01]
    assert runs == [(0, 3), (3, 4)]


def test_phrases_of_one_answer_are_whole_words_with_their_negation_cue():
    text = "I'm not here for the money"
    # tokens: I | 'm | not | here | for | the | money ; "money" is negated by "not"
    idx = [0, 1, 4, 8, 13, 17, 21]
    end = [1, 3, 7, 12, 16, 20, 26]
    start, stop, weight = answer_phrases(
        text, [0.3, 0.3, 0.0, 0.0, 0.0, 0.0, -1.0], sent_start=[True] + [False] * 6, is_punct=[False] * 7,
        negated=[False, False, False, True, True, True, True], is_negation_cue=[False, False, True] + [False] * 4,
        idx=idx, end=end,
    )
    assert [text[a:b] for a, b in zip(start, stop)] == ["I'm", "not here for the money"]
    assert weight == [0.6, -1.0]
