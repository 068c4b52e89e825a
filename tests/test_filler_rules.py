"""The filler rules (jobcareer/filler_rules.py): the list path of a few tokens against the
array path, over the real flags of real words; their effects on answers are specified in
test_analysis.py."""

from __future__ import annotations

import random
from unittest.mock import patch

import numpy as np
import pytest
import spacy
from spacy.attrs import ORTH
from spacy.lookups import load_lookups

from jobcareer import filler_rules, rules
from jobcareer.lexicons import default_lexicons
from jobcareer.token_types import LexiconWords, TokenTypeTable

#: Words that make every filler rule fire or nearly fire: repeats, markers, punctuation.
WORDS = [
    "i", "I", "i", "mean", "you", "know", "what", "like", "to", "it", "really", "um", "uh", "so",
    "yeah", ",", ".", "?", "!", "the", "money", "money", "pay", "had", "that", "very", "'s", "-",
    "grow", "want", "not", "anything", "but", "5",
]


@pytest.fixture(scope="module")
def types():
    nlp = spacy.blank("en")
    lex = default_lexicons()
    words = LexiconWords(
        fillers=frozenset(f for f in lex["fillers"] if " " not in f),
        negation_cues=frozenset(lex["negation_cues"]), scope_breakers=frozenset(lex["scope_breakers"]),
        contrast=frozenset(lex["contrast_cues"]), concessive=frozenset(lex["concessive_cues"]),
        concessive_initial=frozenset(lex["concessive_initial_cues"]), granting=frozenset(lex["granting_cues"]),
    )
    lemmas = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    return nlp, TokenTypeTable(lemmas, words, {})


def answers(nlp, types, rng, n_answers):
    docs = [nlp.make_doc(" ".join(rng.choices(WORDS, k=rng.randint(0, 14)))) for _ in range(n_answers)]
    lengths = np.array([len(d) for d in docs], dtype=np.int64)
    bounds = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    orths = np.concatenate([d.to_array(ORTH) for d in docs] + [np.zeros(0, dtype=np.uint64)]).view(np.int64)
    columns = types.columns(types.type_ids(orths, nlp.vocab))
    position = np.arange(int(bounds[-1]), dtype=np.int64)
    ctx = rules.TokenContext(
        columns.flags, position, np.repeat(bounds[:-1], lengths), np.repeat(bounds[1:], lengths) - position - 1
    )
    return ctx, columns.lower


@pytest.mark.parametrize("n_answers", [1, 3])
def test_few_tokens_find_the_fillers_the_array_way_finds(types, n_answers):
    nlp, table = types
    rng = random.Random(n_answers)
    for _ in range(300):
        ctx, lower = answers(nlp, table, rng, n_answers)
        sent_start = rules.sentence_starts(ctx)
        spans = (np.array([0] if len(lower) > 1 else [], dtype=np.int64),
                 np.array([2] if len(lower) > 1 else [], dtype=np.int64))
        few_candidates = filler_rules.repetition_candidates(ctx, lower)
        few = rules.filler_tokens(ctx, lower, sent_start, *spans, mark_repetitions=True)
        with patch.object(filler_rules, "FEW_TOKENS", -1):  # always the array path
            assert filler_rules.repetition_candidates(ctx, lower) == few_candidates
            many = rules.filler_tokens(ctx, lower, sent_start, *spans, mark_repetitions=True)
        assert few.dtype == many.dtype == bool
        assert few.tolist() == many.tolist()
