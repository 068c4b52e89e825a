"""The decision rule: logit -> calibrated probability -> label."""

from __future__ import annotations

import math

import numpy as np

from jobcareer.decision import calibrated, calibrated_each, label_of, labels_of, sigmoid


def test_sigmoid_is_the_logistic_function_and_never_overflows():
    assert sigmoid(0.0) == 0.5
    assert math.isclose(sigmoid(2.0), 1 / (1 + math.exp(-2.0)), rel_tol=1e-12)
    values = sigmoid(np.array([-1e6, -3.0, 3.0, 1e6]))
    np.testing.assert_allclose(values, [0.0, 1 / (1 + math.exp(3.0)), 1 / (1 + math.exp(-3.0)), 1.0])


def test_calibrated_applies_slope_and_offset_for_floats_and_arrays():
    assert math.isclose(calibrated(1.0, (2.0, -1.0)), sigmoid(1.0), rel_tol=1e-12)
    np.testing.assert_allclose(calibrated(np.array([0.0, 1.0]), (2.0, -1.0)), sigmoid(np.array([-1.0, 1.0])))
    assert isinstance(calibrated(1.0, (1.0, 0.0)), float)


def test_the_threshold_itself_is_labelled_career():
    assert label_of(0.5) == "career"
    assert label_of(0.4999) == "job"
    assert label_of(0.7, threshold=0.8) == "job"
    assert list(labels_of(np.array([0.2, 0.5, 0.9]), threshold=0.5)) == ["job", "career", "career"]


def test_calibrated_each_gives_calibrated_of_every_logit_to_the_last_bit():
    rng = np.random.default_rng(0)
    logits = [*rng.normal(0.0, 4.0, 500).tolist(), 0.0, -0.0, 1e6, -1e6]
    for calibration in ((1.0, 0.0), (0.83, -0.21), (2.5, 1.7)):
        assert calibrated_each(logits, calibration) == [calibrated(x, calibration) for x in logits]
    assert calibrated_each([], (1.0, 0.0)) == []
