"""The language rules as array functions (jobcareer/rules.py); their effects on answers are
specified in test_analysis.py."""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from jobcareer import rules
from jobcareer.token_types import flag_bits


def context(flag_names: list[list[str]], answer_lengths: list[int]) -> rules.TokenContext:
    flags = np.array([flag_bits(*names) for names in flag_names], dtype=np.int64)
    bounds = np.concatenate([[0], np.cumsum(answer_lengths)]).astype(np.int64)
    lengths = np.diff(bounds)
    position = np.arange(len(flags), dtype=np.int64)
    return rules.TokenContext(
        flags, position, np.repeat(bounds[:-1], lengths), np.repeat(bounds[1:], lengths) - position - 1
    )


def test_neighbour_flags_never_cross_answers():
    ctx = context([["a"], ["of"], ["hyphen"], ["punct"]], [2, 2])
    assert ctx.previous_flags.tolist() == [0, flag_bits("a"), 0, flag_bits("hyphen")]
    assert ctx.next_flags.tolist() == [flag_bits("of"), 0, flag_bits("punct"), 0]
    assert ctx.second_next_flags.tolist() == [0, 0, 0, 0]
    assert ctx.flags_ahead(np.array([1, 1, 1, 1])).tolist() == [flag_bits("of"), 0, flag_bits("punct"), 0]
    assert ctx.has("a", "punct").tolist() == [True, False, False, True]


def test_every_answer_starts_a_sentence_and_final_punctuation_starts_the_next():
    ctx = context([[], ["punct", "sent_punct"], [], [], []], [4, 1])
    assert rules.sentence_starts(ctx).tolist() == [True, False, True, False, True]


def test_negation_reaches_window_content_words_not_counting_fillers():
    ctx = context([["neg_cue"], [], ["filler"], [], []], [5])
    filler = np.array([False, False, True, False, False])
    assert rules.negation_scope(ctx, np.zeros(5, dtype=bool), filler, window=2).tolist() == [
        False, True, False, True, False
    ]


def test_numbers_leave_tokens_already_marked_alone():
    ctx = context([["like_num"], ["year_unit"], ["like_num"]], [3])
    norm = np.array([-1, -1, 1], dtype=np.int8)  # the last token starts an occupation span
    rules.normalise_numbers(ctx, norm)
    assert norm.tolist() == [3, 0, 1]  # "<years>" absorbing its unit; the occupation kept


def test_a_cue_touching_an_idiom_is_dropped_and_the_others_kept():
    starts, ends, sets = np.array([0, 3, 6]), np.array([1, 5, 7]), np.array([4, 5, 6])
    kept = rules.drop_cues_in_idioms(starts, ends, sets, np.array([4]), np.array([6]), n_tokens=8)
    assert [k.tolist() for k in kept] == [[0, 6], [1, 7], [4, 6]]  # (3, 5) overlaps the idiom (4, 6)
    unchanged = rules.drop_cues_in_idioms(starts, ends, sets, np.array([], dtype=np.int64),
                                          np.array([], dtype=np.int64), n_tokens=8)
    assert [k.tolist() for k in unchanged] == [[0, 3, 6], [1, 5, 7], [4, 5, 6]]


def test_a_denied_subject_needs_a_verb_a_cue_and_a_word_of_reason_in_reach():
    # "money was never why" / "money was never really quite so much why"
    ctx = context([[], ["copula"], ["neg_cue"], ["denied_reason"]], [4])
    no_fillers = np.zeros(4, dtype=bool)
    assert rules.denied_subjects(ctx, np.array([True, False, False, False]), no_fillers).tolist() == [
        True, False, False, False
    ]
    far = context([[], ["copula"], ["neg_cue"], [], [], ["denied_reason"]], [6])
    assert not rules.denied_subjects(far, np.eye(1, 6, dtype=bool)[0], np.zeros(6, dtype=bool), reach=2).any()


def test_a_denied_subject_never_reaches_into_the_previous_answer():
    ctx = context([[], [], ["copula"], ["neg_cue", "denied_reason"]], [1, 3])
    starts = np.array([True, True, False, False])
    assert rules.denied_subjects(ctx, starts, np.zeros(4, dtype=bool)).tolist() == [False, True, False, False]


cue_matches = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 9), st.integers(1, 4), st.integers(0, 3)), max_size=20
)


@given(cue_matches)
def test_few_cue_matches_are_resolved_as_the_array_path_resolves_them(raw):
    # answers of 12 tokens; matches in no set order, duplicates included
    doc_start = np.repeat(np.arange(3, dtype=np.int64) * 12, 12)
    starts = np.array([a * 12 + s for a, s, _, _ in raw], dtype=np.int64)
    ends = np.array([a * 12 + min(s + n, 12) for a, s, n, _ in raw], dtype=np.int64)
    sets = np.array([c for _, _, _, c in raw], dtype=np.int64)
    few = rules.resolve_cue_overlaps(starts, ends, sets, doc_start, 4)
    with patch.object(rules, "FEW_SPANS", 0):  # always the array path
        many = rules.resolve_cue_overlaps(starts, ends, sets, doc_start, 4)
    for got, expected in zip(few, many):
        assert got.dtype == expected.dtype
        assert got.tolist() == expected.tolist()


token_flags = st.lists(st.sampled_from([[], ["punct"], ["sent_punct"], ["punct", "sent_punct"], ["a"], ["space"]]),
                       max_size=40)


@given(token_flags)
def test_few_tokens_find_the_sentence_starts_the_array_way_finds(names):
    ctx = context(names, [len(names)])
    few = rules.sentence_starts(ctx)
    with patch.object(rules, "FEW_TOKENS", -1):  # always the array path
        many = rules.sentence_starts(ctx)
    assert few.dtype == many.dtype == bool
    assert few.tolist() == many.tolist()
