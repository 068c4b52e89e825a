"""Specification of fit's steps (jobcareer/fitting.py): input checks, regression, calibration."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from jobcareer.fitting import check_groups, check_labels, check_sample_weight, fit_calibrated_regression


def test_labels_are_checked_against_answers_values_and_folds():
    assert check_labels(["job", "career"] * 3, 6, 3).dtype == object
    with pytest.raises(ValueError, match="3 answers but y has 2"):
        check_labels(["job", "career"], 3, 1)
    with pytest.raises(ValueError, match="'career' or 'job'"):
        check_labels(["job", "maybe"], 2, 1)
    with pytest.raises(ValueError, match="career=1, job=3"):
        check_labels(["career", "job", "job", "job"], 4, 2)


def test_sample_weight_defaults_to_ones_and_refuses_bad_weights():
    np.testing.assert_array_equal(check_sample_weight(None, 3), np.ones(3))
    for bad in ([1.0, -1.0], [np.nan, 1.0], [0.0, 0.0], [1.0]):
        with pytest.raises(ValueError, match="sample_weight"):
            check_sample_weight(bad, 2)


def test_groups_must_be_one_per_answer():
    assert check_groups(None, 3) is None
    assert check_groups(["a", "b", "a"], 3).tolist() == ["a", "b", "a"]
    with pytest.raises(ValueError, match="groups has 2 entries, X has 3"):
        check_groups(["a", "b"], 3)


def separable(n: int = 40) -> tuple[sp.csr_matrix, np.ndarray]:
    rng = np.random.default_rng(0)
    target = np.arange(n) % 2
    features = np.column_stack([target + rng.normal(0, 0.3, n), rng.normal(0, 1, n)])
    return sp.csr_matrix(features), target


def test_the_regression_points_to_career_and_the_calibration_increases():
    matrix, target = separable()
    fitted = fit_calibrated_regression(
        matrix, target, C=1.0, class_weight="balanced", random_state=0, calibration_folds=3,
        sample_weight=np.ones(len(target)), groups=None,
    )
    assert fitted.coef.shape == (2,) and fitted.coef[0] > 0
    assert fitted.calibration[0] > 0


def test_a_calibration_that_comes_out_decreasing_is_refused():
    n = 40
    target = np.arange(n) % 2
    group = (np.arange(n) >= n // 2).astype(int)
    feature = np.where(group == 0, target, 1 - target).astype(float)  # each group teaches the other wrong
    with pytest.raises(ValueError, match="non-increasing"):
        fit_calibrated_regression(
            sp.csr_matrix(feature.reshape(-1, 1)), target, C=1.0, class_weight=None, random_state=0,
            calibration_folds=2, sample_weight=np.ones(n), groups=group,
        )
