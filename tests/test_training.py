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
    assert {"model.json", "model.npz", "meta.json"} <= {p.name for p in directory.iterdir()}
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


def test_refuses_an_existing_model_directory_before_training(trained, tmp_path):
    directory, _ = trained
    before = (directory / "meta.json").read_text()
    with pytest.raises(jobcareer.ModelFileError, match="overwrite"):
        train(tmp_path / "never-read.jsonl", directory, verbose=False)
    assert (directory / "meta.json").read_text() == before


def write_rows(path, rows) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


@pytest.mark.parametrize(
    ("labels", "message"),
    [(["job"] * 40, "one label only"), (["job", "career"] * 4, "too few training rows")],
)
def test_data_the_selection_cannot_use_is_refused_in_one_line_before_fitting(tmp_path, labels, message):
    data = tmp_path / "data.jsonl"
    write_rows(data, [{"text": f"answer number {i} about pay and growth", "label": y} for i, y in enumerate(labels)])
    with pytest.raises(ValueError, match=message) as caught:
        train(data, tmp_path / "model", verbose=False)
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "model").exists()


def test_rows_of_other_split_values_are_named_as_not_used(tmp_path, corpus):
    rows = [{"text": t, "label": y, "split": "train"} for t, y in zip(corpus.texts[:60], corpus.labels[:60])]
    rows += [{"text": t, "label": y, "split": s}
             for t, y, s in zip(corpus.texts[60:66], corpus.labels[60:66], ["dev", "Train", None] * 2)]
    data = tmp_path / "data.jsonl"
    write_rows(data, rows)
    with pytest.warns(UserWarning, match=r"'Train': 2 rows \(not used\).*'dev': 2 rows \(not used\)"):
        meta = train(data, tmp_path / "model", grid={"C": [4.0]}, cv_folds=2, verbose=False)
    assert meta["training_data"]["unused_split_rows"] == {"'Train'": 2, "'dev'": 2, "None": 2}


def test_training_limits_blas_threads_to_one(tmp_path, corpus, monkeypatch):
    """Extra BLAS threads only compete on a busy machine (174 s instead of 19 s measured)."""
    from threadpoolctl import threadpool_info

    import jobcareer.training as training

    seen = []

    def record_then_stop(self, *args, **kwargs):
        seen.extend(info["num_threads"] for info in threadpool_info())
        raise RuntimeError("stop after looking")

    monkeypatch.setattr(training.GridSearchCV, "fit", record_then_stop)
    data = tmp_path / "data.jsonl"
    write_rows(data, [{"text": t, "label": y} for t, y in zip(corpus.texts[:40], corpus.labels[:40])])
    with pytest.raises(RuntimeError, match="stop after looking"):
        train(data, tmp_path / "model", cv_folds=2, verbose=False)
    assert seen and set(seen) == {1}
