"""Training a model directory from a labeled file: model selection, fit, evaluation, card.

Used by ``scripts/train.py`` and ``jobcareer train``. Hyperparameters are chosen by
cross-validation on the training rows only, with folds grouped by writing pass (the
``batch`` column) when there is one, so no pass is on both sides of a fold. Rows whose
``split`` is ``test`` are never used to fit or select anything; they are scored once at the
end and the figures written to ``meta.json`` and ``MODEL_CARD.md``.
"""

from __future__ import annotations

import math
import time
import warnings
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import GridSearchCV, GroupKFold, StratifiedKFold
from threadpoolctl import threadpool_limits

from jobcareer.calibration import platt, source_host
from jobcareer.data import LabeledData, read_labeled, text_digest
from jobcareer.decision import CLASSES
from jobcareer.evaluation import evaluate_models, evaluate_real
from jobcareer.io import check_model_target, file_sha256, save
from jobcareer.model import JobCareerClassifier

__all__ = [
    "DEFAULT_GRID", "HARD_CASE_WEIGHT", "SPLIT_USE", "check_trainable", "hard_case_weights", "split_report", "train",
]

#: Hyperparameters searched by default (kept small so training takes well under 2 minutes).
DEFAULT_GRID: dict[str, list[Any]] = {"C": [1.0, 3.0, 10.0]}
#: Weight of training rows written as deliberately tricky cases (``hard_case`` other than
#: ``none``): they teach structure without erasing the main signals. Chosen on real answers
#: (see the model card's ablation), not on the corpus's own test split.
HARD_CASE_WEIGHT = 0.3
BREAKDOWN_COLUMNS = ("style", "hard_case", "register", "question")


#: What training does with the rows of each ``split`` value; rows of any other value
#: (``"dev"``, ``"Train"``, empty...) are not used, and training says so.
SPLIT_USE = {"train": "fit and model selection", "test": "held out, scored once at the end"}


def _split(data: LabeledData) -> tuple[LabeledData, LabeledData | None, dict[str, int]]:
    """Train rows, test rows (or None) and the number of rows of each unused split value."""
    if "split" not in data.columns:
        return data, None, {}
    splits = data.columns["split"]
    train = data.subset([s == "train" for s in splits])
    test = data.subset([s == "test" for s in splits])
    unused = Counter(repr(s) for s in splits if s not in SPLIT_USE)
    return train, (test if len(test) else None), dict(sorted(unused.items()))


def split_report(n_train: int, n_test: int, unused: dict[str, int]) -> str:
    """One line saying what training does with the rows of each split value."""
    parts = [f"train: {n_train} rows ({SPLIT_USE['train']})", f"test: {n_test} rows ({SPLIT_USE['test']})"]
    parts += [f"{value}: {count} rows (not used)" for value, count in unused.items()]
    return "split values: " + "; ".join(parts)


def check_trainable(labels: list[str], *, cv_folds: int, calibration_folds: int) -> None:
    """Refuse, before any fitting, training rows the model selection cannot use.

    Every cross-validation fit needs ``calibration_folds`` answers of each label in its
    training part, which holds about ``(cv_folds - 1) / cv_folds`` of them.

    Raises
    ------
    ValueError
        One line naming the label counts and what is needed.
    """
    counts = Counter(labels)
    if len(counts) < 2:
        only = ", ".join(f"{k}: {v}" for k, v in counts.items()) or "none"
        raise ValueError(f"the training rows have one label only ({only}); both 'career' and 'job' are needed")
    need = math.ceil(calibration_folds * cv_folds / (cv_folds - 1)) + 1
    if min(counts.values()) < need:
        have = ", ".join(f"{k}: {counts[k]}" for k in sorted(counts))
        raise ValueError(
            f"too few training rows ({have}); with {cv_folds} cross-validation folds and "
            f"{calibration_folds} calibration folds each label needs at least {need}"
        )


def hard_case_weights(hard_cases: Sequence[str | None], hard_case_weight: float) -> np.ndarray:
    """Sample weights: 1 for plain answers (``hard_case`` ``none`` or missing), else ``hard_case_weight``."""
    return np.array([1.0 if h in (None, "none") else hard_case_weight for h in hard_cases])


