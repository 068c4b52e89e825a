"""``jobcareer info`` (jobcareer/cli/info.py) on a model directory written by ``jobcareer train``."""

from __future__ import annotations

import hashlib

from cli_runner import jobcareer_cmd

import jobcareer


def test_info_shows_version_path_training_data_hash_and_test_metrics(trained, split_file):
    _, output = trained
    result = jobcareer_cmd("info", "--model", output)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert str(output) in text
    assert f"jobcareer {jobcareer.__version__}" in text
    assert hashlib.sha256(split_file.read_bytes()).hexdigest() in text
    assert "45 train rows, 15 test rows" in text
    metrics = text[text.index("test metrics") :].splitlines()
    assert metrics[0].split() == ["test", "metrics", "accuracy", "macro-F1", "ROC-AUC", "Brier", "ECE"]
    assert [line.split()[0] for line in metrics[1:]] == ["model", "majority", "keywords"]
