"""Choosing among overlapping spans (jobcareer/span_overlaps.py)."""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from jobcareer import span_overlaps
from jobcareer.span_overlaps import longest_first, resolve_overlaps


def test_the_longest_then_the_earliest_span_wins():
    assert longest_first([0, 1, 5], [2, 4, 6], overlap_any=True) == [1, 2]
    assert longest_first([0, 1], [2, 3], overlap_any=True) == [0]


def test_spacys_rule_drops_a_span_only_when_its_first_or_last_token_is_taken():
    # (0, 5) is kept; (1, 3) starts inside it; with overlap_any False, (5, 6) touches nothing
    assert sorted(longest_first([0, 1, 5], [5, 3, 6], overlap_any=False)) == [0, 2]


def test_spans_compete_only_within_their_group():
    starts, ends, groups = np.array([0, 1, 0]), np.array([2, 4, 2]), np.array([0, 0, 1])
    assert resolve_overlaps(starts, ends, groups, overlap_any=True).tolist() == [1, 2]


spans = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 12), st.integers(1, 4)), max_size=12)


@given(spans, st.booleans(), st.sampled_from([0, span_overlaps.FEW_SPANS]))
def test_the_array_path_agrees_with_the_one_span_at_a_time_rule(raw, overlap_any, few_spans):
    raw = sorted({(g, s, s + n) for g, s, n in raw})
    groups = np.array([g for g, _, _ in raw], dtype=np.int64)
    starts = np.array([s for _, s, _ in raw], dtype=np.int64)
    ends = np.array([e for _, _, e in raw], dtype=np.int64)
    with patch.object(span_overlaps, "FEW_SPANS", few_spans):  # 0: always the array path
        kept = resolve_overlaps(starts, ends, groups, overlap_any=overlap_any).tolist()
    expected = []
    for group in sorted(set(groups.tolist())):
        members = np.flatnonzero(groups == group).tolist()
        chosen = longest_first(starts[members].tolist(), ends[members].tolist(), overlap_any)
        expected += [members[k] for k in chosen]
    assert kept == sorted(expected)
