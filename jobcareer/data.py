"""Reading labeled answer files (JSONL or CSV) with errors that name the file and row.

One reader per format serves the library and the ``jobcareer`` command: :func:`jsonl_rows`
and :func:`csv_rows` yield a :class:`RowError` for a row they cannot read and go on with
the next. :func:`iter_rows` (and so :func:`read_labeled`) raises :class:`DataFileError` on
the first one; ``jobcareer classify --skip-invalid`` skips and lists them.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

from jobcareer.decision import CLASSES

__all__ = [
    "DataFileError",
    "LabeledData",
    "Record",
    "RowError",
    "corpus_path",
    "csv_rows",
    "iter_rows",
    "json_type_name",
    "jsonl_rows",
    "read_labeled",
    "text_lines",
]

#: A row that was read: its 1-based number and its fields.
Record: TypeAlias = tuple[int, dict[str, Any]]


class DataFileError(ValueError):
    """A data file is missing, malformed, or lacks a required field."""


@dataclass(frozen=True)
class RowError:
    """A row that cannot be read, and why.

    Attributes
    ----------
    number : int
        The row's number, counted as :func:`iter_rows` counts it.
    reason : str
        A short label, e.g. ``"malformed JSON"``; the ``--skip-invalid`` report lists it.
    detail : str
        More about it, e.g. ``"Expecting value at column 1"``.
    message : str
        The sentence :class:`DataFileError` gives after the file name, e.g.
        ``"line 2 is not valid JSON (Expecting value)"``.
    """

    number: int
    reason: str
    detail: str
    message: str


def corpus_path() -> Path:
    """The labeled corpus the bundled model was built from (``answers.jsonl``).

    It ships inside the wheel (``jobcareer/bundled_data``); in a source checkout it is
    ``data/answers.jsonl`` at the repository root. ``jobcareer train --corpus`` and
    ``jobcareer evaluate --corpus`` read it, so they work from any directory.

    Raises
    ------
    DataFileError
        If neither is there.
    """
    from importlib import resources

    packaged = Path(str(resources.files("jobcareer").joinpath("bundled_data", "answers.jsonl")))
    if packaged.is_file():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "data" / "answers.jsonl"
    if checkout.is_file():
        return checkout
    raise DataFileError("the corpus (answers.jsonl) is not part of this installation; reinstall jobcareer")


def json_type_name(value: Any) -> str:
    """How a JSON value's type is named in messages: ``"null"``, ``"a list"``, ``"a number"``..."""
    names = {type(None): "null", bool: "a boolean", int: "a number", float: "a number",
             list: "a list", dict: "an object"}
    return names.get(type(value), type(value).__name__)


def jsonl_rows(lines: Iterable[str]) -> Iterator[Record | RowError]:
    """Read JSON Lines: one object per line, numbered by line; blank lines are not rows.

    Parameters
    ----------
    lines : iterable of str
        An open text file, or any lines.

    Yields
    ------
    Record or RowError
        ``(line_number, object)``, or a :class:`RowError` for a line that is not valid
        JSON (``"malformed JSON"``) or not an object (``"not a JSON object"``); reading
        goes on with the next line.
    """
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            yield RowError(
                number,
                "malformed JSON",
                f"{err.msg.removesuffix(' at')} at column {err.colno}",
                f"line {number} is not valid JSON ({err.msg})",
            )
            continue
        except (RecursionError, ValueError) as err:  # nested too deeply; an integer too long
            why = "nested too deeply" if isinstance(err, RecursionError) else str(err).split(";")[0]
            yield RowError(number, "unreadable JSON", why, f"line {number} cannot be read as JSON ({why})")
            continue
        if not isinstance(value, dict):
            yield RowError(
                number, "not a JSON object", f"got {json_type_name(value)}", f"line {number} is not a JSON object"
            )
            continue
        yield number, value


def csv_rows(handle: Iterable[str]) -> tuple[list[str] | None, Iterator[Record | RowError]]:
    """Read CSV with a header row: the header now, the data rows (numbered from 1) lazily.

    Parameters
    ----------
    handle : iterable of str
        A text file opened with ``newline=""``. Its header line is read at once.

    Returns
    -------
    header : list of str or None
        The column names; None for an empty file (which has no rows).
    rows : iterator of Record or RowError
        ``(row_number, {column: value})``, or a :class:`RowError` for a row the csv
        module rejects (``"malformed CSV"``) or whose field count differs from the header's
        (``"wrong number of fields"``); reading goes on with the next row (after the end
        of a quoted field the csv module gave up in, so no line inside it is read as a row).

    Raises
    ------
    DataFileError
        If the header repeats a column name.
    """
    lines = _QuoteTracker(handle)
    reader = csv.DictReader(lines)
    header = reader.fieldnames
    if header is None:
        return None, iter(())
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        names = ", ".join(repr(name) for name in repeated)
        raise DataFileError(
            f"the header repeats the column name {names}; each column needs its own name "
            "(otherwise one of them would be silently dropped)"
        )
    return list(header), _csv_records(reader, lines, len(header))


