"""Specification of evaluation, baselines and the fairness checks (jobcareer/evaluation.py).

The fairness and form figures of the bundled model are pinned here with the limits the
model card promises; these tests fail when a retrained model exceeds them.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from jobcareer.evaluation import (
    KeywordBaseline,
    evaluate,
    evaluate_models,
    expected_calibration_error,
    form_invariance,
    pair_invariance,
)

DATA = Path(__file__).parent / "data"


def load_pairs(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


class Constant:
    """A stand-in model that always gives the same P(career)."""

    def __init__(self, p: float):
        self.p = p

    def predict_proba(self, texts):
        return np.tile([self.p, 1 - self.p], (len(texts), 1))


class TestMetrics:
    def test_ece_is_zero_for_perfectly_calibrated_confidence(self):
        y = np.array([1] * 8 + [0] * 2)
        assert expected_calibration_error(y, np.full(10, 0.8)) == pytest.approx(0.0)

    def test_ece_measures_overconfidence(self):
        y = np.array([1] * 5 + [0] * 5)
        assert expected_calibration_error(y, np.full(10, 0.99)) == pytest.approx(0.49)

    def test_evaluate_reports_every_metric_and_breakdowns(self):
        texts, labels = ["a", "b", "c", "d"], ["career", "job", "career", "job"]
        result = evaluate(Constant(0.9), texts, labels, by={"style": ["x", "x", "y", "y"]})
        overall = result["overall"]
        assert overall["accuracy"] == 0.5
        assert overall["confusion_matrix"]["matrix"] == [[2, 0], [2, 0]]
        assert set(overall) >= {"macro_f1", "per_class", "roc_auc", "brier", "ece", "n"}
        assert set(result["by"]["style"]) == {"x", "y"}

    def test_baselines_are_reported_beside_the_model(self):
        texts = ["I need the money for rent", "I want to learn and grow", "The pay is good", "I love learning"]
        labels = ["job", "career", "job", "career"]
        result = evaluate_models(Constant(0.5), texts, labels, texts, labels)
        assert set(result) == {"model", "majority", "keywords"}

    def test_keyword_baseline_counts_cues_of_each_side(self):
        baseline = KeywordBaseline().fit(["x", "y"], ["job", "career"])
        predicted = baseline.predict(["the paycheck covers my rent", "I want to learn new skills and get promoted"])
        assert list(predicted) == ["job", "career"]


class TestBundledModelFigures:
    def test_beats_both_baselines_on_the_test_split(self, bundled_model, corpus, test_split):
        train = corpus.subset([s == "train" for s in corpus.columns["split"]])
        result = evaluate_models(bundled_model, train.texts, train.labels, test_split.texts, test_split.labels)
        model_f1 = result["model"]["overall"]["macro_f1"]
        assert model_f1 >= result["keywords"]["overall"]["macro_f1"] + 0.10
        assert model_f1 > result["majority"]["overall"]["macro_f1"]

    def test_is_calibrated_on_real_answers(self):
        # the calibration is fitted on real answers' logits; the figure is out of fold,
        # grouped by source host (the real answers are not in this repository)
        from jobcareer.io import bundled_model_path

        meta = json.loads((bundled_model_path() / "meta.json").read_text(encoding="utf-8"))
        assert meta["real_answers"]["calibrated_on_real_grouped_cv"]["all"]["ece"] <= 0.05

    def test_errs_toward_modesty_on_our_own_writers_answers(self, bundled_model, test_split):
        # a calibration for real answers is under-confident on the corpus's plainer,
        # written answers: accuracy is above the stated confidence, not below it
        p = bundled_model.predict_proba(test_split.texts)[:, 0]
        confidence = np.maximum(p, 1 - p)
        correct = (np.where(p >= 0.5, "career", "job") == np.asarray(test_split.labels))
        assert correct.mean() >= confidence.mean()
        assert evaluate(bundled_model, test_split.texts, test_split.labels)["overall"]["ece"] <= 0.10


class TestFairness:
    def test_pair_sets_are_balanced_and_large_enough(self):
        for name in ("occupation_pairs.jsonl", "name_pronoun_pairs.jsonl"):
            pairs = load_pairs(name)
            assert len(pairs) >= 60
            assert sum(p["label"] == "job" for p in pairs) == len(pairs) // 2
            assert all(p["a"] != p["b"] for p in pairs)

    @pytest.mark.parametrize("name", ["occupation_pairs.jsonl", "name_pronoun_pairs.jsonl"])
    def test_swapping_occupation_name_or_pronoun_barely_moves_the_score(self, bundled_model, name):
        pairs = load_pairs(name)
        result = pair_invariance(bundled_model, [(p["a"], p["b"]) for p in pairs])
        assert result["mean_abs_change"] <= 0.02
        assert result["label_flips"] == 0, [pairs[i]["a"] for i in result["flipped_pairs"]]

    def test_pair_invariance_detects_a_model_that_reads_the_occupation(self):
        class ReadsOccupation:
            def predict_proba(self, texts):
                p = np.array([0.9 if "surgeon" in t else 0.1 for t in texts])
                return np.column_stack([p, 1 - p])

        result = pair_invariance(ReadsOccupation(), [("a cashier", "a surgeon")])
        assert result["label_flips"] == 1 and result["mean_abs_change"] == pytest.approx(0.8)

    def test_transcript_form_loses_at_most_three_points_of_macro_f1(self, bundled_model, test_split):
        result = form_invariance(bundled_model, test_split.texts, test_split.labels)
        assert result["drop"] <= 0.03
