"""Specification of tokenising in linear time (jobcareer/tokenizing.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import spacy

import jobcareer
from jobcareer.tokenizing import LONG_CHUNK, PIECE, tokenize, tokenizer_safe_text

PATHOLOGICAL = ["!" * 3000, "'s" * 1500, "😀" * 3000, "(" * 3000, "a…" * 1500]


class ScanCounter:
    """Wraps a tokenizer's prefix/suffix/infix searches and adds up the characters they scan."""

    def __init__(self, tokenizer) -> None:
        self.scanned = 0
        for name in ("prefix_search", "suffix_search", "infix_finditer"):
            setattr(tokenizer, name, self._counting(getattr(tokenizer, name)))

    def _counting(self, search: Callable) -> Callable:
        def counted(text: str):
            self.scanned += len(text)
            return search(text)

        return counted


def test_ordinary_answers_are_not_changed():
    text = "Honestly, the hours fit my kids' school run -- and it's close to home (10 min)!!"
    assert tokenizer_safe_text(text) is text


@pytest.mark.parametrize("text", PATHOLOGICAL)
def test_long_chunks_are_broken_keeping_length_and_letters(text):
    safe = tokenizer_safe_text("I want to grow. " + text)
    assert len(safe) == len("I want to grow. " + text)
    assert max(map(len, safe.split())) <= max(LONG_CHUNK, PIECE + 1)
    changed = [(a, b) for a, b in zip("I want to grow. " + text, safe) if a != b]
    assert changed and all(b == " " and not a.isalnum() for a, b in changed)


@pytest.mark.parametrize("text", PATHOLOGICAL)
def test_tokenizing_work_is_linear_in_the_length(text):
    """The tokenizer's searches scan a bounded number of characters per character."""
    nlp = spacy.blank("en")
    counter = ScanCounter(nlp.tokenizer)
    tokenize(nlp.tokenizer, [text])
    assert counter.scanned <= 40 * len(text)


def test_offsets_index_the_original_text():
    text = "I need the pay" + "!" * 200 + " and the hours."
    (doc,) = tokenize(spacy.blank("en").tokenizer, [text])
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)


def test_the_classifier_tokenises_in_linear_time(tiny_model_dir):
    """Library path (explain, predict; the CLI and spaCy component call these)."""
    clf = jobcareer.load(tiny_model_dir)
    nlp = clf.analysis_tools.nlp
    counter = ScanCounter(nlp.tokenizer)
    text = "I want to grow into a lead role. " + "!" * 3000
    exp = clf.explain(text)
    clf.predict([text])
    assert counter.scanned <= 2 * 40 * len(text)
    assert exp.text == text
    assert all(exp.text[p.start : p.end] == p.text for p in exp.phrases)
