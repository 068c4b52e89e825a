"""Where the ``jobcareer`` command's answers and models come from.

Answers arrive as :class:`Row` (an answer with every column of its input row) or, when a
row cannot be classified, as :class:`jobcareer.data.RowError` (the one row-error type of
the library: the readers of :mod:`jobcareer.data` yield it for rows they cannot read, and
this module for rows without a usable answer). :class:`RowFilter` passes the good rows on
and stops at, or skips and remembers, the bad ones.

Row numbers count from 1: the line of a ``.txt``/``.jsonl`` file or of stdin, the data row
of a ``.csv`` file (the header is not counted), the position of an answer given as an
argument, the item of a ``.json`` array.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from jobcareer.cli.errors import EXIT_USAGE, CLIError
from jobcareer.data import (
    DataFileError,
    Record,
    RowError,
    corpus_path,
    csv_rows,
    json_type_name,
    jsonl_rows,
    text_lines,
)
from jobcareer.io import bundled_model_path, load
from jobcareer.model import JobCareerClassifier
from jobcareer.validation import MAX_CHARS

__all__ = [
    "MAX_LISTED_SKIPS",
    "Row",
    "RowFilter",
    "Source",
    "answer_row",
    "argument_rows",
    "data_file",
    "existing_file",
    "file_rows",
    "line_rows",
    "load_model",
    "model_directory",
    "stdin_lines",
]

#: The ``--skip-invalid`` report names at most this many rows.
MAX_LISTED_SKIPS = 50


@dataclass(frozen=True)
class Row:
    """One answer to classify, with every column of its input row."""

    number: int
    fields: dict[str, Any]
    text: str


@dataclass(frozen=True)
class Source:
    """Where answers come from, for messages: a name and what its row numbers count."""

    name: str
    unit: str


def _bad_row(number: int, unit: str, reason: str, detail: str = "") -> RowError:
    """A :class:`RowError` whose message reads ``line 3: empty answer`` (``unit`` 3...)."""
    message = f"{unit} {number}: {reason}" + (f" ({detail})" if detail else "")
    return RowError(number, reason, detail, message)


def answer_row(number: int, fields: dict[str, Any], column: str, unit: str) -> Row | RowError:
    """``fields`` as a :class:`Row` if ``fields[column]`` is an answer that can be scored.

    Parameters
    ----------
    number : int
        The row's number, counted from 1 in ``unit``.
    fields : dict
        Every column of the row.
    column : str
        The column holding the answer.
    unit : str
        What the row numbers count (``"line"``, ``"row"``, ``"item"``, ``"answer"``).

    Returns
    -------
    Row or RowError
        A :class:`RowError` when the column is missing, is not text, is blank, or is longer
        than :data:`jobcareer.validation.MAX_CHARS`.
    """
    if column not in fields:
        present = ", ".join(map(str, fields)) or "none"
        return _bad_row(number, unit, f"no {column!r} field", f"fields: {present}")
    text = fields[column]
    if not isinstance(text, str):
        return _bad_row(number, unit, "answer is not text", f"{column!r} is {json_type_name(text)}")
    if not text.strip():
        return _bad_row(number, unit, "empty answer")
    if len(text) > MAX_CHARS:
        return _bad_row(number, unit, "answer too long", f"{len(text):,} characters; the limit is {MAX_CHARS:,}")
    return Row(number, fields, text)


def line_rows(handle: Iterable[str]) -> Iterator[Row | RowError]:
    """One answer per line (``.txt`` files and stdin); a blank line is an empty answer."""
    for number, line in enumerate(handle, 1):
        yield answer_row(number, {"text": line.rstrip("\r\n")}, "text", "line")


def argument_rows(answers: Sequence[str]) -> Iterator[Row | RowError]:
    """Answers given on the command line, numbered by position."""
    for number, text in enumerate(answers, 1):
        yield answer_row(number, {"text": text}, "text", "answer")


def _record_rows(records: Iterable[Record | RowError], column: str, unit: str) -> Iterator[Row | RowError]:
    """Rows read by :mod:`jobcareer.data` (``.jsonl``, ``.csv``), each checked for an answer
    in ``column``; a row the reader could not read is passed on as it is."""
    for record in records:
        if isinstance(record, RowError):
            yield record
        else:
            yield answer_row(*record, column, unit)


def _json_array_rows(handle: TextIO, column: str, source: Source) -> Iterator[Row | RowError]:
    """A ``.json`` file holding an array of objects (read whole: it cannot be streamed)."""
    try:
        items = json.load(handle)
    except json.JSONDecodeError as err:
        raise CLIError(f"{source.name}: not valid JSON ({err.msg} at line {err.lineno})") from None
    except RecursionError:
        raise CLIError(f"{source.name}: cannot be read as JSON (nested too deeply)") from None
    except ValueError as err:  # an integer over Python's digit limit
        raise CLIError(f"{source.name}: cannot be read as JSON ({str(err).split(';')[0]})") from None
    if not isinstance(items, list):
        raise CLIError(f"{source.name}: expected a JSON array of objects, or JSON Lines")
    for number, value in enumerate(items, 1):
        if isinstance(value, dict):
            yield answer_row(number, value, column, source.unit)
        else:
            yield _bad_row(number, source.unit, "not a JSON object", f"got {json_type_name(value)}")


def _starts_with_bracket(path: Path) -> bool:
    """Whether the first non-blank character of ``path`` is ``[`` (a JSON array)."""
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        while char := handle.read(1):
            if not char.isspace():
                return char == "["
    return False


def _csv_rows(handle: TextIO, column: str, source: Source) -> Iterator[Row | RowError]:
    """CSV with a header row; the answer column must be in the header."""
    # an answer longer than MAX_CHARS is reported as too long, not as malformed CSV
    csv.field_size_limit(max(csv.field_size_limit(), 10 * MAX_CHARS))
    try:
        header, records = csv_rows(handle)
    except DataFileError as err:
        raise CLIError(f"{source.name}: {err}") from None
    if header is None:
        return  # an empty file: no rows
    if column not in header:
        present = ", ".join(header)
        hint = "" if column != "text" else "; choose one with --column"
        raise CLIError(f"{source.name}: no column {column!r} (columns: {present}){hint}", EXIT_USAGE)
    yield from _record_rows(records, column, source.unit)


def file_rows(path: Path, column: str | None) -> tuple[Source, Iterator[Row | RowError]]:
    """The rows of a ``.txt``, ``.jsonl``/``.ndjson``, ``.json`` or ``.csv`` file, lazily.

    Parameters
    ----------
    path : Path
        An existing file (see :func:`existing_file`).
    column : str or None
        The answer's column (CSV) or field (JSON); ``None`` for ``text``. Not allowed for
        ``.txt`` files.

    Returns
    -------
    (Source, iterator of Row or RowError)
        The file as messages name it, and its rows, read as they are consumed. A ``.json``
        file is an array of objects (read whole) or JSON Lines (streamed).

    Raises
    ------
    CLIError
        For an unsupported extension or a column given for a ``.txt`` file.
    """
    suffix = path.suffix.lower()
    if suffix not in (".txt", ".jsonl", ".ndjson", ".json", ".csv"):
        raise CLIError(
            f"--input {path}: unsupported file type {suffix or '(none)'!r}; "
            "use .txt (one answer per line), .jsonl or .csv",
            EXIT_USAGE,
        )
    if suffix == ".txt" and column is not None:
        raise CLIError("--column/--field applies to .jsonl and .csv input only", EXIT_USAGE)
    name = column or "text"
    reader: Callable[[TextIO, Source], Iterator[Row | RowError]]
    if suffix == ".txt":
        source, reader = Source(str(path), "line"), lambda h, s: line_rows(h)
    elif suffix == ".csv":
        source, reader = Source(str(path), "row"), lambda h, s: _csv_rows(h, name, s)
    elif suffix == ".json" and _starts_with_bracket(path):
        source, reader = Source(str(path), "item"), lambda h, s: _json_array_rows(h, name, s)
    else:
        source, reader = Source(str(path), "line"), lambda h, s: _record_rows(jsonl_rows(h), name, s.unit)

    def rows() -> Iterator[Row | RowError]:
        if suffix == ".json" and source.unit == "item":  # read whole by json.load
            with path.open(encoding="utf-8-sig") as handle:
                yield from reader(handle, source)
            return
        # lines end at "\n" only (or "\r\n"): a lone "\r" inside an answer does not split it;
        # a line that is not UTF-8 is named with its number and byte offset in the file
        with path.open("rb") as binary:
            try:
                yield from reader(text_lines(binary), source)  # type: ignore[arg-type]
            except DataFileError as err:
                raise CLIError(f"{path}: {err}") from None

    return source, rows()


def stdin_lines() -> Iterator[str]:
    """Standard input's lines decoded as UTF-8 (a byte-order mark is dropped; a lone "\\r"
    is not a line end; a line that is not UTF-8 is named with its number and byte offset)."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # stdin replaced by a text stream (tests, notebooks)
        yield from sys.stdin
        return
    try:
        yield from text_lines(buffer)
    except DataFileError as err:
        raise CLIError(f"<stdin>: {err}") from None


