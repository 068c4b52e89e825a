"""Specification of phrase segments and runs (jobcareer/phrase_segments.py).

The runs are computed with array operations over a whole batch; they must be what the
rules say, answer by answer, which :func:`runs_by_the_rules` spells out one segment at a
time (the way they were first written).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from jobcareer.phrase_segments import PhraseSegments


def runs_by_the_rules(segments: PhraseSegments, k: int) -> list[tuple[int, int]]:
    """Answer ``k``'s runs, segment by segment: a strong segment bridges a weak one onto
    the next segment of its clause, two at a time; weak ends of a run with strong tokens
    are split off."""
    first, region, has_strong = segments.first.tolist(), segments.region.tolist(), segments.has_strong.tolist()
    next_strong, prev_strong = segments.next_strong.tolist(), segments.prev_strong.tolist()
    out: list[tuple[int, int]] = []
    s, end = int(segments.answer_segments[k]), int(segments.answer_segments[k + 1])
    while s < end:
        last = s
        if has_strong[s]:
            while last + 2 < end and region[last + 2] == region[s] and not has_strong[last + 1]:
                last += 2
        lo, hi = first[s], first[last + 1]
        strong_lo, strong_hi = next_strong[lo], prev_strong[hi - 1]
        if strong_lo >= hi:
            out.append((lo, hi))
        else:
            out += [r for r in ((lo, strong_lo), (strong_lo, strong_hi + 1), (strong_hi + 1, hi)) if r[0] < r[1]]
        s = last + 1
    return out


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
    lo, hi, answer_runs = segments.runs()
    for k in range(len(bounds) - 1):
        a, b = answer_runs[k], answer_runs[k + 1]
        assert list(zip(lo[a:b].tolist(), hi[a:b].tolist())) == runs_by_the_rules(segments, k)


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