class _QuoteTracker:
    """The lines given to the csv reader, with whether the current record is inside quotes.

    When the reader gives up on a record in the middle of a quoted field (a field over
    the size limit), the rest of the field is still to come; :meth:`skip_quoted_rest`
    reads past it, so that reading resumes at the next record and not inside the field.
    """

    def __init__(self, lines: Iterable[str]):
        self._lines = iter(lines)
        self._quotes = 0  # quote characters in the current record's lines so far

    def __iter__(self) -> _QuoteTracker:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self._quotes += line.count('"')
        return line

    def record_done(self) -> None:
        self._quotes = 0

    def skip_quoted_rest(self) -> None:
        """Read lines until the quotes of the current record are balanced."""
        while self._quotes % 2:
            try:
                next(self)
            except StopIteration:
                break
        self._quotes = 0


def _csv_records(reader: csv.DictReader[str], lines: _QuoteTracker, width: int) -> Iterator[Record | RowError]:
    for number in itertools.count(1):
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            lines.skip_quoted_rest()
            yield RowError(number, "malformed CSV", str(err), f"row {number} is not valid CSV ({err})")
            continue
        lines.record_done()
        if None in record or any(value is None for value in record.values()):
            detail = f"the header has {width}"
            message = f"row {number} has the wrong number of fields ({detail})"
            yield RowError(number, "wrong number of fields", detail, message)
            continue
        yield number, record


def text_lines(binary: Iterable[bytes], *, encoding: str = "utf-8") -> Iterator[str]:
    """Decode a binary stream line by line; lines end at ``\\n`` (kept) only.

    A UTF-8 byte-order mark at the start is dropped. Decoding line by line lets an error
    name the line and its byte offset in the file (a text file's decoder reports an offset
    inside whatever chunk it was decoding).

    Parameters
    ----------
    binary : iterable of bytes
        A file opened in binary mode, or any byte lines.
    encoding : str, default "utf-8"
        The text encoding.

    Raises
    ------
    DataFileError
        ``line 3 is not UTF-8 text (invalid start byte at byte 4,102 of the file)``.
    """
    offset = 0
    for number, raw in enumerate(binary, 1):
        start = 3 if number == 1 and encoding.lower().replace("_", "-") in ("utf-8", "utf8") and raw.startswith(
            b"\xef\xbb\xbf") else 0
        try:
            yield raw[start:].decode(encoding)
        except UnicodeDecodeError as err:
            name = "UTF-8" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
            raise DataFileError(
                f"line {number} is not {name} text ({err.reason} at byte {offset + start + err.start:,} of the file)"
            ) from None
        offset += len(raw)


def iter_rows(path: str | Path, *, encoding: str = "utf-8") -> Iterator[Record]:
    """Yield ``(row_number, row)`` from a ``.jsonl`` or ``.csv`` file, streaming.

    Row numbers are 1-based lines for JSONL and 1-based data rows (after the header) for
    CSV. Blank JSONL lines are skipped. The rows are read by :func:`jsonl_rows` and
    :func:`csv_rows`; the first row they cannot read is raised.

    Parameters
    ----------
    path : str or Path
        A ``.jsonl``, ``.ndjson`` or ``.json`` file (JSON Lines) or a ``.csv`` file.
    encoding : str, default "utf-8"
        The file's text encoding.

    Yields
    ------
    Record
        ``(row_number, row)``.

    Raises
    ------
    DataFileError
        If the file is missing, its extension is not ``.jsonl``/``.json``/``.csv``, a CSV
        header repeats a column name, a
        JSONL line is not a JSON object, or a CSV row is malformed or has a different
        number of fields than the header (the line or row number is named).
    """
    p = Path(path)
    if not p.is_file():
        raise DataFileError(f"{p}: no such file")
    suffix = p.suffix.lower()
    if suffix not in (".jsonl", ".json", ".ndjson", ".csv"):
        raise DataFileError(f"{p}: unsupported file type {suffix!r}; use .jsonl or .csv")
    # lines end at "\n" only: in JSON Lines a lone "\r" is whitespace inside a line
    with p.open("rb") as binary:
        try:
            lines = text_lines(binary, encoding=encoding)
            rows = csv_rows(lines)[1] if suffix == ".csv" else jsonl_rows(lines)
            for row in rows:
                if isinstance(row, RowError):
                    raise DataFileError(row.message)
                yield row
        except DataFileError as err:
            raise DataFileError(f"{p}: {err}") from None


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


def text_digest(text: str) -> str:
    """A short fingerprint of an answer's words (case and spacing ignored), for overlap checks.

    Stored for every training answer in a model's ``meta.json`` (8 bytes each, as hex), so
    that ``jobcareer evaluate`` can say when it scores answers the model was trained on,
    in whatever file they come.
    """
    words = " ".join(text.casefold().split())
    return hashlib.blake2b(words.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


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
        if label not in CLASSES:
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
