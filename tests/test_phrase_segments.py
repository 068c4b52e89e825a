"""Specification of phrase segments and runs (jobcareer/phrase_segments.py).

The runs are computed with array operations over a whole batch; they must be what the
rules say, answer by answer, which :func:`jobcareer.phrase_rules.answer_runs` spells out
one segment at a time.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from jobcareer.phrase_rules import answer_runs
from jobcareer.phrase_segments import PhraseSegments


@st.composite
def batches(draw):
    """Answers of random tokens: weights (many zero, both signs, a few strong), sentence
    starts and punctuation."""
    lengths = draw(st.lists(st.integers(0, 40), min_size=1, max_size=6))
    n = sum(lengths)
    weights = draw(st.lists(st.sampled_from([0.0, 0.0, 0.01, -0.01, 0.05, -0.05, 0.5, -0.5, 2.0, -2.0]),
                            min_size=n, max_size=n))
    punct = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    starts = draw(st.lists(st.integers(0, 8), min_size=n, max_size=n))
    bounds = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    sent_start = np.array([s == 0 for s in starts], dtype=bool)
    sent_start[bounds[:-1][np.diff(bounds) > 0]] = True  # every answer starts a sentence
    return bounds, sent_start, np.array(punct, dtype=bool), np.array(weights)


@settings(max_examples=300, deadline=None)
@given(batch=batches())
def test_batch_runs_are_the_runs_the_rules_give_answer_by_answer(batch):
    bounds, sent_start, punct, weights = batch
    segments = PhraseSegments(bounds, sent_start, punct, weights)
    lo, hi, runs_of = segments.runs()
    weighted = segments.weighted
    for k in range(len(bounds) - 1):
        a, b, base = runs_of[k], runs_of[k + 1], bounds[k]
        got = [(weighted[x] - base, weighted[y - 1] - base) for x, y in zip(lo[a:b].tolist(), hi[a:b].tolist())]
        local, _, runs = answer_runs(weights[base : bounds[k + 1]].tolist(), sent_start[base : bounds[k + 1]].tolist(),
                                     punct[base : bounds[k + 1]].tolist())
        assert got == [(local[x], local[y - 1]) for x, y in runs]


def test_a_weak_segment_between_two_of_a_clause_is_bridged_and_weak_ends_split_off():
    # one answer, one clause: strong +, weak -, strong +, then a weak + tail token
    weights = np.array([2.0, -0.01, 2.0, 0.01])
    segments = PhraseSegments(np.array([0, 4]), np.array([True, False, False, False]), np.zeros(4, dtype=bool),
                              weights)
    lo, hi, _ = segments.runs()
    assert list(zip(lo.tolist(), hi.tolist())) == [(0, 3), (3, 4)]


def test_punctuation_stops_a_bridge():
    weights = np.array([2.0, -0.01, 0.0, 2.0])
    punct = np.array([False, False, True, False])
    segments = PhraseSegments(np.array([0, 4]), np.array([True, False, False, False]), punct, weights)
    lo, hi, _ = segments.runs()
    assert list(zip(lo.tolist(), hi.tolist())) == [(0, 1), (1, 2), (2, 3)]


def test_answers_without_weighted_tokens_have_no_runs():
    segments = PhraseSegments(np.array([0, 2, 2, 3]), np.array([True, False, True]), np.zeros(3, dtype=bool),
                              np.zeros(3))
    lo, hi, answer_runs = segments.runs()
    assert len(lo) == len(hi) == 0 and answer_runs.tolist() == [0, 0, 0, 0]
