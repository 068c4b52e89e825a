"""Reading labeled answer files (JSONL or CSV) with errors that name the file and row."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["DataFileError", "LabeledData", "iter_rows", "read_labeled"]


class DataFileError(ValueError):
    """A data file is missing, malformed, or lacks a required field."""


def iter_rows(path: str | Path, *, encoding: str = "utf-8") -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(row_number, row)`` from a ``.jsonl`` or ``.csv`` file, streaming.

    Row numbers are 1-based lines for JSONL and 1-based data rows (after the header) for
    CSV. Blank JSONL lines are skipped.

    Raises
    ------
    DataFileError
        If the file is missing, its extension is not ``.jsonl``/``.json``/``.csv``, or a
        JSONL line is not a JSON object (the line number is named).
    """
    p = Path(path)
    if not p.is_file():
        raise DataFileError(f"{p}: no such file")
    suffix = p.suffix.lower()
    if suffix in (".jsonl", ".json", ".ndjson"):
        with p.open(encoding=encoding) as handle:
            for n, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as err:
                    raise DataFileError(f"{p}: line {n} is not valid JSON ({err.msg})") from None
                if not isinstance(row, dict):
                    raise DataFileError(f"{p}: line {n} is not a JSON object")
                yield n, row
    elif suffix == ".csv":
        with p.open(encoding=encoding, newline="") as handle:
            reader = csv.DictReader(handle)
            for n, row in enumerate(reader, 1):
                yield n, dict(row)
    else:
        raise DataFileError(f"{p}: unsupported file type {suffix!r}; use .jsonl or .csv")


@dataclass
class LabeledData:
    """Answers with labels and any other columns, in file order."""

    texts: list[str]
    labels: list[str]
    columns: dict[str, list[Any]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.texts)

    def subset(self, keep: list[bool]) -> LabeledData:
        """The rows where ``keep`` is true."""
        return LabeledData(
            [t for t, k in zip(self.texts, keep) if k],
            [y for y, k in zip(self.labels, keep) if k],
            {c: [v for v, k in zip(vals, keep) if k] for c, vals in self.columns.items()},
        )


def read_labeled(
    path: str | Path,
    *,
    text_field: str = "text",
    label_field: str = "label",
    split: str | None = None,
) -> LabeledData:
    """Read a labeled JSONL or CSV file.

    Parameters
    ----------
    path : str or Path
        The file.
    text_field, label_field : str
        Names of the answer and label columns.
    split : str, optional
        Keep only rows whose ``split`` column equals this (e.g. ``"train"``).

    Returns
    -------
    LabeledData

    Raises
    ------
    DataFileError
        On a missing file or column, a malformed row, an empty answer, or a label other
        than ``career``/``job`` (the row number is named).
    """
    texts: list[str] = []
    labels: list[str] = []
    columns: dict[str, list[Any]] = {}
    for n, row in iter_rows(path):
        for name in (text_field, label_field) + (("split",) if split else ()):
            if name not in row:
                raise DataFileError(f"{path}: row {n} has no {name!r} field (fields: {sorted(row)})")
        if split and row["split"] != split:
            continue
        text, label = row[text_field], row[label_field]
        if not isinstance(text, str) or not text.strip():
            raise DataFileError(f"{path}: row {n} has an empty or non-text answer")
        if label not in ("career", "job"):
            raise DataFileError(f"{path}: row {n} has label {label!r}; expected 'career' or 'job'")
        for name, value in row.items():
            if name not in (text_field, label_field):
                columns.setdefault(name, [None] * len(texts)).append(value)
        texts.append(text)
        labels.append(label)
        for values in columns.values():
            if len(values) < len(texts):
                values.append(None)
    if not texts:
        raise DataFileError(f"{path}: no labeled rows" + (f" in split {split!r}" if split else ""))
    return LabeledData(texts, labels, columns)
