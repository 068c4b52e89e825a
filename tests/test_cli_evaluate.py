"""``jobcareer evaluate`` (jobcareer/cli/evaluate.py): the model against its baselines, and the
warnings a new user meets."""

from __future__ import annotations

import json
import stat
import subprocess
import sys

from cli_runner import jobcareer_cmd


def test_evaluate_compares_the_model_with_baselines_by_column_and_writes_json(model, split_file, tmp_path):
    report = tmp_path / "metrics.json"
    result = jobcareer_cmd(
        "evaluate", "--data", split_file, "--model", model, "--by", "style,hard_case", "--json", report
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "(split 'test', 15 answers)" in lines[0]
    assert lines[2].split() == ["accuracy", "macro-F1", "ROC-AUC", "Brier", "ECE"]
    assert [line.split()[0] for line in lines[3:6]] == ["model", "majority", "keywords"]
    assert all(len(line.split()) == 6 for line in lines[3:6])
    assert any(line.startswith("by style") for line in lines)
    assert any(line.startswith("by hard_case") for line in lines)
    results = json.loads(report.read_text(encoding="utf-8"))
    assert set(results) == {"model", "majority", "keywords"}
    assert results["model"]["overall"]["n"] == 15
    assert set(results["model"]["by"]) == {"style", "hard_case"}


def test_evaluate_json_keeps_the_mode_of_an_existing_file(model, split_file, tmp_path):
    target = tmp_path / "metrics.json"
    target.write_text("{}\n")
    target.chmod(0o600)
    result = jobcareer_cmd("evaluate", "--data", split_file, "--json", target, "--model", model)
    assert result.returncode == 0, result.stderr
    assert "model" in json.loads(target.read_text())
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_evaluate_warns_when_it_scores_the_models_own_training_rows(trained, split_file, tmp_path):
    _, output = trained
    own = jobcareer_cmd("evaluate", "--data", split_file, "--split", "all", "--model", output)
    assert own.returncode == 0, own.stderr
    assert "the file this model was trained on" in own.stderr
    held_out = jobcareer_cmd("evaluate", "--data", split_file, "--model", output)  # --split test
    assert held_out.returncode == 0, held_out.stderr
    assert "trained on" not in held_out.stderr


def test_evaluate_warns_when_another_file_holds_answers_the_model_was_trained_on(trained, split_file, tmp_path):
    _, output = trained
    rows = [json.loads(line) for line in split_file.read_text(encoding="utf-8").splitlines()]
    training_rows = [r for r in rows if r["split"] == "train"][:5]
    # the same answers, re-cased and re-spaced, in another file without a split column
    copied = tmp_path / "copied.jsonl"
    copied.write_text("".join(
        json.dumps({"text": "  " + r["text"].upper(), "label": r["label"]}) + "\n" for r in training_rows
    ), encoding="utf-8")
    result = jobcareer_cmd("evaluate", "--data", copied, "--model", output)
    assert result.returncode == 0, result.stderr
    assert "5 of the 5 evaluated answers are answers this model was trained on" in result.stderr
    fresh = tmp_path / "fresh.jsonl"
    fresh.write_text("".join(
        json.dumps({"text": t, "label": y}) + "\n"
        for t, y in (("The bus gets me there in ten minutes.", "job"),
                     ("I want to run my own clinic one day.", "career"))
    ), encoding="utf-8")
    held_out = jobcareer_cmd("evaluate", "--data", fresh, "--model", output)
    assert held_out.returncode == 0, held_out.stderr
    assert "trained on" not in held_out.stderr


def test_train_and_evaluate_read_the_bundled_corpus_from_any_directory(tmp_path):
    """``--corpus`` needs no checkout: the corpus ships with the package."""
    result = subprocess.run(
        [sys.executable, "-m", "jobcareer", "evaluate", "--corpus", "--by", "style"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "split 'test'" in result.stdout and "by style" in result.stdout
    assert "warning" not in result.stderr
