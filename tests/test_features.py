"""Specification of the span-aware featurizer (jobcareer/features.py)."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from feature_views import occurrences
from sklearn.base import clone

from jobcareer.analysis import Analyzer
from jobcareer.features import Featurizer

TEXTS = [
    "I need the money for rent.",
    "The hours fit my kids' school run.",
    "I want to learn and grow into a lead.",
    "In five years I want to run a kitchen.",
    "I'm not here for the money, I want to learn.",
    "um i just need something for now you know",
]


@pytest.fixture(scope="module")
def analyse():
    nlp = spacy.blank("en")
    analyzer = Analyzer(nlp)
    return lambda texts: analyzer.analyse([nlp.make_doc(t) for t in texts])


@pytest.fixture(scope="module")
def docs(analyse):
    """The analysis of TEXTS, one batch."""
    return analyse(TEXTS)


@pytest.fixture(scope="module")
def fitted(docs):
    return Featurizer(min_df=1).fit(docs)


def test_transform_gives_one_sparse_row_per_answer(fitted, docs):
    matrix = fitted.transform(docs)
    assert matrix.shape == (len(TEXTS), len(fitted.vocabulary_))
    assert matrix.nnz > 0


def test_a_batch_and_its_parts_give_the_same_rows(fitted, docs, analyse):
    whole = fitted.transform(docs).toarray()
    parts = fitted.transform([analyse(TEXTS[:2]), analyse(TEXTS[2:])]).toarray()
    assert np.array_equal(whole, parts)


def test_feature_blocks_are_named_by_prefix(fitted):
    names = fitted.get_feature_names_out()
    assert any(n.startswith("w:") for n in names)
    assert any(n.startswith("c:motive:") for n in names)
    assert not any(n.startswith("ch:") for n in names)  # characters are off by default


def test_each_block_has_unit_length(fitted, docs):
    row = fitted.transform(docs)[0]
    names = fitted.feature_names_
    for prefix, scale in (("w:", 1.0), ("c:", fitted.cue_weight)):
        values = [v for j, v in zip(row.indices, row.data) if names[j].startswith(prefix)]
        assert np.isclose(np.sqrt(np.sum(np.square(values))), scale)


def test_occurrences_match_the_matrix_row_exactly(fitted, docs):
    matrix = fitted.transform(docs)
    for k, occ in enumerate(occurrences(fitted, docs)):
        row = matrix[k]
        assert [o.index for o in occ] == list(row.indices)
        assert np.allclose([o.value for o in occ], row.data)
        assert all(o.name == fitted.feature_names_[o.index] for o in occ)


def test_every_occurrence_points_at_the_tokens_that_made_it(fitted, docs):
    doc = docs.docs[2]  # "I want to learn and grow into a lead."
    (learn,) = [o for o in occurrences(fitted, docs)[2] if o.name == "w:want to"]
    assert [[doc[i].text for i in toks] for toks in learn.occurrences] == [["want", "to"]]


def test_negated_cues_are_distinct_features(fitted, docs):
    names = {o.name for o in occurrences(fitted, docs)[4]}
    assert "c:motive:pay:neg" in names
    assert "w:not_money" in names


def test_repeated_features_list_every_occurrence(analyse):
    doc = analyse(["money, more money, and money"])
    featurizer = Featurizer(min_df=1).fit(doc)
    (money,) = [o for o in occurrences(featurizer, doc)[0] if o.name == "w:money"]
    assert money.occurrences == ((0,), (3,), (6,))


def test_a_masked_span_is_one_occurrence_covering_all_its_tokens(analyse):
    doc = analyse(["I work as a registered nurse for 5 years now"])
    featurizer = Featurizer(min_df=1, occupation_unigram=True).fit(doc)
    found = {o.name: o.occurrences for o in occurrences(featurizer, doc)[0]}
    assert found["w:<occ>"] == ((4, 5),)
    assert found["w:for <years>"] == ((6, 7, 8),)


def test_fillers_between_words_do_not_break_bigrams(analyse):
    doc = analyse(["i want um to learn"])
    featurizer = Featurizer(min_df=1).fit(doc)
    found = {o.name: o.occurrences for o in occurrences(featurizer, doc)[0]}
    assert found["w:want to"] == ((1, 3),)


def test_min_df_drops_rare_ngrams_but_keeps_cues(docs):
    featurizer = Featurizer(min_df=2).fit(docs)
    assert "w:kitchen" not in featurizer.vocabulary_
    assert any(n.startswith("c:") for n in featurizer.vocabulary_)


def test_character_ngrams_cover_typos(docs, analyse):
    featurizer = Featurizer(min_df=1, use_chars=True).fit(docs)
    typo = analyse(["I want to lern"])
    assert any(o.name.startswith("ch: le") for o in occurrences(featurizer, typo)[0])


def test_longer_ngrams_are_found_within_sentences(analyse):
    doc = analyse(["I want to learn. Learn it all"])
    featurizer = Featurizer(ngram_range=(1, 3), min_df=1).fit(doc)
    names = set(featurizer.vocabulary_)
    assert {"w:want to learn", "w:learn it all"} <= names
    assert "w:to learn learn" not in names


def test_is_a_scikit_learn_transformer(docs):
    featurizer = clone(Featurizer(ngram_range=(1, 3)))
    assert featurizer.get_params()["ngram_range"] == (1, 3)
    assert featurizer.fit_transform(docs).shape[0] == len(TEXTS)


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
        Featurizer(**params).fit(docs)


def test_unfitted_transform_raises_not_fitted(docs):
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        Featurizer().transform(docs)


def test_dot_equals_the_matrix_times_the_coefficients(fitted, docs):
    coef = np.linspace(-1.0, 1.0, len(fitted.vocabulary_))
    assert np.array_equal(fitted.dot(docs, coef), fitted.transform(docs) @ coef)


class TestRealAnswerOptions:
    """Options chosen on real answers: conceded cues, content n-grams, binary weighting."""

    def test_a_conceded_cue_gets_its_own_feature(self, analyse):
        docs = analyse(["The pay is fine, but I want to learn.", "I want the pay."])
        featurizer = Featurizer(min_df=1, concession=True).fit(docs)
        rows = featurizer.transform(docs)
        names = featurizer.get_feature_names_out()
        conceded = {names[j] for j in rows[0].indices}
        plain = {names[j] for j in rows[1].indices}
        assert "c:motive:pay:conc" in conceded and "c:motive:pay" not in conceded
        assert "c:motive:pay" in plain and "c:side:job:conc" in conceded

    def test_without_concession_the_cue_names_are_the_old_ones(self, analyse):
        docs = analyse(["The pay is fine, but I want to learn."])
        names = Featurizer(min_df=1).fit(docs).get_feature_names_out()
        assert "c:motive:pay" in names and not any(n.endswith(":conc") for n in names)

    def test_skipping_conceded_words_leaves_the_conceded_motive_to_its_cue(self, analyse):
        docs = analyse(["The free lunches were great, but I want to learn."])
        featurizer = Featurizer(min_df=1, concession=True, skip_conceded_words=True).fit(docs)
        found = {o.name: o.occurrences for o in occurrences(featurizer, docs)[0]}
        assert not any(n in found for n in ("w:free", "w:lunch", "w:free lunch", "w:great"))
        assert found["w:want"] == ((8,),) and found["w:learn"] == ((10,),)
        assert any(n.startswith("c:") and n.endswith(":conc") for n in found)  # the cue still counts, as conceded
        kept = {o.name for o in occurrences(Featurizer(min_df=1, concession=True).fit(docs), docs)[0]}
        assert {"w:free lunch", "w:great"} <= kept  # off by default: saved models keep their features

    def test_ngrams_do_not_reach_across_a_skipped_clause(self, analyse):
        docs = analyse(["I want to grow, although the pay is low, and learn more"])
        assert np.flatnonzero(docs.conceded).tolist() == [5, 6, 7, 8, 9]  # "although the pay is low"
        names = set(Featurizer(min_df=1, skip_conceded_words=True).fit(docs).get_feature_names_out())
        assert "w:grow" in names and "w:and learn" in names
        assert not any(n.startswith("w:") and ("pay" in n or "low" in n) for n in names)
        assert "w:grow and" not in names  # "grow" and "and" are not neighbours in the answer

    def test_content_ngrams_drop_function_word_only_ngrams(self, docs):
        names = set(Featurizer(min_df=1, content_ngrams=True).fit(docs).get_feature_names_out())
        assert "w:the" not in names and "w:honestly" not in names
        assert "w:money" in names and "w:the money" in names

    def test_is_function_ngram(self):
        from jobcareer.features import is_function_ngram

        assert is_function_ngram("w:the") and is_function_ngram("w:be do") and is_function_ngram("w:not_the")
        assert is_function_ngram("w:honestly")
        assert not is_function_ngram("w:the pay") and not is_function_ngram("c:motive:pay")

    def test_binary_weighting_is_presence_times_block_weight(self, docs):
        featurizer = Featurizer(min_df=1, weighting="binary", cue_weight=0.5).fit(docs)
        matrix = featurizer.transform(docs)
        names = featurizer.get_feature_names_out()
        values = {names[j]: v for j, v in zip(matrix[0].indices, matrix[0].data)}
        assert values["w:money"] == 1.0 and values["c:motive:pay"] == 0.5

    def test_unknown_weighting_is_refused(self, docs):
        with pytest.raises(ValueError, match="weighting"):
            Featurizer(weighting="tfidf").fit(docs)
