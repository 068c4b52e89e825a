"""Scoring a Dask DataFrame of answers (the optional ``dask`` extra).

>>> import dask.dataframe as dd                          # doctest: +SKIP
>>> from jobcareer.dask import score                     # doctest: +SKIP
>>> scored = score(dd.read_parquet("answers/"), column="text")   # doctest: +SKIP
>>> scored.to_parquet("scored/")                         # doctest: +SKIP

Each partition is scored by :func:`jobcareer.scoring.score_columns` with the model from
:func:`jobcareer.scoring.cached_model`, which a worker process loads once and keeps for
every later partition. On a cluster the model is the one bundled with jobcareer as
installed on the workers, or a model directory every worker can read (``model=PATH``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jobcareer.scoring import cached_model, output_names, score_columns

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd

__all__ = ["score"]


def _score_partition(
    frame: pd.DataFrame,
    column: str,
    names: dict[str, str],
    explain: bool,
    low_evidence: bool,
    top: int,
    model: str | None,
) -> pd.DataFrame:
    scored = score_columns(
        cached_model(model), frame[column].tolist(), explain=explain, low_evidence=low_evidence, top=top
    )
    out = frame.copy()
    for name, values in scored.as_dict().items():
        out[names[name]] = values
    return out


def score(
    ddf: dd.DataFrame,
    column: str = "text",
    explain: bool = False,
    *,
    low_evidence: bool = True,
    top: int = 3,
    model: str | Path | None = None,
) -> dd.DataFrame:
    """Add the model's verdict to every row of a Dask DataFrame, lazily.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        The answers, one per row, in ``column`` (strings, none missing or blank).
    column : str, default "text"
        The answers' column.
    explain : bool, default False
        Also add ``top_phrases``: the ``top`` strongest phrases as a JSON list of
        ``{"text", "start", "end", "weight", "label"}``.
    low_evidence : bool, default True
        Add ``low_evidence`` (:attr:`jobcareer.Explanation.low_evidence`). It is computed
        from each answer's explanation, so ``low_evidence=False`` (with ``explain=False``)
        scores several times faster.
    top : int, default 3
        Phrases per answer with ``explain=True``.
    model : str, Path or None
        A model directory readable by every worker; None for the bundled model.

    Returns
    -------
    dask.dataframe.DataFrame
        ``ddf`` with ``label``, ``career_score`` (calibrated P(career), identical to
        ``predict_proba``), ``low_evidence`` and ``top_phrases`` as asked; a name ``ddf``
        already has becomes ``predicted_<name>``.
    """
    import numpy as np
    import pandas as pd

    if column not in ddf.columns:
        raise KeyError(f"no column {column!r} in the DataFrame (columns: {', '.join(map(str, ddf.columns))})")
    names = output_names([str(c) for c in ddf.columns])
    text_dtype = pd.Series(["job"]).dtype  # what a column of Python strings becomes
    meta = ddf._meta.copy()
    meta[names["label"]] = pd.Series([], dtype=text_dtype)
    meta[names["career_score"]] = pd.Series([], dtype=np.float64)
    if low_evidence:
        meta[names["low_evidence"]] = pd.Series([], dtype=bool)
    if explain:
        meta[names["top_phrases"]] = pd.Series([], dtype=text_dtype)
    model_path = None if model is None else str(Path(model).resolve())
    return ddf.map_partitions(
        _score_partition, column, names, explain, low_evidence, top, model_path, meta=meta
    )
