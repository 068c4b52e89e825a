"""The one place that turns a career logit into a probability and a probability into a label.

``P(career) = sigmoid(slope * logit + offset)`` with the model's fitted calibration
``(slope, offset)``; the label is ``"career"`` when ``P(career) >= threshold`` (0.5 unless a
caller chooses another), ``"job"`` otherwise. Every module that needs either uses these.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import overload

import numpy as np

CLASSES = ("career", "job")


@overload
def sigmoid(x: float) -> float: ...
@overload
def sigmoid(x: np.ndarray) -> np.ndarray: ...
def sigmoid(x: float | np.ndarray) -> float | np.ndarray:
    """The logistic function, without overflow for any finite input.

    Parameters
    ----------
    x : float or ndarray
        Log-odds.

    Returns
    -------
    float or ndarray
        ``1 / (1 + exp(-x))``, computed as ``(1 + tanh(x / 2)) / 2``; a float for a float.
    """
    if isinstance(x, np.ndarray):
        return 0.5 * (1.0 + np.tanh(0.5 * x))
    return 0.5 * (1.0 + math.tanh(0.5 * float(x)))


@overload
def calibrated(logit: float, calibration: tuple[float, float]) -> float: ...
@overload
def calibrated(logit: np.ndarray, calibration: tuple[float, float]) -> np.ndarray: ...
def calibrated(logit: float | np.ndarray, calibration: tuple[float, float]) -> float | np.ndarray:
    """P(career) of career logits under the calibration ``(slope, offset)``."""
    slope, offset = calibration
    if isinstance(logit, np.ndarray):
        return sigmoid(slope * logit.astype(np.float64, copy=False) + offset)
    return sigmoid(slope * float(logit) + offset)


def calibrated_each(logits: Iterable[float], calibration: tuple[float, float]) -> list[float]:
    """:func:`calibrated` of each logit of a sequence of floats, as a list (one call for
    many, the same arithmetic, so the same results to the last bit).

    Parameters
    ----------
    logits : iterable of float
        Career logits.
    calibration : tuple of float
        ``(slope, offset)``.
    """
    slope, offset = calibration
    tanh = math.tanh
    return [0.5 * (1.0 + tanh(0.5 * (slope * float(logit) + offset))) for logit in logits]


def label_of(score: float, threshold: float = 0.5) -> str:
    """``"career"`` when ``score >= threshold``, else ``"job"``.

    Parameters
    ----------
    score : float
        P(career).
    threshold : float, default 0.5
        The smallest P(career) labelled career.
    """
    return CLASSES[0] if score >= threshold else CLASSES[1]


def labels_of(scores: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    """:func:`label_of` of each score, as an object array of ``"career"``/``"job"``."""
    return np.where(np.asarray(scores) >= threshold, CLASSES[0], CLASSES[1]).astype(object)
