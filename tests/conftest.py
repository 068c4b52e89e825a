"""Shared fixtures: the bundled model, the corpus, and a small model fitted in-session."""

from __future__ import annotations

from pathlib import Path

import pytest

import jobcareer
from jobcareer.data import read_labeled

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "answers.jsonl"
#: The fixtures of the command line's tests (tests/test_cli*.py).
pytest_plugins = ["cli_runner"]


@pytest.fixture(scope="session")
def bundled_model() -> jobcareer.JobCareerClassifier:
    """The model that ships with the package (loaded once per test session)."""
    return jobcareer.load()


@pytest.fixture(scope="session")
def corpus():
    """The labeled corpus, all splits."""
    return read_labeled(CORPUS)


@pytest.fixture(scope="session")
def test_split():
    """The frozen held-out test split of the corpus."""
    return read_labeled(CORPUS, split="test")


@pytest.fixture(scope="session")
def small_model(corpus) -> jobcareer.JobCareerClassifier:
    """A model fitted on the first 400 training answers (for estimator-API tests)."""
    train = corpus.subset([s == "train" for s in corpus.columns["split"]])
    return jobcareer.JobCareerClassifier(calibration_folds=3).fit(train.texts[:400], train.labels[:400])


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory) -> Path:
    """A model directory fitted on ``tests/data/tiny_train.jsonl`` (60 short answers).

    For tests of the command line and the spaCy component, which need a model on disk but
    not a good one, and must not depend on the bundled model existing.
    """
    import json

    lines = (ROOT / "tests" / "data" / "tiny_train.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    clf = jobcareer.JobCareerClassifier(calibration_folds=3)
    clf.fit([r["text"] for r in rows], [r["label"] for r in rows])
    return jobcareer.save(clf, tmp_path_factory.mktemp("tiny_model"))
