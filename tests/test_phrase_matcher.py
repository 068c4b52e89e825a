"""Finding phrases in a batch of tokens (jobcareer/phrase_matcher.py)."""

from __future__ import annotations

import numpy as np

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