def train(
    data_path: str | Path,
    output_dir: str | Path,
    *,
    seed: int = 0,
    grid: dict[str, list[Any]] | None = None,
    cv_folds: int = 5,
    n_jobs: int = 1,
    text_field: str = "text",
    label_field: str = "label",
    params: dict[str, Any] | None = None,
    hard_case_weight: float = HARD_CASE_WEIGHT,
    real_path: str | Path | None = None,
    verbose: bool = True,
    overwrite: bool = False,
    blas_threads: int | None = 1,
) -> dict[str, Any]:
    """Train, evaluate and write a model directory.

    Parameters
    ----------
    data_path : str or Path
        Labeled JSONL or CSV. A ``split`` column (``train``/``test``) holds out test rows;
        rows of any other split value are not used (a warning names them, see
        :data:`SPLIT_USE`). A ``batch`` column groups the cross-validation folds.
    output_dir : str or Path
        Model directory to write (``model.json``, ``model.npz``, ``meta.json``, ``MODEL_CARD.md``).
    seed : int, default 0
        Seed of every random choice; same data and seed give the same predictions.
    grid : dict, optional
        Parameter grid for the search (default :data:`DEFAULT_GRID`).
    cv_folds : int, default 5
        Cross-validation folds.
    n_jobs : int, default 1
        Parallel fits during the search.
    params : dict, optional
        Fixed estimator parameters (e.g. ``{"use_chars": True}``).
    hard_case_weight : float, default :data:`HARD_CASE_WEIGHT`
        Sample weight of rows whose ``hard_case`` column is not ``none`` (others weigh 1).
    real_path : str or Path, optional
        Labeled real answers (JSONL/CSV with ``text``, ``label``, optional ``clarity`` and
        ``source``) never used for fitting the classifier: the model's calibration is
        refitted on their logits, and their figures are written to the metadata (the
        calibrated ones out of fold, grouped by source host).
    verbose : bool, default True
        Print progress to stderr.
    overwrite : bool, default False
        Replace ``output_dir`` if it already holds a model (checked before training). The
        new model is written beside it and renamed into place when complete.
    blas_threads : int or None, default 1
        Threads each BLAS/OpenMP library may use while training (``threadpoolctl``);
        ``None`` leaves them as they are. The fits are small: extra threads only compete,
        which made training several times slower on a busy 2-core machine. Use ``n_jobs``
        for parallel fits.

    Returns
    -------
    dict
        The metadata written to ``meta.json``.

    Raises
    ------
    ValueError
        If the training rows have one label only or too few of a label for the folds
        (checked before any fitting).
    ModelFileError
        If ``output_dir`` holds a model and ``overwrite`` is false (checked first).
    """
    with threadpool_limits(limits=blas_threads):
        return _train(
            data_path, output_dir, seed=seed, grid=grid, cv_folds=cv_folds, n_jobs=n_jobs,
            text_field=text_field, label_field=label_field, params=params, verbose=verbose,
            overwrite=overwrite, hard_case_weight=hard_case_weight, real_path=real_path,
        )


