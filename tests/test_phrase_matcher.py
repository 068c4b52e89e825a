"""Finding phrases in a batch of tokens (jobcareer/phrase_matcher.py)."""

from __future__ import annotations

from itertools import pairwise
from unittest.mock import patch

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from jobcareer import phrase_matcher
from jobcareer.phrase_matcher import PACKED_WORDS, WORD_BITS, PhraseMatcher, pack_words


def found(matcher: PhraseMatcher, words: list[int], answer_lengths: list[int]) -> set[tuple[int, int, int]]:
    """Matches as (start, end, payload), for tokens given by word id and answers by length."""
    tokens_after = np.concatenate([np.arange(n - 1, -1, -1) for n in answer_lengths]).astype(np.int64)
    start, end, phrase = matcher.match(np.array(words, dtype=np.int64), tokens_after)
    which, payload = matcher.payloads(phrase)
    return set(zip(start[which].tolist(), end[which].tolist(), payload.tolist()))


def test_finds_every_phrase_including_overlapping_and_nested_ones():
    matcher = PhraseMatcher([((1,), 10), ((1, 2), 20), ((2, 3, 4), 30)], n_words=5)
    assert found(matcher, [1, 2, 3, 4, 5, 1], [6]) == {(0, 1, 10), (0, 2, 20), (1, 4, 30), (5, 6, 10)}


def test_a_phrase_never_crosses_answers():
    matcher = PhraseMatcher([((1, 2), 7)], n_words=2)
    assert found(matcher, [1, 2, 1, 2], [1, 3]) == {(2, 4, 7)}


def test_phrases_longer_than_one_packed_code_are_found():
    long = tuple(range(1, PACKED_WORDS + 3))
    matcher = PhraseMatcher([(long, 1), ((*long[:-1], 9), 2)], n_words=9)
    words = [9, *long, 9]
    assert found(matcher, words, [len(words)]) == {(1, 1 + len(long), 1)}


def test_a_phrase_listed_twice_keeps_both_payloads_and_id_zero_is_no_word():
    matcher = PhraseMatcher([((3, 4), 1), ((3, 4), 2), ((0, 4), 3), ((), 4)], n_words=4)
    assert found(matcher, [3, 4, 0, 4], [4]) == {(0, 2, 1), (0, 2, 2)}


def test_codes_pack_words_in_order():
    assert pack_words([1, 2]) == 1 | (2 << WORD_BITS)
    assert pack_words([2, 1]) != pack_words([1, 2])


PHRASES = st.lists(st.tuples(st.lists(st.integers(0, 6), min_size=1, max_size=PACKED_WORDS + 2), st.integers(0, 3)),
                   max_size=12)


def matcher_and_answers(phrases, words: list[int], n_answers: int) -> tuple[PhraseMatcher, np.ndarray, np.ndarray]:
    """A matcher of ``phrases``, and ``words`` cut into ``n_answers`` answers of about equal
    length: their ids and how many tokens follow each in its answer."""
    cuts = sorted({0, len(words), *(len(words) * k // n_answers for k in range(1, n_answers))})
    tokens_after = np.concatenate(
        [np.zeros(0, dtype=np.int64)] + [np.arange(b - a - 1, -1, -1, dtype=np.int64) for a, b in pairwise(cuts)]
    )
    return PhraseMatcher([(tuple(w), p) for w, p in phrases], n_words=6), np.array(words, dtype=np.int64), tokens_after


@given(PHRASES, st.lists(st.integers(0, 6), max_size=40), st.integers(1, 4))
def test_a_few_starts_one_at_a_time_find_what_the_array_walk_finds(phrases, words, n_answers):
    matcher, ids, tokens_after = matcher_and_answers(phrases, words, n_answers)
    one_at_a_time = matcher.match(ids, tokens_after)
    with patch.object(phrase_matcher, "FEW_CANDIDATES", -1):  # always the array walk
        array_walk = matcher.match(ids, tokens_after)
    for got, expected in zip(one_at_a_time, array_walk):
        assert got.dtype == expected.dtype and got.tolist() == expected.tolist()


@given(PHRASES, st.lists(st.integers(0, 6), max_size=40))
def test_the_payloads_of_a_few_matches_listed_one_at_a_time_are_the_array_ones(phrases, words):
    matcher = PhraseMatcher([(tuple(w), p) for w, p in phrases], n_words=6)
    ids = np.array(words, dtype=np.int64)
    _, _, phrase = matcher.match(ids, np.arange(len(ids) - 1, -1, -1, dtype=np.int64))
    one_at_a_time = matcher.payloads(phrase)
    with patch.object(phrase_matcher, "FEW_MATCHES", -1):  # always the array operations
        arrays = matcher.payloads(phrase)
    for got, expected in zip(one_at_a_time, arrays):
        assert got.dtype == expected.dtype and got.tolist() == expected.tolist()


@given(PHRASES, st.lists(st.integers(0, 6), max_size=40), st.integers(1, 4))
def test_the_payloads_of_the_matches_of_a_few_tokens_are_those_of_match_then_payloads(phrases, words, n_answers):
    matcher, ids, tokens_after = matcher_and_answers(phrases, words, n_answers)
    on_lists = matcher.match_payloads(ids, tokens_after)
    with patch.object(phrase_matcher, "FEW_CANDIDATES", -1), patch.object(phrase_matcher, "FEW_MATCHES", -1):
        start, end, phrase = matcher.match(ids, tokens_after)  # the array walk and array payloads
        match, payload = matcher.payloads(phrase)
        assert [a.tolist() for a in matcher.match_payloads(ids, tokens_after)] == [
            start[match].tolist(), end[match].tolist(), payload.tolist()
        ]
    for got, expected in zip(on_lists, (start[match], end[match], payload)):
        assert got.dtype == expected.dtype == np.int64 and got.tolist() == expected.tolist()
