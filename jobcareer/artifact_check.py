"""Checking every field of a model file's plain data and of its ``meta.json`` on load.

A model directory may come from anywhere, so :func:`jobcareer.load` checks each value
before it is used: a wrong type or a value out of range is one line naming the field,
never a traceback from deep inside the classifier. The bounds here are those of a file
(upper limits too, so a forged file cannot ask for a gigantic batch or n-gram range);
the estimator's own constraints are declared once, in ``JobCareerClassifier``, and
checked when it is fitted. Parameters the classifier adds later
and this module does not know are passed to the constructor, which refuses names it does
not take. ``n_process`` is how the *caller* wants to run, so a file's value is ignored.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

__all__ = ["MAX_ARTIFACT_BYTES", "check_meta", "check_plain"]

#: A model file larger than this is refused before it is read (the bundled one is 0.4 MB).
MAX_ARTIFACT_BYTES = 256 * 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")
_ARTIFACT_NAME = re.compile(r"[A-Za-z0-9_.-]+")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)) and math.isfinite(value)


def _range(value: Any, low: int, high: int) -> bool:
    return (
        isinstance(value, list | tuple) and len(value) == 2 and all(_is_int(v) for v in value)
        and low <= value[0] <= value[1] <= high
    )


#: Checks of the estimator's and the featurizer's parameters: name -> (test, what is expected).
_PARAM_RULES: dict[str, tuple[Any, str]] = {
    "C": (lambda v: _is_number(v) and v > 0, "a positive number"),
    "ngram_range": (lambda v: _range(v, 1, 5), "[low, high] with 1 <= low <= high <= 5"),
    "char_range": (lambda v: _range(v, 1, 10), "[low, high] with 1 <= low <= high <= 10"),
    "min_df": (lambda v: _is_int(v) and v >= 1, "a whole number >= 1"),
    "negation_window": (lambda v: _is_int(v) and 1 <= v <= 100, "a whole number from 1 to 100"),
    "calibration_folds": (lambda v: _is_int(v) and v >= 2, "a whole number >= 2"),
    "min_evidence": (lambda v: _is_int(v) and 0 <= v <= 1000, "a whole number from 0 to 1000"),
    "min_uncued_evidence": (lambda v: _is_int(v) and 0 <= v <= 1000, "a whole number from 0 to 1000"),
    "weighting": (lambda v: v in ("sublinear_l2", "binary"), "'sublinear_l2' or 'binary'"),
    "random_state": (lambda v: v is None or _is_int(v), "a whole number or null"),
    "batch_size": (lambda v: _is_int(v) and 1 <= v <= 100_000, "a whole number from 1 to 100,000"),
    "class_weight": (lambda v: v in ("balanced", None), "'balanced' or null"),
    "lexicons": (lambda v: v is None, "null (the lists are stored apart)"),
    "cue_weight": (lambda v: _is_number(v) and v >= 0, "a number >= 0"),
    "char_weight": (lambda v: _is_number(v) and v >= 0, "a number >= 0"),
}
_FLAG_NAMES = ("use_words", "use_cues", "use_chars", "cue_sides", "occupation_unigram", "concession", "content_ngrams",
               "skip_conceded_words")


def _check_params(params: Any, where: str) -> dict[str, Any]:
    if not isinstance(params, dict):
        raise ValueError(f"{where} is not a mapping")
    checked = dict(params)
    for name, value in params.items():
        if not isinstance(name, str):
            raise ValueError(f"{where} has a non-text parameter name {name!r}")
        if name in _PARAM_RULES:
            test, expected = _PARAM_RULES[name]
            if not test(value):
                raise ValueError(f"{where}.{name} is {value!r}; expected {expected}")
        elif name in _FLAG_NAMES:
            if not isinstance(value, bool):
                raise ValueError(f"{where}.{name} is {value!r}; expected true or false")
        elif not (value is None or isinstance(value, str | bool) or _is_number(value)):
            raise ValueError(f"{where}.{name} is {value!r}; expected a plain value")
    checked.pop("n_process", None)  # how to run is the caller's choice, not the file's
    return checked


def _check_lexicons(lexicons: Any) -> None:
    if not isinstance(lexicons, dict):
        raise ValueError("lexicons is not a mapping")
    for name, value in lexicons.items():
        lists = value.values() if isinstance(value, dict) else [value]
        for words in lists:
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise ValueError(f"lexicons.{name} is not a list of words")


def _is_coef(coef: Any, n_features: int) -> bool:
    """A float64 vector (from ``model.npz``) or a list of numbers, one finite value per feature."""
    if isinstance(coef, np.ndarray):
        return coef.dtype == np.float64 and coef.shape == (n_features,) and bool(np.isfinite(coef).all())
    return isinstance(coef, list) and len(coef) == n_features and all(_is_number(c) for c in coef)


def check_plain(plain: dict[str, Any]) -> dict[str, Any]:
    """Check the plain data of a model file; return it with ``n_process`` dropped.

    ``coef`` may be a float64 array (read from ``model.npz``) or a list of numbers (an
    old pickled file being converted, see :func:`jobcareer.io.convert_legacy_model`).

    Raises
    ------
    ValueError
        Naming the first field that is missing, of the wrong type or out of range.
    """
    for key, kind in (("params", dict), ("featurizer", dict), ("lexicons", dict), ("feature_names", list),
                      ("calibration", list), ("classes", list)):
        if not isinstance(plain.get(key), kind):
            raise ValueError(f"{key} is missing or not a {kind.__name__}")
    checked = dict(plain)
    checked["params"] = _check_params(plain["params"], "params")
    checked["featurizer"] = _check_params(plain["featurizer"], "featurizer")
    _check_lexicons(plain["lexicons"])
    names, coef = plain["feature_names"], plain["coef"]
    if not all(isinstance(n, str) for n in names) or len(set(names)) != len(names):
        raise ValueError("feature_names must be distinct strings")
    if not _is_coef(coef, len(names)):
        raise ValueError(f"coef must be {len(names)} finite numbers, one per feature")
    if not _is_number(plain.get("intercept")):
        raise ValueError(f"intercept is {plain.get('intercept')!r}; expected a finite number")
    calibration = plain["calibration"]
    if len(calibration) != 2 or not all(_is_number(c) for c in calibration) or calibration[0] <= 0:
        raise ValueError(f"calibration is {calibration!r}; expected [slope > 0, offset], finite")
    if plain["classes"] != ["career", "job"]:
        raise ValueError(f"classes is {plain['classes']!r}; expected ['career', 'job']")
    return checked


def check_meta(meta: Any) -> None:
    """Check the fields of ``meta.json`` that loading and ``jobcareer info`` read.

    Raises
    ------
    ValueError
        Naming the first field of the wrong type or form.
    """
    if not isinstance(meta, dict):
        raise ValueError("it is not a JSON object")
    for key, default in (("artifact", "model.json"), ("arrays", "model.npz")):
        name = meta.get(key, default)
        if not isinstance(name, str) or not _ARTIFACT_NAME.fullmatch(name) or name in (".", ".."):
            raise ValueError(f"{key} is {name!r}; expected a file name inside the model directory")
        digest = meta.get(f"{key}_sha256")
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            raise ValueError(f"{key}_sha256 is not a SHA-256 hex digest")
    for key in ("versions", "training_data", "selection", "test_metrics", "hyperparameters"):
        if meta.get(key) is not None and not isinstance(meta[key], dict):
            raise ValueError(f"{key} is not a JSON object")
    for key, value in (meta.get("versions") or {}).items():
        if not isinstance(value, str):
            raise ValueError(f"versions.{key} is not text")
