"""Specification of the one batch loop (jobcareer/batching.py): validate, tokenise, analyse, use, free."""

from __future__ import annotations

import gc

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc

import jobcareer.batching
from jobcareer.batching import AnalysisTools

ANSWERS = ["I need the money for rent.", "I want to grow into a lead.", "Honestly the hours suit me.",
           "In five years I see myself running the team.", "It pays the bills."]


@pytest.fixture(scope="module")
def tools() -> AnalysisTools:
    return AnalysisTools()


def test_use_gets_each_batch_in_order_with_its_answers(tools):
    seen = tools.map_texts(ANSWERS, 2, lambda analysis, texts: (len(analysis), list(texts)))
    assert seen == [(2, ANSWERS[0:2]), (2, ANSWERS[2:4]), (1, ANSWERS[4:])]


def test_no_answers_no_batches(tools):
    assert tools.map_texts([], 4, lambda analysis, texts: pytest.fail("called")) == []


def test_the_collector_is_paused_while_a_batch_is_used_and_runs_again_after(tools):
    was = gc.isenabled()
    gc.enable()
    try:
        assert tools.map_texts(ANSWERS, 3, lambda analysis, texts: gc.isenabled()) == [False, False]
        assert gc.isenabled()
    finally:
        gc.enable() if was else gc.disable()


def test_the_analysis_is_of_the_tokenised_answers(tools):
    (tokens,) = tools.map_texts(ANSWERS[:1], 8, lambda analysis, texts: int(analysis.bounds[-1]))
    assert tokens == len(tools.nlp.tokenizer(ANSWERS[0]))


def test_docs_are_analysed_with_their_own_tokens(tools):
    words = ["I", "want", "to", "grow", "into", "a", "lead-role", "."]  # not how our tokenizer splits
    doc = Doc(spacy.blank("en").vocab, words=words)
    (counts,) = tools.map_docs([doc], 8, lambda analysis, texts: (np.diff(analysis.bounds).tolist(), texts))
    assert counts == ([len(words)], None)


def test_past_the_vocabulary_limit_batches_free_their_new_strings(monkeypatch):
    monkeypatch.setattr(jobcareer.batching, "VOCAB_GROWTH", 0)
    zoned = AnalysisTools()
    before = len(zoned.nlp.vocab.strings)
    zoned.map_texts([f"I want to learn zq{i}x properly." for i in range(50)], 10, lambda analysis, texts: None)
    assert len(zoned.nlp.vocab.strings) <= before + 5


def test_kept_analyses_are_never_freed_by_a_memory_zone(monkeypatch):
    monkeypatch.setattr(jobcareer.batching, "VOCAB_GROWTH", 0)
    kept = AnalysisTools()
    before = len(kept.nlp.vocab.strings)
    analyses = list(kept.analyses([f"I want to learn zq{i}x properly." for i in range(50)], 10))
    assert len(analyses) == 5 and len(kept.nlp.vocab.strings) >= before + 50


def test_memory_zone_frees_the_strings_added_inside(tools):
    before = len(tools.nlp.vocab.strings)
    with tools.memory_zone():
        tools.map_texts(["zqxv wvkq qqzx"], 4, lambda analysis, texts: None)
    assert len(tools.nlp.vocab.strings) == before
