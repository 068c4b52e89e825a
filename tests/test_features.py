"""Specification of the span-aware featurizer (jobcareer/features.py)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone

from jobcareer.features import DocFeaturizer
from jobcareer.preprocess import build_pipeline

TEXTS = [
    "I need the money for rent.",
    "The hours fit my kids' school run.",
    "I want to learn and grow into a lead.",
    "In five years I want to run a kitchen.",
    "I'm not here for the money, I want to learn.",
    "um i just need something for now you know",
]


@pytest.fixture(scope="module")
def docs():
    nlp = build_pipeline()
    return [nlp(t) for t in TEXTS]


@pytest.fixture(scope="module")
def fitted(docs):
    return DocFeaturizer(min_df=1).fit(docs)


def test_transform_gives_one_sparse_row_per_doc(fitted, docs):
    matrix = fitted.transform(docs)
    assert matrix.shape == (len(docs), len(fitted.vocabulary_))
    assert matrix.nnz > 0


def test_feature_blocks_are_named_by_prefix(fitted):
    names = fitted.get_feature_names_out()
    assert any(n.startswith("w:") for n in names)
    assert any(n.startswith("c:motive:") for n in names)
    assert not any(n.startswith("ch:") for n in names)  # characters are off by default


def test_each_block_has_unit_length(fitted, docs):
    row = fitted.transform(docs[:1])
    names = fitted.feature_names_
    for prefix, scale in (("w:", 1.0), ("c:", fitted.cue_weight)):
        values = [v for j, v in zip(row.indices, row.data) if names[j].startswith(prefix)]
        assert np.isclose(np.sqrt(np.sum(np.square(values))), scale)


def test_occurrences_match_the_matrix_row_exactly(fitted, docs):
    for doc in docs:
        row = fitted.transform([doc])
        occ = fitted.occurrences(doc)
        assert [o.index for o in occ] == list(row.indices)
        assert np.allclose([o.value for o in occ], row.data)
        assert all(o.name == fitted.feature_names_[o.index] for o in occ)


def test_every_occurrence_points_at_the_tokens_that_made_it(fitted, docs):
    doc = docs[2]  # "I want to learn and grow into a lead."
    (learn,) = [o for o in fitted.occurrences(doc) if o.name == "w:want to"]
    assert [[doc[i].text for i in toks] for toks in learn.occurrences] == [["want", "to"]]


def test_negated_cues_are_distinct_features(fitted, docs):
    names = {o.name for o in fitted.occurrences(docs[4])}
    assert "c:motive:pay:neg" in names
    assert "w:not_money" in names


def test_repeated_features_list_every_occurrence(docs):
    nlp = build_pipeline()
    doc = nlp("money, more money, and money")
    featurizer = DocFeaturizer(min_df=1).fit([doc])
    (money,) = [o for o in featurizer.occurrences(doc) if o.name == "w:money"]
    assert len(money.occurrences) == 3


def test_min_df_drops_rare_ngrams_but_keeps_cues(docs):
    featurizer = DocFeaturizer(min_df=2).fit(docs)
    assert "w:kitchen" not in featurizer.vocabulary_
    assert any(n.startswith("c:") for n in featurizer.vocabulary_)


def test_character_ngrams_cover_typos(docs):
    featurizer = DocFeaturizer(min_df=1, use_chars=True).fit(docs)
    nlp = build_pipeline()
    typo = nlp("I want to lern")
    assert any(o.name.startswith("ch: le") for o in featurizer.occurrences(typo))


def test_is_a_scikit_learn_transformer(docs):
    featurizer = clone(DocFeaturizer(ngram_range=(1, 3)))
    assert featurizer.get_params()["ngram_range"] == (1, 3)
    assert featurizer.fit_transform(docs).shape[0] == len(docs)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"ngram_range": (2, 1)}, "ngram_range"),
        ({"min_df": 0}, "min_df"),
        ({"use_words": False, "use_cues": False}, "at least one"),
    ],
)
def test_invalid_parameters_are_named(docs, params, message):
    with pytest.raises(ValueError, match=message):
        DocFeaturizer(**params).fit(docs)


def test_unfitted_transform_raises_not_fitted(docs):
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        DocFeaturizer().transform(docs)
