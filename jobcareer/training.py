"""Training a model directory from a labeled file: model selection, fit, evaluation, card.

Used by ``scripts/train.py`` and ``jobcareer train``. Hyperparameters are chosen by
cross-validation on the training rows only, with folds grouped by writing pass (the
``batch`` column) when there is one, so no pass is on both sides of a fold. Rows whose
``split`` is ``test`` are never used to fit or select anything; they are scored once at the
end and the figures written to ``meta.json`` and ``MODEL_CARD.md``.
"""

from __future__ import annotations

import hashlib
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import GridSearchCV, GroupKFold, StratifiedKFold

from jobcareer.data import LabeledData, read_labeled
from jobcareer.evaluation import evaluate_models
from jobcareer.io import check_model_target, save
from jobcareer.model import JobCareerClassifier

__all__ = ["DEFAULT_GRID", "train"]

#: Hyperparameters searched by default (kept small so training takes well under 2 minutes).
DEFAULT_GRID: dict[str, list[Any]] = {"C": [16.0, 64.0, 256.0]}
BREAKDOWN_COLUMNS = ("style", "hard_case", "register", "question")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _split(data: LabeledData) -> tuple[LabeledData, LabeledData | None]:
    if "split" not in data.columns:
        return data, None
    splits = data.columns["split"]
    train = data.subset([s == "train" for s in splits])
    test = data.subset([s == "test" for s in splits])
    return train, (test if len(test) else None)


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
    verbose: bool = True,
    overwrite: bool = False,
) -> dict[str, Any]:
    """Train, evaluate and write a model directory.

    Parameters
    ----------
    data_path : str or Path
        Labeled JSONL or CSV. A ``split`` column (``train``/``test``) holds out test rows;
        a ``batch`` column groups the cross-validation folds.
    output_dir : str or Path
        Model directory to write (``model.joblib``, ``meta.json``, ``MODEL_CARD.md``).
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
    verbose : bool, default True
        Print progress to stderr.
    overwrite : bool, default False
        Replace ``output_dir`` if it already holds a model (checked before training). The
        new model is written beside it and renamed into place when complete.

    Returns
    -------
    dict
        The metadata written to ``meta.json``.
    """
    import sys

    def say(message: str) -> None:
        if verbose:
            print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    check_model_target(output_dir, overwrite=overwrite)
    path = Path(data_path)
    data = read_labeled(path, text_field=text_field, label_field=label_field)
    train_data, test_data = _split(data)
    groups = train_data.columns.get("batch")
    say(f"training rows: {len(train_data)}; held-out test rows: {len(test_data) if test_data else 0}")

    estimator = JobCareerClassifier(random_state=seed, **(params or {}))
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
    search = GridSearchCV(
        estimator, grid or DEFAULT_GRID, scoring="f1_macro", cv=folds, n_jobs=n_jobs, refit=False
    )
    say(f"selecting hyperparameters over {grid or DEFAULT_GRID} with {cv_kind}")
    search.fit(train_data.texts, train_data.labels)
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
    model.fit(train_data.texts, train_data.labels, groups=groups)
    fit_seconds = time.perf_counter() - started

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
            "sha256": _sha256(path),
            "n_train": len(train_data),
            "n_test": len(test_data) if test_data else 0,
            "label_counts_train": {c: int(np.sum(np.asarray(train_data.labels) == c)) for c in ("career", "job")},
        },
        "selection": {
            "cv": cv_kind,
            "grid": grid or DEFAULT_GRID,
            "best_params": best,
            "best_cv_macro_f1": float(search.best_score_),
            "results": cv_results,
        },
        "training_seconds": round(fit_seconds, 1),
        "test_metrics": metrics,
    }
    out = save(model, output_dir, metadata_extra=meta_extra, overwrite=overwrite)
    say(f"model written to {out} in {time.perf_counter() - started:.1f} s")
    return meta_extra
