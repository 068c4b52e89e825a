"""Specification of JobCareerClassifier (jobcareer/model.py) as a scikit-learn estimator."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GridSearchCV, cross_val_score

import jobcareer
from jobcareer import JobCareerClassifier


def first_rows(corpus, n: int, split: str = "train"):
    keep = [s == split for s in corpus.columns["split"]]
    data = corpus.subset(keep)
    return data.texts[:n], data.labels[:n]


class TestEstimatorContract:
    def test_init_only_stores_parameters(self):
        clf = JobCareerClassifier(C=2.0, ngram_range=(1, 3))
        assert clf.get_params()["C"] == 2.0
        assert not [k for k in vars(clf) if k.endswith("_")]

    def test_clone_and_set_params(self):
        clf = clone(JobCareerClassifier(C=3.0)).set_params(min_df=1)
        assert (clf.C, clf.min_df) == (3.0, 1)

    def test_classes_are_career_then_job(self, small_model):
        assert list(small_model.classes_) == ["career", "job"]

    def test_predict_proba_columns_follow_classes(self, small_model):
        proba = small_model.predict_proba(["I want to build a career in this field over years.", "I need rent money."])
        assert proba.shape == (2, 2)
        assert np.allclose(proba.sum(axis=1), 1.0)
        assert proba[0, 0] > proba[1, 0]

    def test_predict_agrees_with_predict_proba(self, small_model, corpus):
        texts, _ = first_rows(corpus, 50, "test")
        proba = small_model.predict_proba(texts)[:, 0]
        assert list(small_model.predict(texts)) == ["career" if p >= 0.5 else "job" for p in proba]

    def test_decision_function_follows_scikit_learn_sign(self, small_model, corpus):
        texts, labels = first_rows(corpus, 120, "test")
        is_job = np.asarray(labels) == "job"
        assert roc_auc_score(is_job, small_model.decision_function(texts)) > 0.8
        assert np.allclose(small_model.decision_function(texts), -small_model.career_logit(texts))

    def test_score_is_accuracy(self, small_model, corpus):
        texts, labels = first_rows(corpus, 80, "test")
        expected = np.mean(small_model.predict(texts) == np.asarray(labels))
        assert small_model.score(texts, labels) == pytest.approx(expected)

    def test_calibration_is_increasing(self, small_model):
        slope, _ = small_model.calibration_
        logits = np.linspace(-5, 5, 11)
        assert slope > 0
        assert np.all(np.diff(small_model.calibrate(logits)) > 0)

    def test_works_with_cross_val_score_and_grid_search(self, corpus):
        texts, labels = first_rows(corpus, 150)
        scores = cross_val_score(JobCareerClassifier(calibration_folds=3), texts, labels, cv=3)
        assert scores.shape == (3,) and np.all(scores > 0.6)
        search = GridSearchCV(JobCareerClassifier(calibration_folds=3), {"C": [1.0, 4.0]}, cv=2)
        search.fit(texts, labels)
        assert search.best_params_["C"] in (1.0, 4.0)


class TestInputValidation:
    def test_a_single_string_raises_value_error(self, small_model):
        with pytest.raises(ValueError, match="single string"):
            small_model.predict("I need the money")

    @pytest.mark.parametrize("bad", [None, b"bytes", 42])
    def test_non_strings_in_a_batch_raise_type_error_naming_the_index(self, small_model, bad):
        with pytest.raises(TypeError, match="index 1"):
            small_model.predict(["fine answer", bad])

    def test_blank_answer_raises_value_error_naming_the_index(self, small_model):
        with pytest.raises(ValueError, match="index 2"):
            small_model.predict(["a", "b", "   "])

    @pytest.mark.parametrize(
        "odd",
        [
            "🙂 I need rent 💸💸",
            "control\x00chars\x07 and \x1b[31mescapes\x1b[0m",
            "<script>alert('x')</script> I want to grow",
            "\u0623\u0631\u064a\u062f \u0623\u0646 \u0623\u062a\u0639\u0644\u0645 \u200f",
            "a" * 5000,
            "\n\t I want to learn \r\n",
        ],
    )
    def test_odd_text_never_crashes(self, small_model, odd):
        proba = small_model.predict_proba([odd])
        assert proba.shape == (1, 2) and np.isfinite(proba).all()
        assert small_model.explain(odd).text == odd

    def test_unfitted_model_raises_not_fitted(self):
        with pytest.raises(NotFittedError):
            JobCareerClassifier().predict(["I need money"])

    def test_fit_rejects_unknown_labels(self):
        with pytest.raises(ValueError, match="'career' or 'job'"):
            JobCareerClassifier().fit(["a"] * 10, ["career"] * 5 + ["maybe"] * 5)

    def test_fit_rejects_mismatched_lengths(self):
        with pytest.raises(ValueError, match="3 answers but y has 2"):
            JobCareerClassifier().fit(["a", "b", "c"], ["job", "career"])


class TestDeterminism:
    def test_same_data_and_seed_give_the_same_model(self, corpus):
        texts, labels = first_rows(corpus, 120)
        a = JobCareerClassifier(calibration_folds=3, random_state=7).fit(texts, labels)
        b = JobCareerClassifier(calibration_folds=3, random_state=7).fit(texts, labels)
        probe = texts[:20]
        assert np.array_equal(a.predict_proba(probe), b.predict_proba(probe))

    def test_a_score_does_not_depend_on_the_rest_of_the_batch(self, small_model, corpus):
        texts, _ = first_rows(corpus, 30, "test")
        together = small_model.predict_proba(texts)[:, 0]
        alone = np.array([small_model.predict_proba([t])[0, 0] for t in texts])
        assert np.allclose(together, alone, rtol=0, atol=1e-12)

    def test_a_score_is_the_same_in_another_process(self, bundled_model):
        text = "I need something close to home with regular hours, honestly."
        code = f"import jobcareer; print(repr(float(jobcareer.load().predict_proba([{text!r}])[0, 0])))"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert float(out.stdout) == bundled_model.predict_proba([text])[0, 0]


class TestBundledModel:
    def test_loads_without_arguments(self, bundled_model):
        assert isinstance(bundled_model, jobcareer.JobCareerClassifier)

    def test_reads_the_guide_examples_the_right_way(self, bundled_model):
        job = "Honestly the main thing is the schedule, I can drop my kids at school and still make a full shift."
        career = (
            "I'd like to spend the next few years learning how a warehouse runs end to end, "
            "so I can move into operations planning."
        )
        assert list(bundled_model.predict([job, career])) == ["job", "career"]


def test_explain_many_equals_explain_one_by_one(bundled_model, test_split):
    texts = list(test_split.texts[:40])
    assert bundled_model.explain_many(texts) == [bundled_model.explain(t) for t in texts]


def test_explain_many_rejects_blank_answers_by_index(bundled_model):
    with pytest.raises(ValueError, match="index 1"):
        bundled_model.explain_many(["I need the pay.", "   "])


def test_scores_do_not_change_when_the_word_tables_are_cleared(test_split, monkeypatch):
    import jobcareer
    import jobcareer.analysis

    texts = list(test_split.texts[:300])
    expected = jobcareer.load().predict_proba(texts)
    monkeypatch.setattr(jobcareer.analysis, "MAX_TYPES", 100)  # cleared at nearly every batch
    small = jobcareer.load().set_params(batch_size=16)
    assert np.allclose(small.predict_proba(texts), expected, rtol=0, atol=1e-12)
    assert small.explain_many(texts[:20]) == jobcareer.load().explain_many(texts[:20])


def test_threads_sharing_one_model_get_the_same_scores_as_one_thread(test_split):
    from concurrent.futures import ThreadPoolExecutor

    import jobcareer

    texts = [f"{t} zq{i}x{i % 7} wordlet{i}" for i, t in enumerate(test_split.texts[:400])]  # new words
    expected = jobcareer.load().predict_proba(texts)
    shared = jobcareer.load().set_params(batch_size=8)
    chunks = [texts[i : i + 50] for i in range(0, len(texts), 50)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(shared.predict_proba, chunks))
    assert np.allclose(np.concatenate(results), expected, rtol=0, atol=1e-12)


def test_docs_from_another_english_pipeline_score_as_their_texts(bundled_model):
    import spacy

    other = spacy.blank("en")
    texts = ["Honestly the hours fit my kids' school run.", "In five years I want to lead a team."]
    docs = [other(t) for t in texts]
    assert np.allclose(bundled_model.career_logit_docs(docs), bundled_model.career_logit(texts), atol=1e-12)
    assert bundled_model.explain_doc(docs[1]) == bundled_model.explain(texts[1])


def test_nlp_annotates_docs_as_the_model_analyses_them(bundled_model):
    text = "um I'm not here for the money, I want to grow as a nurse within 5 years"
    doc = bundled_model.nlp_(text)
    tools = bundled_model.analysis_tools
    analysis = tools.analyzer.analyse([tools.nlp.make_doc(text)])
    assert [tuple(c) for c in doc._.jc_cues] == analysis.cues_of(0)
    assert doc._.jc_negated == analysis.negated.tolist()
    assert [t.is_sent_start for t in doc] == analysis.sent_start.tolist()


class TestSampleWeight:
    def test_unit_weights_are_no_weights_and_heavier_rows_pull_the_fit(self, corpus):
        train = corpus.subset([s == "train" for s in corpus.columns["split"]])
        texts, labels = train.texts[:300], train.labels[:300]
        flipped = ["job" if y == "career" else "career" for y in labels[:30]] + labels[30:]
        plain = jobcareer.JobCareerClassifier(calibration_folds=3).fit(texts, flipped)
        ones = jobcareer.JobCareerClassifier(calibration_folds=3).fit(texts, flipped, sample_weight=[1.0] * 300)
        assert np.allclose(plain.career_logit(texts), ones.career_logit(texts))
        light = jobcareer.JobCareerClassifier(calibration_folds=3).fit(
            texts, flipped, sample_weight=[0.05] * 30 + [1.0] * 270
        )
        toward_flipped = np.where(np.array(flipped[:30]) == "career", 1, -1)
        # the flipped rows, weighing less, are fitted less closely toward their flipped labels
        assert (toward_flipped * light.career_logit(texts[:30])).mean() < (
            toward_flipped * plain.career_logit(texts[:30])
        ).mean()

    @pytest.mark.parametrize("weights", [[1.0, -1.0] * 10, [float("nan")] * 20, [0.0] * 20, [1.0] * 3])
    def test_bad_sample_weights_are_refused(self, corpus, weights):
        with pytest.raises(ValueError, match="sample_weight"):
            jobcareer.JobCareerClassifier(calibration_folds=2).fit(
                corpus.texts[:20], corpus.labels[:20], sample_weight=weights
            )


def test_scoring_does_not_grow_the_string_store_past_its_limit(tiny_model_dir, monkeypatch):
    """Past VOCAB_GROWTH new strings, each batch runs in spaCy's memory_zone: new words do
    not pile up in the vocabulary."""
    import jobcareer.batching

    monkeypatch.setattr(jobcareer.batching, "VOCAB_GROWTH", 0)
    clf = jobcareer.load(tiny_model_dir)
    nlp = clf.analysis_tools.nlp
    clf.predict(["warm up the tables once"])
    before = len(nlp.vocab.strings)
    unique = [f"I want to learn zq{i}x and wv{i}k properly." for i in range(600)]
    first = clf.predict_proba(unique)
    clf.explain_many(unique[:50])
    assert len(nlp.vocab.strings) <= before + 10
    assert np.array_equal(clf.predict_proba(unique), first)


# -- inputs that are not a plain list of str ---------------------------------------------------
def test_numpy_strings_and_str_subclasses_are_scored_like_str(small_model):
    class Answer(str):
        pass

    texts = ["I need the money for rent.", "I want to grow into a lead in five years."]
    expected = small_model.predict_proba(texts)
    assert np.array_equal(small_model.predict_proba(np.array(texts)), expected)
    assert np.array_equal(small_model.predict_proba([Answer(t) for t in texts]), expected)
    assert small_model.explain(np.str_(texts[1])).text == texts[1]


@pytest.mark.parametrize("texts", [{"a": "I want to grow."}, {"I want to grow."}, frozenset({"I need pay."})])
def test_mappings_and_sets_are_refused_not_scored_by_their_keys(small_model, texts):
    with pytest.raises(TypeError, match="expected a sequence of answers"):
        small_model.predict(texts)


def test_a_table_is_refused_not_scored_by_its_column_names(small_model):
    pandas = pytest.importorskip("pandas")
    with pytest.raises(TypeError, match="column names"):
        small_model.predict(pandas.DataFrame({"text": ["I want to grow."]}))


def test_a_lone_surrogate_is_scored_not_a_crash(small_model):
    text = "I want \ud800 to grow into a lead role."
    exp = small_model.explain(text)
    assert exp.text == text
    assert small_model.predict_proba([text])[0, 0] == pytest.approx(exp.score, abs=1e-12)


def test_any_two_dimensional_table_is_refused(small_model):
    class Table:  # what pandas, polars and friends look like to iteration
        columns, ndim = ["text"], 2

        def __iter__(self):
            return iter(self.columns)

    with pytest.raises(TypeError, match="column names"):
        small_model.predict(Table())


def test_predict_returns_labels_of_the_dtype_of_classes(small_model):
    labels = small_model.predict(["I need the money for rent.", "I want to grow into a lead."])
    assert labels.dtype == small_model.classes_.dtype == object
    assert list(labels) == ["job", "career"]


def test_career_logit_and_low_evidence_agree_with_the_separate_calls(bundled_model):
    answers = ["Yes.", "The pay is better and it's close to home.", "I want to grow into a team lead."]
    logits, flags = bundled_model.career_logit_and_low_evidence(answers)
    np.testing.assert_array_equal(logits, bundled_model.career_logit(answers))
    np.testing.assert_array_equal(flags, bundled_model.low_evidence(answers))
    assert flags.dtype == bool and flags[0] and not flags[2]


# -- estimator hygiene: keyword-only parameters, one constraint table checked in fit, one fitted check ----
def test_parameters_are_keyword_only():
    with pytest.raises(TypeError):
        JobCareerClassifier(4.0)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("param", "value"),
    [("C", 0.0), ("C", -1.0), ("min_df", 0), ("weighting", "tfidf"), ("class_weight", "auto"),
     ("calibration_folds", 1), ("batch_size", 0), ("n_process", 0), ("use_words", "yes"),
     ("negation_window", 0), ("min_evidence", -1), ("lexicons", ["um"])],
)
def test_fit_refuses_a_parameter_outside_its_declared_constraints_naming_it(param, value):
    from sklearn.utils._param_validation import InvalidParameterError

    clf = JobCareerClassifier(**{param: value})  # __init__ only stores, as in scikit-learn
    with pytest.raises(InvalidParameterError, match=f"'{param}' parameter"):
        clf.fit(["I need pay.", "I want to grow."] * 5, ["job", "career"] * 5)
    assert not hasattr(clf, "coef_")


def test_every_parameter_has_a_declared_constraint():
    assert set(JobCareerClassifier._parameter_constraints) == set(JobCareerClassifier().get_params())


@pytest.mark.parametrize(
    "call",
    [lambda m: m.predict(["a"]), lambda m: m.explain("a"), lambda m: m.explain_many(["a"]),
     lambda m: m.low_evidence(["a"]), lambda m: m.calibrate(0.0), lambda m: m.analysis_tools,
     lambda m: m.career_logit_docs([]), lambda m: m.explain_docs([]), lambda m: m.nlp_],
)
def test_every_fitted_method_raises_not_fitted_on_an_unfitted_model(call):
    with pytest.raises(NotFittedError):
        call(JobCareerClassifier())


def test_explain_docs_explains_host_docs_from_their_own_tokens(bundled_model):
    import spacy

    other = spacy.blank("en")
    texts = ["Honestly the hours fit my kids' school run.", "In five years I want to lead a team."]
    assert bundled_model.explain_docs([other(t) for t in texts]) == bundled_model.explain_many(texts)
