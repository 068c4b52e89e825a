"""Specification of the token walk for one short answer (jobcareer/few_occurrences.py).

The walk must give exactly what the array functions give. The array way is reached by
analysing the same text in a batch with an empty second answer (a one-answer batch takes
the walk), so the oracle is the path every batch of answers takes.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

import jobcareer.features
from jobcareer.features import Featurizer
from jobcareer.few_occurrences import MAX_FEW_TOKENS, few_feature_occurrences

#: Words and phrases that set off every rule the features depend on: negation and its
#: scope, contrast and concession (conceded words are skipped), fillers and repetitions,
#: occupations and numbers (placeholders absorb tokens), cue phrases and idioms.
POOL = [
    "I", "we", "the", "a", "my", "it", "is", "was", "really", "just", "to", "for", "and", "of",
    "pay", "money", "rent", "bills", "hours", "schedule", "commute", "benefits", "insurance",
    "learn", "grow", "growth", "skills", "career", "future", "lead", "mission", "impact", "mentor",
    "not", "never", "no", "don't", "isn't", "nothing", "anything", "but", "although", "though",
    "however", "sure,", "granted,", "okay", "even", "if", "while", "still", "because", "so",
    "um", "uh", "you know", "like", "I mean", "i i", "nurse", "software engineer", "teacher",
    "5 years", "$20 an hour", "a couple of weeks", "two months", "40 hours", "10",
    "pay the bills", "for now", "in five years", "long term", "step up", "get my foot in the door",
    "work-life balance", "close to home", "room to grow", "at the end of the day",
    ",", ",", ".", ".", "?", "!", ";", "-",
]


def random_answer(rng: random.Random, n_words: int) -> str:
    text = " ".join(rng.choice(POOL) for _ in range(n_words))
    text = re.sub(r" ([,.?!;])", r"\1", text)
    return text[:1].upper() + text[1:]


@pytest.fixture(scope="module")
def tools(bundled_model):
    return bundled_model.analysis_tools


@pytest.fixture(scope="module")
def analyse(tools):
    return lambda texts: tools.analyzer.analyse([tools.nlp.tokenizer(t) for t in texts])


@pytest.fixture(scope="module")
def sentences(corpus) -> list[str]:
    """Sentences of every tenth corpus answer, as a live update analyses them."""
    out = []
    for text in corpus.texts[::10]:
        out += [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
    return out


@pytest.fixture(scope="module")
def featurizers(bundled_model, corpus, analyse) -> dict[str, Featurizer]:
    """The bundled featurizer, and others fitted with every switch the walk reads flipped."""
    rng = random.Random(7)
    fit_on = analyse(list(corpus.texts[:300]) + [random_answer(rng, 30) for _ in range(300)])
    variants = {
        "trigrams, occupation unigram, conceded words kept": dict(
            ngram_range=(1, 3), occupation_unigram=True, skip_conceded_words=False),
        "no concession variants, no sides": dict(concession=False, cue_sides=False, skip_conceded_words=True),
        "bigrams only": dict(ngram_range=(2, 2), skip_conceded_words=True),
    }
    out = {"bundled": bundled_model.featurizer_}
    out.update({name: Featurizer(min_df=1, **params).fit(fit_on) for name, params in variants.items()})
    return out


def assert_same_occurrences(featurizer: Featurizer, analyse, text: str) -> None:
    walked = featurizer.feature_occurrences(analyse([text]))
    batched = featurizer.feature_occurrences(analyse([text, ""]))
    for field, got, expected in zip(walked._fields, walked, batched):
        assert got.dtype == expected.dtype, (text, field)
        assert np.array_equal(got, expected), (text, field, got, expected)


def test_one_short_answer_is_walked(featurizers, analyse, monkeypatch):
    calls = []
    monkeypatch.setattr(jobcareer.features, "few_feature_occurrences",
                        lambda *a, **k: calls.append(1) or few_feature_occurrences(*a, **k))
    featurizers["bundled"].feature_occurrences(analyse(["The pay is good."]))
    featurizers["bundled"].feature_occurrences(analyse(["The pay is good.", "I want to learn."]))
    assert calls == [1]  # the batch of two takes the array way


def test_corpus_sentences_give_the_same_occurrences_both_ways(featurizers, analyse, sentences):
    assert len(sentences) > 2000
    for text in sentences:
        assert_same_occurrences(featurizers["bundled"], analyse, text)


@pytest.mark.parametrize("name", ["bundled", "trigrams, occupation unigram, conceded words kept",
                                  "no concession variants, no sides", "bigrams only"])
def test_random_answers_give_the_same_occurrences_both_ways(featurizers, analyse, name):
    rng = random.Random(name)
    found = 0
    for _ in range(400):
        text = random_answer(rng, rng.randint(1, 30))
        if analyse([text]).n_tokens <= MAX_FEW_TOKENS:
            assert_same_occurrences(featurizers[name], analyse, text)
            found += len(featurizers[name].feature_occurrences(analyse([text])).column)
    assert found > 1000  # the answers do hit the vocabulary


def test_an_answer_without_tokens_has_no_occurrences(featurizers, analyse):
    assert_same_occurrences(featurizers["bundled"], analyse, "")
    assert len(featurizers["bundled"].feature_occurrences(analyse([""])).token_start) == 1


def test_a_batch_of_two_answers_is_refused(analyse):
    with pytest.raises(ValueError, match="one answer"):
        few_feature_occurrences(analyse(["a", "b"]), None, ngram_range=(1, 2), occupation_unigram=False,  # type: ignore[arg-type]
                                skip_conceded_words=True, concession=True, cue_sides=True)
