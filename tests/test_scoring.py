"""jobcareer.scoring: the columns the data-frame integrations add, and the per-process model cache."""

from __future__ import annotations

import json

import numpy as np

from jobcareer.scoring import cached_model, output_names, score_columns

JOB = "The hours fit my kids' school run."
CAREER = "I want to master this craft and grow into leading a team in five years."


def test_scores_are_predict_proba_and_low_evidence_is_the_explanations(bundled_model, test_split):
    texts = [*test_split.texts[:50], "hello there"]
    scored = score_columns(bundled_model, texts)
    np.testing.assert_array_equal(scored.career_score, bundled_model.predict_proba(texts)[:, 0])
    assert scored.label == bundled_model.predict(texts).tolist()
    assert scored.low_evidence.tolist() == [e.low_evidence for e in bundled_model.explain_many(texts)]
    assert scored.top_phrases is None


def test_clear_cut_answers(bundled_model):
    scored = score_columns(bundled_model, [JOB, CAREER], explain=True, top=2)
    assert scored.label == ["job", "career"]
    phrases = [json.loads(p) for p in scored.top_phrases]
    assert all(len(p) <= 2 for p in phrases)
    assert all(text[p["start"] : p["end"]] == p["text"] for text, ps in zip([JOB, CAREER], phrases) for p in ps)
    assert list(scored.as_dict()) == ["label", "career_score", "low_evidence", "top_phrases"]


def test_the_fast_path_builds_no_low_evidence_column(bundled_model):
    scored = score_columns(bundled_model, [JOB], low_evidence=False)
    assert scored.low_evidence is None
    assert list(scored.as_dict()) == ["label", "career_score"]


def test_an_empty_batch_gives_empty_columns(bundled_model):
    scored = score_columns(bundled_model, [], explain=True)
    assert scored.label == [] and len(scored.career_score) == 0 and len(scored.low_evidence) == 0


def test_the_model_is_loaded_once_per_process(tiny_model_dir):
    assert cached_model() is cached_model(None)
    assert cached_model(tiny_model_dir) is cached_model(str(tiny_model_dir))
    assert cached_model(tiny_model_dir) is not cached_model()


def test_added_names_never_replace_input_columns():
    assert output_names(["text"])["label"] == "label"
    names = output_names(["label", "predicted_label", "career_score"])
    assert names["label"] == "predicted_label_2"
    assert names["career_score"] == "predicted_career_score"