@dataclass
class RowFilter:
    """Pass good rows on; stop at the first bad one, or skip and remember it.

    Parameters
    ----------
    source : Source
        Named in messages.
    skip_invalid : bool
        Skip bad rows (listed by :meth:`report`) instead of stopping.
    """

    source: Source
    skip_invalid: bool
    skipped: list[RowError] = field(default_factory=list)

    def __call__(self, rows: Iterable[Row | RowError]) -> Iterator[Row]:
        for row in rows:
            if isinstance(row, Row):
                yield row
            elif self.skip_invalid:
                self.skipped.append(row)
            else:
                detail = f" ({row.detail})" if row.detail else ""
                raise CLIError(
                    f"{self.source.name}: {self.source.unit} {row.number}: {row.reason}{detail}; "
                    "fix it or pass --skip-invalid to skip bad rows"
                )

    def report(self) -> str | None:
        """``skipped 2 rows: line 5 (empty answer), line 9 (malformed JSON)``, or None."""
        if not self.skipped:
            return None
        count = len(self.skipped)
        listed = ", ".join(
            f"{self.source.unit} {row.number} ({row.reason})" for row in self.skipped[:MAX_LISTED_SKIPS]
        )
        more = f", and {count - MAX_LISTED_SKIPS} more" if count > MAX_LISTED_SKIPS else ""
        return f"skipped {count} row{'s' if count != 1 else ''}: {listed}{more}"


