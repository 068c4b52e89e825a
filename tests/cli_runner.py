"""Running the ``jobcareer`` command as a user runs it, for the tests of ``jobcareer/cli/``.

``python -m jobcareer ...`` in a subprocess. Exit status: 0 success, 1 bad data, 2 bad
command line; errors are one line on stderr, ``jobcareer: error: ...``, never a traceback.

The fixtures below are loaded for every test module (``pytest_plugins`` in conftest.py):
``model`` (the tiny model's directory, as ``--model`` takes it), ``clf`` (that model
loaded), ``tiny_rows``, ``split_file`` and ``trained`` (a model directory written by
``jobcareer train``, made once per session).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import jobcareer

TINY_TRAIN = Path(__file__).parent / "data" / "tiny_train.jsonl"
JOB = "Honestly I need the paycheck, rent is due and my savings are gone."
CAREER = "In five years I want to lead a team and keep learning."
MIXED = "I need the money for rent. I want to grow into a lead."  # P(career) about 0.8
GIBBERISH = "asdf qwer zxcv"


def jobcareer_cmd(*args: str | Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run ``python -m jobcareer ARGS`` with ``stdin`` and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "jobcareer", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int, *parts: str) -> None:
    """Exit status ``code`` and a single ``jobcareer: error:`` line containing ``parts``."""
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("jobcareer: error: ")
    for part in parts:
        assert part in lines[0]


@pytest.fixture(scope="module")
def model(tiny_model_dir) -> str:
    return str(tiny_model_dir)


@pytest.fixture(scope="module")
def clf(tiny_model_dir) -> jobcareer.JobCareerClassifier:
    return jobcareer.load(tiny_model_dir)


@pytest.fixture(scope="session")
def tiny_rows() -> list[dict]:
    return [json.loads(line) for line in TINY_TRAIN.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="session")
def split_file(tiny_rows, tmp_path_factory) -> Path:
    """The tiny set with a ``split`` column: every fourth answer is ``test``."""
    path = tmp_path_factory.mktemp("data") / "split.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i, row in enumerate(tiny_rows):
            handle.write(json.dumps({**row, "split": "test" if i % 4 == 0 else "train"}) + "\n")
    return path


@pytest.fixture(scope="session")
def trained(split_file, tmp_path_factory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """``jobcareer train`` on the tiny split file, with a small search to stay quick."""
    output = tmp_path_factory.mktemp("trained") / "model"
    result = jobcareer_cmd(
        "train", "--data", split_file, "--output", output, "--C", "4", "--cv-folds", "2", "--quiet"
    )
    return result, output
