"""Scoring a Spark DataFrame of answers with a pandas UDF (the optional ``spark`` extra).

>>> from jobcareer.spark import score_udf                          # doctest: +SKIP
>>> scored = df.withColumn("jc", score_udf()("text")).select("*", "jc.*").drop("jc")  # doctest: +SKIP

The UDF receives Arrow batches as pandas Series and scores each with
:func:`jobcareer.scoring.score_columns`; the model comes from
:func:`jobcareer.scoring.cached_model`, so each Python worker process of an executor loads
it once and keeps it for every later batch (Spark reuses Python workers by default,
``spark.python.worker.reuse=true``).

On a cluster: install jobcareer on every executor (the bundled model comes with it). For
another model, either put its directory where every executor can read it and pass
``score_udf(model="/shared/models/my-model")``, or ship it with the job:
``spark.sparkContext.addFile("models/my-model", recursive=True)`` and
``score_udf(model_from_spark_files="my-model")``, which each executor resolves with
``SparkFiles.get("my-model")``.
"""

# no ``from __future__ import annotations``: PySpark reads the UDF's type hints at runtime

from pathlib import Path
from typing import Any

from jobcareer.scoring import cached_model, score_columns

__all__ = ["result_schema", "score_udf"]


def result_schema(explain: bool = False, low_evidence: bool = True) -> str:
    """The UDF's return type as a Spark DDL string, e.g. ``"label string, career_score double, ..."``."""
    fields = ["label string", "career_score double"]
    if low_evidence:
        fields.append("low_evidence boolean")
    if explain:
        fields.append("top_phrases string")
    return ", ".join(fields)


def _resolve(model: str | None, spark_file: str | None) -> str | None:
    if spark_file is not None:
        from pyspark import SparkFiles

        return SparkFiles.get(spark_file)
    return model


def score_udf(
    explain: bool = False,
    *,
    low_evidence: bool = True,
    top: int = 3,
    model: str | Path | None = None,
    model_from_spark_files: str | None = None,
) -> Any:
    """A PySpark pandas UDF that scores a string column into a struct.

    Parameters
    ----------
    explain : bool, default False
        Also return ``top_phrases`` (a JSON list of the ``top`` strongest phrases).
    low_evidence : bool, default True
        Return ``low_evidence`` (computed from each answer's explanation; turn off, with
        ``explain=False``, for the fast path).
    top : int, default 3
        Phrases per answer with ``explain=True``.
    model : str, Path or None
        A model directory at this path on every executor (a shared file system); None
        for the model bundled with jobcareer as installed on the executors.
    model_from_spark_files : str, optional
        The name of a model directory shipped with ``SparkContext.addFile(dir,
        recursive=True)``; each executor reads it from ``SparkFiles.get(name)``.

    Returns
    -------
    pyspark.sql.Column function
        Call it on a column: ``score_udf()("text")`` gives a struct column with
        ``label``, ``career_score`` (calibrated P(career), identical to
        ``predict_proba``), and ``low_evidence`` / ``top_phrases`` as asked.
    """
    import pandas as pd
    from pyspark.sql.functions import pandas_udf

    if model is not None and model_from_spark_files is not None:
        raise ValueError("give model or model_from_spark_files, not both")
    model_path = None if model is None else str(Path(model).resolve())

    @pandas_udf(result_schema(explain, low_evidence))  # type: ignore[call-overload]
    def jobcareer_score(texts: pd.Series) -> pd.DataFrame:
        clf = cached_model(_resolve(model_path, model_from_spark_files))
        scored = score_columns(clf, texts.tolist(), explain=explain, low_evidence=low_evidence, top=top)
        return pd.DataFrame(scored.as_dict())

    return jobcareer_score