def existing_file(path: str, option: str) -> Path:
    """``path`` as a Path, or a usage error naming ``option`` if it is not a file."""
    p = Path(path)
    if p.is_dir():
        raise CLIError(f"{option} {path}: is a directory, expected a file", EXIT_USAGE)
    if not p.is_file():
        raise CLIError(f"{option} {path}: no such file", EXIT_USAGE)
    return p


def data_file(args: argparse.Namespace) -> Path:
    """``--data FILE`` (which must exist) or the bundled corpus (``--corpus``)."""
    if args.corpus:
        return corpus_path()
    return existing_file(args.data, "--data")


def load_model(path: str | None) -> tuple[JobCareerClassifier, Path]:
    """Load ``--model`` (or the bundled model); a path that does not exist is a usage error.

    Returns
    -------
    (JobCareerClassifier, Path)
        The model and the directory it was read from.

    Raises
    ------
    CLIError
        If ``path`` does not exist.
    ModelFileError
        If the directory is not a valid model (reported with exit status 1).
    """
    directory = model_directory(path)
    return load(directory), directory


def model_directory(path: str | None) -> Path:
    """``--model``'s directory (the bundled model's for ``None``), without loading it.

    Raises
    ------
    CLIError
        A usage error if ``path`` does not exist.
    """
    if path is not None and not Path(path).exists():
        raise CLIError(f"--model {path}: no such directory", EXIT_USAGE)
    return Path(path) if path is not None else bundled_model_path()
