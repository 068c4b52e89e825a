"""Specification of phrase spans (jobcareer/phrase_spans.py): runs become spans of the text.

:func:`batch_phrase_spans` works on a whole batch with array operations; it must give,
for every answer, what the rules give when followed one run at a time
(:func:`jobcareer.phrase_rules.answer_spans`), whatever the text: contractions, hyphens,
curly apostrophes, negation cues, whitespace of every kind.
"""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from jobcareer.phrase_rules import answer_spans, negation_cues
from jobcareer.phrase_segments import PhraseSegments
from jobcareer.phrase_spans import batch_phrase_spans, negation_cue_of, word_end, word_start

TOKENIZER = spacy.blank("en").tokenizer
NEGATION_CUES = {"not", "n't", "never", "no"}
PIECES = ["I", "I'm", "'m", "not", "don't", "never", "no", "four-day", "week", "kids'", "kids’", "school",
          "pay", "-", "'", "’", "grow", "learn", "money", ",", ".", "!", "café", "naïve", "$20", "5",
          "well-paid", "can't", "  ", "\n", "\u00a0", "\u2003", "x-", "-x", "it's", "’s"]

answer_texts = st.lists(
    st.tuples(st.sampled_from(PIECES), st.sampled_from([" ", "", " ", "  "])), min_size=1, max_size=30
).map(lambda parts: "".join(p + s for p, s in parts))



def analyse(texts: list[str], weights: list[float]) -> dict:
    """Token arrays for ``texts`` (spaCy's tokens), weights cycled from ``weights``."""
    docs = [TOKENIZER(t) for t in texts]
    bounds = np.concatenate([[0], np.cumsum([len(d) for d in docs])]).astype(np.int64)
    tokens = [tok for d in docs for tok in d]
    n = len(tokens)
    is_cue = np.array([tok.lower_ in NEGATION_CUES for tok in tokens], dtype=bool)
    negated = np.zeros(n, dtype=bool)
    for i in np.flatnonzero(is_cue):  # a scope of the next three tokens, within the answer
        answer_end = bounds[np.searchsorted(bounds, i, side="right")]
        negated[i + 1 : min(i + 4, answer_end)] = True
    sent_start = np.array([tok.is_sent_start or tok.i == 0 for tok in tokens], dtype=bool)
    sent_start |= np.array([i > 0 and tokens[i - 1].text in ".!?" for i in range(n)], dtype=bool)
    return {
        "bounds": bounds,
        "sent_start": sent_start,
        "is_punct": np.array([tok.is_punct for tok in tokens], dtype=bool),
        "negated": negated,
        "is_cue": is_cue,
        "idx": np.array([tok.idx for tok in tokens], dtype=np.int64),
        "end": np.array([tok.idx + len(tok) for tok in tokens], dtype=np.int64),
        "weight": np.array([weights[i % len(weights)] if not tok.is_space else 0.0 for i, tok in enumerate(tokens)]),
    }


def check_batch_equals_rules(texts: list[str], weights: list[float]) -> None:
    a = analyse(texts, weights)
    segments = PhraseSegments(a["bounds"], a["sent_start"], a["is_punct"], a["weight"])
    lo, hi, answer_runs = segments.runs()
    cue_of = negation_cue_of(a["bounds"], a["negated"], a["is_cue"])
    spans = batch_phrase_spans(texts, lo, hi, answer_runs, segments.weighted, a["idx"], a["end"], cue_of)
    weighted, idx, end, cues = segments.weighted.tolist(), a["idx"].tolist(), a["end"].tolist(), cue_of.tolist()
    for k, text in enumerate(texts):
        first, last = answer_runs[k], answer_runs[k + 1]
        runs = list(zip(lo[first:last].tolist(), hi[first:last].tolist()))
        want_runs, want_spans = answer_spans(text, runs, weighted, idx, end, cues)
        p, q = spans.answer_phrases[k], spans.answer_phrases[k + 1]
        assert list(zip(spans.lo[p:q].tolist(), spans.hi[p:q].tolist())) == want_runs, text
        assert list(zip(spans.start[p:q].tolist(), spans.end[p:q].tolist())) == want_spans, text
        for start, stop in want_spans:
            assert text[start:stop] == text[start:stop].strip()


@settings(max_examples=500, deadline=None)
@given(texts=st.lists(answer_texts, min_size=1, max_size=5),
       weights=st.lists(st.sampled_from([0.0, 0.02, -0.02, 0.3, -0.3, 1.5, -1.5]), min_size=1, max_size=9))
def test_batch_spans_are_the_spans_the_rules_give_answer_by_answer(texts, weights):
    check_batch_equals_rules(texts, weights)


@pytest.mark.parametrize(
    "text",
    [
        "I'm not here for the money, I want to grow.",
        "A four-day week suits my kids' school run.",
        "It's not about the money at all; I want to learn the craft.",
        "I don't really care about promotions, I just need the pay.",
        "I  never \u00a0wanted a\ncareer in sales",
    ],
)
def test_written_answers_with_contractions_hyphens_and_negation(text):
    for weights in ([1.0, -0.05, 0.3, -1.0], [0.5], [-0.2, 0.0, 2.0]):
        check_batch_equals_rules([text, text.upper(), "Mm."], weights)


def test_a_negation_cue_is_found_for_every_token_of_its_scope_within_the_answer():
    bounds = np.array([0, 4, 6])
    negated = np.array([False, True, True, False, True, True])
    is_cue = np.array([True, False, False, True, False, False])
    # the second answer's first token is negated, but the cue before it is in the first answer
    assert negation_cue_of(bounds, negated, is_cue).tolist() == [-1, 0, 0, -1, -1, -1]
    assert negation_cues(negated[:4].tolist(), is_cue[:4].tolist()) == [-1, 0, 0, -1]
    assert negation_cues(negated[4:].tolist(), is_cue[4:].tolist()) == [-1, -1]


def test_words_are_found_around_an_offset():
    text = "I'm on a four-day week, kids’ school."
    assert (word_start(text, 1), word_end(text, 1)) == (0, 3)  # inside "I'm"
    assert word_end(text, text.index("-")) == text.index(" week")  # "four-day" is one word
    assert word_start(text, text.index("day")) == text.index("four")
    assert word_end(text, 3) == 3 and word_start(text, 4) == 4  # on a space, nothing moves
