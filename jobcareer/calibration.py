"""Calibrating a model's scores on real answers, and checking that calibration honestly.

The corpus the model is trained on was written for the project; the answers people really
give are phrased differently, and a sigmoid fitted on the corpus's out-of-fold scores is
overconfident on them. :func:`platt` fits the two numbers of the calibration
(``P(career) = sigmoid(slope * logit + offset)``) on logits of other answers, such as the
real-answer development set, and :func:`grouped_calibrated` gives calibrated
probabilities for those same answers out of fold (grouped, e.g. by source host), so that
the calibration error reported for them never comes from a calibration that saw them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from jobcareer.decision import calibrated

__all__ = ["grouped_calibrated", "platt", "source_host"]

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


def source_host(source: str) -> str:
    """The host of a ``source`` field (``"https://www.x.org/a | Title"`` -> ``"x.org"``).

    Answers from one host share phrasing and editors, so they are kept on one side of
    every cross-validation split.
    """
    url = source.split(" | ", 1)[0].strip()
    host = _SCHEME.sub("", url).split("/", 1)[0].lower()
    return host.removeprefix("www.") or url


def platt(logits: np.ndarray, y_career: np.ndarray) -> tuple[float, float]:
    """Fit ``(slope, offset)`` of a sigmoid calibration by logistic regression.

    Parameters
    ----------
    logits : ndarray
        Career logits of labeled answers the model was not trained on.
    y_career : ndarray of {0, 1}
        1 where the answer is career-oriented.

    Returns
    -------
    tuple of float
        ``(slope, offset)`` with ``slope > 0``.

    Raises
    ------
    ValueError
        If both labels are not present, or the fitted slope is not positive (the logits
        do not separate the labels on these answers).
    """
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(logits, dtype=np.float64).reshape(-1, 1)
    y = np.asarray(y_career, dtype=int)
    if len(np.unique(y)) < 2:
        raise ValueError("calibration needs answers of both labels")
    fitted = LogisticRegression(C=1e6, max_iter=1000).fit(x, y)
    slope, offset = float(fitted.coef_[0, 0]), float(fitted.intercept_[0])
    if slope <= 0:
        raise ValueError("the calibration came out non-increasing: the logits do not separate these answers")
    return slope, offset


def grouped_calibrated(
    logits: np.ndarray, y_career: np.ndarray, groups: Sequence[object], n_splits: int = 5
) -> np.ndarray:
    """Out-of-fold calibrated P(career): each answer's sigmoid fitted on the other groups.

    Parameters
    ----------
    logits, y_career : ndarray
        As for :func:`platt`.
    groups : sequence
        Group of each answer (e.g. :func:`source_host`); a group is never on both sides.
    n_splits : int, default 5
        Folds (``GroupKFold``).

    Returns
    -------
    ndarray
        Calibrated P(career) of every answer, from a calibration fitted without its group.
    """
    from sklearn.model_selection import GroupKFold

    x = np.asarray(logits, dtype=np.float64)
    y = np.asarray(y_career, dtype=int)
    out = np.zeros(len(x))
    for fit_rows, held_out in GroupKFold(n_splits=n_splits).split(x, y, list(groups)):
        slope, offset = platt(x[fit_rows], y[fit_rows])
        out[held_out] = calibrated(x[held_out], (slope, offset))
    return out
