"""The steps of :meth:`JobCareerClassifier.fit` after the analysis: checks, regression, calibration.

The classifier's career logit is a logistic regression's decision value over the
featurizer's matrix; P(career) is a sigmoid of it (Platt scaling) fitted on out-of-fold
logits, so that the calibration never sees a logit of an answer the regression was
fitted on. :func:`fit_calibrated_regression` does both; the ``check_*`` functions refuse
training inputs with one line that says what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from jobcareer.decision import CLASSES

__all__ = ["CalibratedRegression", "check_groups", "check_labels", "check_sample_weight", "fit_calibrated_regression"]


@dataclass(frozen=True)
class CalibratedRegression:
    """What fitting learns besides the features: the classifier's ``coef_``, ``intercept_``
    and ``calibration_`` (see :class:`jobcareer.JobCareerClassifier`)."""

    coef: np.ndarray
    intercept: float
    calibration: tuple[float, float]


def check_labels(y: Iterable[Any], n_texts: int, calibration_folds: int) -> np.ndarray:
    """The labels as an object array, checked against the answers and the calibration folds.

    Raises
    ------
    ValueError
        If there are not ``n_texts`` labels, a label is neither ``"career"`` nor ``"job"``,
        or a label has fewer answers than ``calibration_folds``.
    """
    labels = np.asarray(list(y), dtype=object)
    if len(labels) != n_texts:
        raise ValueError(f"X has {n_texts} answers but y has {len(labels)} labels")
    unknown = sorted({str(v) for v in labels} - set(CLASSES))
    if unknown:
        raise ValueError(f"labels must be 'career' or 'job', found {unknown}")
    counts = [int((labels == c).sum()) for c in CLASSES]
    if min(counts) < calibration_folds:
        raise ValueError(
            f"need at least calibration_folds={calibration_folds} answers of each "
            f"label, got career={counts[0]}, job={counts[1]}"
        )
    return labels


def check_sample_weight(sample_weight: Iterable[float] | None, n_texts: int) -> np.ndarray:
    """One finite, non-negative weight per answer (all 1 when None), not all zero.

    Raises
    ------
    ValueError
        If the number of weights differs from ``n_texts`` or a weight is negative or not
        finite, or all are zero.
    """
    weights = np.ones(n_texts) if sample_weight is None else np.asarray(list(sample_weight), dtype=np.float64)
    if weights.shape != (n_texts,):
        raise ValueError(f"sample_weight has {weights.size} entries, X has {n_texts}")
    if not (np.isfinite(weights).all() and (weights >= 0).all() and weights.sum() > 0):
        raise ValueError("sample_weight must be finite and non-negative, and not all zero")
    return weights


def check_groups(groups: Iterable[Any] | None, n_texts: int) -> np.ndarray | None:
    """The groups as an array (None stays None), one per answer.

    Raises
    ------
    ValueError
        If the number of groups differs from ``n_texts``.
    """
    if groups is None:
        return None
    group_array = np.asarray(list(groups))
    if len(group_array) != n_texts:
        raise ValueError(f"groups has {len(group_array)} entries, X has {n_texts}")
    return group_array


def _calibration_splits(
    matrix: sp.csr_matrix, target: np.ndarray, groups: np.ndarray | None, folds: int, random_state: Any
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Folds of the out-of-fold logits: by group when there are groups, else stratified."""
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    n_groups = 0 if groups is None else len(set(groups.tolist()))
    if n_groups >= 2:
        # as many folds as asked, or one per group when there are fewer groups
        return list(GroupKFold(n_splits=min(folds, n_groups)).split(matrix, target, groups))
    stratified = StratifiedKFold(folds, shuffle=True, random_state=random_state)
    return list(stratified.split(matrix, target))


def fit_calibrated_regression(
    matrix: sp.csr_matrix,
    target: np.ndarray,
    *,
    C: float,
    class_weight: str | None,
    random_state: Any,
    calibration_folds: int,
    sample_weight: np.ndarray,
    groups: np.ndarray | None,
) -> CalibratedRegression:
    """Fit the logistic regression, and its sigmoid calibration on out-of-fold logits.

    Parameters
    ----------
    matrix : sparse matrix of shape (n_answers, n_features)
        The features of the training answers.
    target : ndarray of {0, 1}
        1 where the answer is career-oriented (the logit points to career).
    C, class_weight, random_state, calibration_folds
        As the classifier's parameters of the same names.
    sample_weight : ndarray
        Weight of each answer in the regression and its calibration.
    groups : ndarray or None
        Group of each answer; the out-of-fold logits keep each group in one fold.

    Returns
    -------
    CalibratedRegression

    Raises
    ------
    ValueError
        If the calibration comes out non-increasing (the model does not separate the
        labels out of fold).
    """
    from sklearn.linear_model import LogisticRegression  # fit only: 0.2 s of import time
    from sklearn.model_selection import cross_val_predict

    regression = LogisticRegression(
        C=C,
        class_weight=class_weight,
        solver="liblinear",  # fast on sparse text; deterministic in the primal
        intercept_scaling=10.0,  # liblinear penalises the intercept: keep that small
        max_iter=1000,
        random_state=random_state,
    )
    splits = _calibration_splits(matrix, target, groups, calibration_folds, random_state)
    oof = cross_val_predict(
        regression, matrix, target, cv=splits, method="decision_function", params={"sample_weight": sample_weight}
    )
    platt = LogisticRegression(C=1e6, max_iter=1000).fit(oof.reshape(-1, 1), target, sample_weight=sample_weight)
    slope, offset = float(platt.coef_[0, 0]), float(platt.intercept_[0])
    if slope <= 0:
        raise ValueError(
            "the calibration came out non-increasing (the model does not separate the "
            "labels out of fold); check the labels or add training data"
        )
    regression.fit(matrix, target, sample_weight=sample_weight)
    return CalibratedRegression(
        coef=regression.coef_[0].astype(np.float64),
        intercept=float(regression.intercept_[0]),
        calibration=(slope, offset),
    )
