"""Scoring a Parquet file into another, one row group's batch at a time (needs ``pyarrow``).

``jobcareer classify --input answers.parquet -o scored.parquet`` calls
:func:`classify_parquet`: the input is read in record batches with
``pyarrow.parquet.ParquetFile.iter_batches``, each batch is scored and written as soon as it
is scored, so memory depends on the batch size, not on the file. Every input column is kept;
``label`` and ``career_score`` are added (and ``low_evidence`` and ``top_phrases``, a JSON
list, with ``explain=True``); a name the input already has becomes ``predicted_<name>``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jobcareer.data import DataFileError
from jobcareer.scoring import output_names, score_columns

if TYPE_CHECKING:
    import pyarrow as pa

    from jobcareer.model import JobCareerClassifier

__all__ = ["ParquetResult", "classify_parquet"]


@dataclass
class ParquetResult:
    """What :func:`classify_parquet` did.

    Attributes
    ----------
    rows : int
        Rows written.
    skipped : list of int
        0-based input row numbers skipped as invalid (``skip_invalid=True``).
    """

    rows: int = 0
    skipped: list[int] = field(default_factory=list)


def _invalid(value: object) -> str | None:
    if not isinstance(value, str):
        return "missing answer" if value is None else f"not text ({type(value).__name__})"
    if not value.strip():
        return "empty answer"
    from jobcareer.validation import MAX_CHARS

    if len(value) > MAX_CHARS:
        return f"answer longer than {MAX_CHARS:,} characters"
    return None


def classify_parquet(
    clf: JobCareerClassifier,
    source: str | Path,
    destination: str | Path,
    *,
    column: str = "text",
    explain: bool = False,
    top: int = 3,
    batch_size: int = 1000,
    skip_invalid: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ParquetResult:
    """Score the answers of a Parquet file into a new Parquet file, streaming.

    Parameters
    ----------
    clf : JobCareerClassifier
        A fitted classifier.
    source, destination : str or Path
        The input ``.parquet`` file and the file to write (replaced if it exists).
    column : str, default "text"
        The answers' column (string type).
    explain : bool, default False
        Also add ``low_evidence`` and ``top_phrases`` (needs each answer's explanation).
    top : int, default 3
        Phrases per answer with ``explain``.
    batch_size : int, default 1000
        Rows read, scored and written at a time (at most one row group's worth).
    skip_invalid : bool, default False
        Skip rows whose answer is missing, blank, not text or too long (listed in the
        result) instead of stopping at the first.
    progress : callable, optional
        Called with the number of rows of each written batch.

    Returns
    -------
    ParquetResult

    Raises
    ------
    DataFileError
        If the file is missing or not Parquet, has no such column, a row is invalid
        (without ``skip_invalid``), or it has no valid row.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    src, dst = Path(source), Path(destination)
    if not src.is_file():
        raise DataFileError(f"{src}: no such file")
    try:
        reader = pq.ParquetFile(src)
    except (pa.ArrowInvalid, OSError) as err:
        raise DataFileError(f"{src}: not a readable Parquet file ({err})") from None
    schema = reader.schema_arrow
    if column not in schema.names:
        hint = "; choose one with --column" if column == "text" else ""
        raise DataFileError(f"{src}: no column {column!r} (columns: {', '.join(schema.names)}){hint}")
    names = output_names(schema.names)
    added = [pa.field(names["label"], pa.string()), pa.field(names["career_score"], pa.float64())]
    if explain:
        added += [pa.field(names["low_evidence"], pa.bool_()), pa.field(names["top_phrases"], pa.string())]
    out_schema = pa.schema([*schema, *added], metadata=schema.metadata)
    result = ParquetResult()
    offset = 0
    with pq.ParquetWriter(dst, out_schema) as writer:
        for batch in reader.iter_batches(batch_size=batch_size):
            n_rows = batch.num_rows
            texts = batch.column(column).to_pylist()
            bad = [(i, why) for i, text in enumerate(texts) if (why := _invalid(text)) is not None]
            if bad and not skip_invalid:
                i, why = bad[0]
                raise DataFileError(
                    f"{src}: row {offset + i} ({column!r}): {why}; fix it or pass --skip-invalid to skip bad rows"
                )
            if bad:
                keep = [True] * len(texts)
                for i, _ in bad:
                    keep[i] = False
                    result.skipped.append(offset + i)
                batch = batch.filter(pa.array(keep))
                texts = [t for t, k in zip(texts, keep) if k]
            offset += n_rows
            if not texts:
                continue
            writer.write_batch(_scored_batch(clf, batch, texts, out_schema, explain=explain, top=top))
            result.rows += len(texts)
            if progress is not None:
                progress(len(texts))
    if result.rows == 0:
        dst.unlink(missing_ok=True)
        what = "every row was invalid" if result.skipped else "it has no rows"
        raise DataFileError(f"{src}: nothing was classified ({what})")
    return result


def _scored_batch(
    clf: JobCareerClassifier, batch: pa.RecordBatch, texts: list[str], schema: pa.Schema, *, explain: bool, top: int
) -> pa.RecordBatch:
    import pyarrow as pa

    scored = score_columns(clf, texts, explain=explain, low_evidence=explain, top=top)
    arrays = [*batch.columns, pa.array(scored.label, pa.string()), pa.array(scored.career_score, pa.float64())]
    if explain:
        arrays += [pa.array(scored.low_evidence, pa.bool_()), pa.array(scored.top_phrases, pa.string())]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)
