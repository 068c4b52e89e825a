"""Specification of calibrating on real answers (jobcareer/calibration.py)."""

from __future__ import annotations

import numpy as np
import pytest

from jobcareer.calibration import grouped_calibrated, platt, source_host


def test_source_host_drops_scheme_www_path_and_title():
    assert source_host("https://www.example.org/a/b | Some title") == "example.org"
    assert source_host("http://blog.example.com/2012/03/ | Archives") == "blog.example.com"
    assert source_host("no url here") == "no url here"


def test_platt_recovers_an_increasing_sigmoid():
    rng = np.random.default_rng(0)
    logits = rng.normal(0, 3, 4000)
    y = (rng.random(4000) < 1 / (1 + np.exp(-(0.5 * logits + 1.0)))).astype(int)
    slope, offset = platt(logits, y)
    assert slope == pytest.approx(0.5, abs=0.1) and offset == pytest.approx(1.0, abs=0.2)


def test_platt_refuses_one_label_and_a_decreasing_fit():
    with pytest.raises(ValueError, match="both labels"):
        platt(np.array([1.0, 2.0]), np.array([1, 1]))
    with pytest.raises(ValueError, match="non-increasing"):
        platt(np.array([-2.0, -1.0, 1.0, 2.0] * 5), np.array([1, 1, 0, 0] * 5))


def test_grouped_calibration_never_uses_an_answers_own_group():
    # two groups whose logits mean opposite things: each group's calibration is fitted on
    # the other, so it must come out wrong, which a calibration that saw the group would not
    logits = np.array([-2.0, -1.0, 1.0, 2.0] * 10)
    y_a = np.array([0, 0, 1, 1] * 5)
    y_b = np.array([1, 1, 0, 0] * 5)
    groups = ["a"] * 20 + ["b"] * 20
    y = np.concatenate([y_a, y_b])
    with pytest.raises(ValueError, match="non-increasing"):
        grouped_calibrated(logits, y, groups, n_splits=2)


def test_grouped_calibration_gives_probabilities_for_every_answer():
    rng = np.random.default_rng(1)
    logits = rng.normal(0, 2, 300)
    y = (rng.random(300) < 1 / (1 + np.exp(-logits))).astype(int)
    p = grouped_calibrated(logits, y, [i % 7 for i in range(300)])
    assert p.shape == (300,) and ((p > 0) & (p < 1)).all()
    # each fold's sigmoid is increasing, and the folds' sigmoids are close to each other
    assert np.corrcoef(np.argsort(np.argsort(p)), np.argsort(np.argsort(logits)))[0, 1] > 0.98