def _train(
    data_path: str | Path,
    output_dir: str | Path,
    *,
    seed: int,
    grid: dict[str, list[Any]] | None,
    cv_folds: int,
    n_jobs: int,
    text_field: str,
    label_field: str,
    params: dict[str, Any] | None,
    verbose: bool,
    overwrite: bool,
    hard_case_weight: float,
    real_path: str | Path | None,
) -> dict[str, Any]:
    import sys

    def say(message: str) -> None:
        if verbose:
            print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    check_model_target(output_dir, overwrite=overwrite)
    if hard_case_weight < 0:
        raise ValueError(f"hard_case_weight must be >= 0, got {hard_case_weight}")
    path = Path(data_path)
    data = read_labeled(path, text_field=text_field, label_field=label_field)
    train_data, test_data, unused = _split(data)
    groups = train_data.columns.get("batch")
    n_test = len(test_data) if test_data else 0
    if unused:
        warnings.warn(split_report(len(train_data), n_test, unused), UserWarning, stacklevel=2)
    elif "split" in data.columns:
        say(split_report(len(train_data), n_test, unused))
    say(f"training rows: {len(train_data)}; held-out test rows: {n_test}")

    estimator = JobCareerClassifier(random_state=seed, **(params or {}))
    check_trainable(train_data.labels, cv_folds=cv_folds, calibration_folds=estimator.calibration_folds)
    if groups is not None and len(set(groups)) >= cv_folds:
        folds = list(GroupKFold(n_splits=cv_folds).split(train_data.texts, train_data.labels, groups))
        cv_kind = f"GroupKFold({cv_folds}) by batch"
    else:
        folds = list(
            StratifiedKFold(cv_folds, shuffle=True, random_state=seed).split(
                train_data.texts, train_data.labels
            )
        )
        cv_kind = f"StratifiedKFold({cv_folds})"
    hard_cases = train_data.columns.get("hard_case")
    weights = None if hard_cases is None else hard_case_weights(hard_cases, hard_case_weight)
    search = GridSearchCV(
        estimator, grid or DEFAULT_GRID, scoring="f1_macro", cv=folds, n_jobs=n_jobs, refit=False,
        error_score="raise",  # the first failing fit stops the search with its own error
    )
    say(f"selecting hyperparameters over {grid or DEFAULT_GRID} with {cv_kind}")
    search.fit(train_data.texts, train_data.labels, **({} if weights is None else {"sample_weight": weights}))
    best = search.best_params_
    cv_results = [
        {"params": p, "mean_macro_f1": float(m), "std_macro_f1": float(s)}
        for p, m, s in zip(
            search.cv_results_["params"],
            search.cv_results_["mean_test_score"],
            search.cv_results_["std_test_score"],
        )
    ]
    say(f"best {best}: cross-validated macro-F1 {search.best_score_:.3f}")

    model = estimator.set_params(**best)
    model.fit(train_data.texts, train_data.labels, groups=groups, sample_weight=weights)
    fit_seconds = time.perf_counter() - started

    real_metrics: dict[str, Any] = {}
    if real_path is not None:
        real = read_labeled(Path(real_path))
        clarity = real.columns.get("clarity")
        hosts = [source_host(str(s)) for s in real.columns["source"]] if "source" in real.columns else None
        before = evaluate_real(model, real.texts, real.labels, clarity=clarity, groups=hosts)
        logits = model.career_logit(real.texts)
        model.calibration_ = platt(logits, np.asarray(real.labels) == "career")
        real_metrics = {
            "file": Path(real_path).name,
            "sha256": file_sha256(Path(real_path)),
            "n": len(real),
            "corpus_calibration": {k: before[k] for k in ("all", "clear") if k in before},
            "calibrated_on_real_grouped_cv": before.get("grouped_cv"),
            "low_evidence_rate": before["low_evidence_rate"],
            "accuracy_without_low_evidence": before["accuracy_without_low_evidence"],
            "calibration": list(model.calibration_),
        }
        shown = before.get("grouped_cv") or before
        say(f"real answers: macro-F1 all {shown['all']['macro_f1']:.3f}"
            + (f", clear {shown['clear']['macro_f1']:.3f}" if "clear" in shown else "")
            + f", ECE {shown['all']['ece']:.3f} (calibration refitted on them, figures out of fold)")

    metrics: dict[str, Any] = {}
    if test_data is not None:
        by = {c: test_data.columns[c] for c in BREAKDOWN_COLUMNS if c in test_data.columns}
        metrics = evaluate_models(
            model, train_data.texts, train_data.labels, test_data.texts, test_data.labels, by=by
        )
        m = metrics["model"]["overall"]
        say(f"test macro-F1 {m['macro_f1']:.3f}, accuracy {m['accuracy']:.3f}, ECE {m['ece']:.3f}")

    meta_extra = {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "seed": seed,
        "training_data": {
            "file": path.name,
            "sha256": file_sha256(path),
            "n_train": len(train_data),
            "n_test": n_test,
            "unused_split_rows": unused,
            "text_digests": sorted({text_digest(t) for t in train_data.texts}),
            "label_counts_train": {c: int(np.sum(np.asarray(train_data.labels) == c)) for c in CLASSES},
        },
        "selection": {
            "cv": cv_kind,
            "grid": grid or DEFAULT_GRID,
            "best_params": best,
            "best_cv_macro_f1": float(search.best_score_),
            "results": cv_results,
        },
        "training_seconds": round(fit_seconds, 1),
        "hard_case_weight": hard_case_weight,
        "test_metrics": metrics,
        "real_answers": real_metrics,
    }
    out = save(model, output_dir, metadata_extra=meta_extra, overwrite=overwrite)
    say(f"model written to {out} in {time.perf_counter() - started:.1f} s")
    return meta_extra
