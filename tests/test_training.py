"""Specification of training a model directory (jobcareer/training.py)."""

from __future__ import annotations

import json

import pytest

import jobcareer
from jobcareer.training import train


@pytest.fixture(scope="module")
def trained(tmp_path_factory, corpus):
    """Train on a small slice of the corpus that keeps its split and batch columns."""
    rows = []
    for i, (text, label) in enumerate(zip(corpus.texts, corpus.labels)):
        batch, split = corpus.columns["batch"][i], corpus.columns["split"][i]
        if batch in {"w1p1", "w1p2", "w2p1", "w2p2", "w3p1", "w4p5"}:
            rows.append({"text": text, "label": label, "batch": batch, "split": split,
                         "style": corpus.columns["style"][i]})
    folder = tmp_path_factory.mktemp("train")
    data = folder / "data.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    meta = train(data, folder / "model", grid={"C": [4.0, 16.0]}, cv_folds=3, verbose=False)
    return folder / "model", meta


def test_writes_a_loadable_model_directory_with_card_inputs(trained):
    directory, _ = trained
    assert {"model.joblib", "meta.json"} <= {p.name for p in directory.iterdir()}
    clf = jobcareer.load(directory)
    assert list(clf.classes_) == ["career", "job"]


def test_selects_hyperparameters_with_folds_grouped_by_batch_on_train_rows_only(trained):
    _, meta = trained
    assert meta["selection"]["cv"].startswith("GroupKFold")
    assert meta["selection"]["best_params"]["C"] in (4.0, 16.0)
    assert meta["training_data"]["n_test"] > 0
    assert meta["training_data"]["n_train"] + meta["training_data"]["n_test"] == 6 * 112


def test_reports_held_out_metrics_beside_baselines_and_by_column(trained):
    _, meta = trained
    metrics = meta["test_metrics"]
    assert set(metrics) == {"model", "majority", "keywords"}
    assert "style" in metrics["model"]["by"]
    assert metrics["model"]["overall"]["macro_f1"] > metrics["majority"]["overall"]["macro_f1"]


def test_records_the_training_data_hash_and_versions(trained):
    directory, _ = trained
    meta = json.loads((directory / "meta.json").read_text())
    assert len(meta["training_data"]["sha256"]) == 64
    assert meta["versions"]["jobcareer"] == jobcareer.__version__


def test_hard_cases_weigh_less_and_real_answers_recalibrate(tmp_path, corpus):
    rows = []
    for i, (text, label) in enumerate(zip(corpus.texts, corpus.labels)):
        batch, split = corpus.columns["batch"][i], corpus.columns["split"][i]
        if batch in {"w1p1", "w2p1", "w3p1"}:
            rows.append({"text": text, "label": label, "batch": batch, "split": split,
                         "hard_case": corpus.columns["hard_case"][i]})
    data = tmp_path / "data.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    # "real" answers: another slice of the corpus with clarity and source columns
    real_rows = [{"text": t, "label": y, "clarity": "clear" if i % 4 else "borderline",
                  "source": f"https://host{i % 9}.example/post | post {i}"}
                 for i, (t, y) in enumerate(zip(corpus.texts[-300:], corpus.labels[-300:]))]
    real = tmp_path / "real.jsonl"
    real.write_text("".join(json.dumps(r) + "\n" for r in real_rows))
    meta = train(data, tmp_path / "model", grid={"C": [4.0]}, cv_folds=3, hard_case_weight=0.2,
                 real_path=real, verbose=False)
    assert meta["hard_case_weight"] == 0.2
    figures = meta["real_answers"]
    assert figures["n"] == 300 and len(figures["sha256"]) == 64
    assert {"all", "clear"} <= set(figures["calibrated_on_real_grouped_cv"])
    assert figures["calibration"] == list(jobcareer.load(tmp_path / "model").calibration_)
    with pytest.raises(ValueError, match="hard_case_weight"):
        train(data, tmp_path / "other", grid={"C": [4.0]}, cv_folds=3, hard_case_weight=-1, verbose=False)
