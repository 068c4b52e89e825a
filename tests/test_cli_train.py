"""``jobcareer train`` (jobcareer/cli/train.py); the ``trained`` model directory is made once
per session (tests/conftest.py)."""

from __future__ import annotations

import json

from cli_runner import CAREER, JOB, assert_one_line_error, jobcareer_cmd

import jobcareer


def test_train_writes_a_model_directory_and_prints_its_path(trained):
    result, output = trained
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(output)
    trained_model = jobcareer.load(output)
    assert set(trained_model.predict([JOB, CAREER])) <= {"job", "career"}
    assert trained_model.meta_["training_data"]["n_test"] == 15


def test_train_requires_output_and_data(split_file):
    assert_one_line_error(jobcareer_cmd("train", "--data", split_file), 2, "--output")
    assert_one_line_error(jobcareer_cmd("train", "--output", "somewhere"), 2, "--data")


def test_train_refuses_to_replace_a_model_without_overwrite(trained, split_file):
    _, output = trained
    result = jobcareer_cmd("train", "--data", split_file, "--output", output, "--quiet")
    assert_one_line_error(result, 2, "already holds a model", "--overwrite")


def test_train_on_one_label_fails_in_one_line(tmp_path):
    data = tmp_path / "one.jsonl"
    data.write_text("".join(json.dumps({"text": f"I need the pay {i}", "label": "job"}) + "\n" for i in range(30)))
    result = jobcareer_cmd("train", "--data", data, "--output", tmp_path / "model", "--quiet")
    assert_one_line_error(result, 1, "training failed: the training rows have one label only")
