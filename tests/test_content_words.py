"""The words features are made of (jobcareer/content_words.py)."""

from __future__ import annotations

import numpy as np
import spacy
from feature_views import content_tokens

from jobcareer.analysis import Analyzer
from jobcareer.content_words import content_words, expand_ranges, segment_starts, token_covers, unigram_name


def analyse(*texts):
    nlp = spacy.blank("en")
    return Analyzer(nlp).analyse([nlp.make_doc(t) for t in texts])


def test_content_words_skip_fillers_punctuation_and_absorbed_tokens():
    analysis = analyse("um I'm not a registered nurse, for 5 years", "Pay!")
    words = content_words(analysis)
    assert [unigram_name(analysis, k) for k in words.key.tolist()] == [
        "i", "be", "not", "not_a", "not_<occ>", "for", "<years>", "pay"
    ]
    assert words.row.tolist() == [0, 0, 0, 0, 0, 0, 0, 1]
    assert words.sentence[-1] > words.sentence[-2]  # a new answer starts a new sentence


def test_a_placeholder_covers_the_tokens_absorbed_into_it():
    analysis = analyse("a registered nurse for 5 years")
    words = content_words(analysis)
    start, positions = token_covers(analysis, words.position)
    covers = [positions[start[j] : start[j + 1]].tolist() for j in range(len(words.position))]
    assert covers == [[0], [1, 2], [3], [4, 5]]
    assert content_tokens(analysis, 0) == [[("a", (0,)), ("<occ>", (1, 2)), ("for", (3,)), ("<years>", (4, 5))]]


def test_skipped_tokens_make_no_words_and_split_their_sentence_into_segments():
    analysis = analyse("pay is good though a registered nurse earns more and i grow")
    skipped = np.zeros(analysis.n_tokens, dtype=bool)
    skipped[4:8] = True  # "a registered nurse earns"
    words = content_words(analysis, skipped)
    assert [unigram_name(analysis, k) for k in words.key.tolist()] == [
        "pay", "be", "good", "though", "much", "and", "i", "grow"
    ]
    assert words.sentence.tolist() == [1, 1, 1, 1, 3, 3, 3, 3]  # the skipped run is segment 2
    start, positions = token_covers(analysis, words.position, skipped)
    assert positions.tolist() == [0, 1, 2, 3, 8, 9, 10, 11]  # "nurse", absorbed, is skipped too
    assert start.tolist() == list(range(9))  # each content word covers itself alone
    assert segment_starts(analysis.sent_start, None) is analysis.sent_start


def test_expand_ranges_concatenates_ranges():
    assert expand_ranges(np.array([5, 0, 9]), np.array([2, 0, 3])).tolist() == [5, 6, 9, 10, 11]
