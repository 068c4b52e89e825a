"""The ``jobcareer`` command (also ``python -m jobcareer``).

Subcommands
-----------
``explain``
    Explain one answer: highlighted text in the terminal, or JSON, or an HTML page.
``classify``
    Score answers given as arguments, on stdin (one per line) or in a ``.txt``/``.jsonl``/
    ``.csv`` file, streamed in chunks so memory does not grow with the file.
``train``, ``evaluate``
    The same functions ``scripts/train.py`` and ``scripts/evaluate.py`` call.
``info``
    The model's version, path, training data hash and test metrics.

Every subcommand only calls the library. Problems the user can fix are printed as one
line, ``jobcareer: error: ...``, never as a traceback.

Exit status
-----------
0
    Success (also when ``--skip-invalid`` skipped rows; they are listed on stderr).
1
    The data is bad: a malformed JSON line, an empty answer, a row without the answer
    field, a corrupt or incompatible model directory, nothing to classify.
2
    The command line is wrong: an unknown option or bad value, an input file or
    ``--model`` directory that does not exist, a CSV column or ``--by`` column the data
    does not have, an output directory that does not exist.

Row numbers
-----------
Errors and the ``--skip-invalid`` report name the line of a ``.txt``/``.jsonl`` file or
of stdin, the data row of a ``.csv`` file (the header is not counted), the position of an
answer given as an argument, or the item of a ``.json`` array, all counted from 1.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import shutil
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn, TextIO, TypeVar

from jobcareer._version import __version__
from jobcareer.data import (
    DataFileError,
    LabeledData,
    Record,
    RowError,
    corpus_path,
    csv_rows,
    json_type_name,
    jsonl_rows,
    read_labeled,
    text_digest,
    text_lines,
)
from jobcareer.explain import Explanation
from jobcareer.io import ModelFileError, bundled_model_path, check_model_target, file_sha256, load
from jobcareer.model import JobCareerClassifier
from jobcareer.output_files import OutputPathError, format_from_suffix, neutralise_csv_cell, open_output
from jobcareer.parallel import ScoringPool
from jobcareer.preprocess import MAX_CHARS
from jobcareer.render import terminal_safe
from jobcareer.scoring import SCORE_COLUMNS, output_names
from jobcareer.transcripts.cli import add_transcript_parser as _transcript_parser

__all__ = ["EXIT_DATA", "EXIT_USAGE", "CLIError", "build_parser", "main"]

EXIT_DATA = 1
EXIT_USAGE = 2

#: Columns ``classify`` adds to every row (``top_phrases`` only with ``--explain``). A
#: column the input already has is kept, and ours is named
#: ``predicted_<name>`` instead.
OUTPUT_COLUMNS = SCORE_COLUMNS
#: Metrics shown in the evaluation tables: (key in the metrics dict, column title).
METRIC_COLUMNS = (
    ("accuracy", "accuracy"),
    ("macro_f1", "macro-F1"),
    ("roc_auc", "ROC-AUC"),
    ("brier", "Brier"),
    ("ece", "ECE"),
)
BASELINE_ORDER = ("model", "majority", "keywords")
#: Output formats taken from the ``--output`` extension when ``--format`` is not given.
CLASSIFY_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}
EXPLAIN_SUFFIXES = {".json": "json", ".html": "html", ".htm": "html"}
_MAX_LISTED_SKIPS = 50

T = TypeVar("T")


class CLIError(Exception):
    """A problem the user can fix: printed as one line, then the command exits.

    Parameters
    ----------
    message : str
        The line to print after ``jobcareer: error:``.
    code : int, default EXIT_DATA
        Exit status: :data:`EXIT_DATA` (1) for bad data, :data:`EXIT_USAGE` (2) for a
        wrong command line.
    """

    def __init__(self, message: str, code: int = EXIT_DATA) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors are one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        raise CLIError(f"{message} (see '{self.prog} --help')", EXIT_USAGE)


# -- argument types ---------------------------------------------------------------------
def _probability(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {value!r}") from None
    if not 0.0 < number < 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (exclusive), got {value}")
    return number


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return number


def _fold_count(value: str) -> int:
    number = _positive_int(value)
    if number < 2:
        raise argparse.ArgumentTypeError(f"cross-validation needs at least 2 folds, got {value}")
    return number


def _float_list(value: str) -> list[float]:
    try:
        numbers = [float(v) for v in value.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers separated by commas, got {value!r}") from None
    if not numbers or any(n <= 0 for n in numbers):
        raise argparse.ArgumentTypeError(f"expected positive numbers, got {value!r}")
    return numbers


def _column_list(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError("expected column names separated by commas")
    return names


# -- small helpers ----------------------------------------------------------------------
def _warn(message: str) -> None:
    print(f"jobcareer: warning: {terminal_safe(message)}", file=sys.stderr)


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _existing_file(path: str, option: str) -> Path:
    """``path`` as a Path, or a usage error naming ``option`` if it is not a file."""
    p = Path(path)
    if p.is_dir():
        raise CLIError(f"{option} {path}: is a directory, expected a file", EXIT_USAGE)
    if not p.is_file():
        raise CLIError(f"{option} {path}: no such file", EXIT_USAGE)
    return p


def _load_model(path: str | None) -> tuple[JobCareerClassifier, Path]:
    """Load ``--model`` (or the bundled model); a path that does not exist is a usage error.

    Raises
    ------
    CLIError
        If ``path`` does not exist.
    ModelFileError
        If the directory is not a valid model (reported by :func:`main`, exit status 1).
    """
    if path is not None and not Path(path).exists():
        raise CLIError(f"--model {path}: no such directory", EXIT_USAGE)
    directory = Path(path) if path is not None else bundled_model_path()
    return load(directory), directory


def _stdin_lines() -> Iterator[str]:
    """Standard input's lines decoded as UTF-8 (a byte-order mark is dropped; a lone "\r"
    is not a line end; a line that is not UTF-8 is named with its number and byte offset)."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # stdin replaced by a text stream (tests, notebooks)
        yield from sys.stdin
        return
    try:
        yield from text_lines(buffer)
    except DataFileError as err:
        raise CLIError(f"<stdin>: {err}") from None


def _use_color(output: str | None) -> bool:
    """Colour only when writing to a terminal and ``NO_COLOR`` is not set."""
    return output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ


# -- reading answers ----------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    """One answer to classify, with every column of its input row."""

    number: int
    fields: dict[str, Any]
    text: str


@dataclass(frozen=True)
class BadRow:
    """A row that cannot be classified, and why (``reason`` is short, ``detail`` optional)."""

    number: int
    reason: str
    detail: str = ""


@dataclass(frozen=True)
class Source:
    """Where answers come from, for messages: a name and what its row numbers count."""

    name: str
    unit: str


def _row(number: int, fields: dict[str, Any], column: str) -> Row | BadRow:
    """Check that ``fields[column]`` is an answer that can be scored."""
    if column not in fields:
        present = ", ".join(map(str, fields)) or "none"
        return BadRow(number, f"no {column!r} field", f"fields: {present}")
    text = fields[column]
    if not isinstance(text, str):
        return BadRow(number, "answer is not text", f"{column!r} is {json_type_name(text)}")
    if not text.strip():
        return BadRow(number, "empty answer")
    if len(text) > MAX_CHARS:
        return BadRow(number, "answer too long", f"{len(text):,} characters; the limit is {MAX_CHARS:,}")
    return Row(number, fields, text)


def _lines(handle: Iterable[str]) -> Iterator[Row | BadRow]:
    """One answer per line (``.txt`` files and stdin); a blank line is an empty answer."""
    for number, line in enumerate(handle, 1):
        yield _row(number, {"text": line.rstrip("\r\n")}, "text")


def _records(records: Iterable[Record | RowError], column: str) -> Iterator[Row | BadRow]:
    """Rows read by :mod:`jobcareer.data` (``.jsonl``, ``.csv``), each checked for an answer
    in ``column``; a row the reader could not read keeps its reason and detail."""
    for record in records:
        if isinstance(record, RowError):
            yield BadRow(record.number, record.reason, record.detail)
        else:
            yield _row(*record, column)


def _json_array(handle: TextIO, column: str, source: Source) -> Iterator[Row | BadRow]:
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
            yield _row(number, value, column)
        else:
            yield BadRow(number, "not a JSON object", f"got {json_type_name(value)}")


def _starts_with_bracket(path: Path) -> bool:
    """Whether the first non-blank character of ``path`` is ``[`` (a JSON array)."""
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        while char := handle.read(1):
            if not char.isspace():
                return char == "["
    return False


def _csv_rows(handle: TextIO, column: str, source: Source) -> Iterator[Row | BadRow]:
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
    yield from _records(records, column)


def _file_rows(path: Path, column: str | None) -> tuple[Source, Iterator[Row | BadRow]]:
    """The rows of a ``.txt``, ``.jsonl``/``.ndjson``, ``.json`` or ``.csv`` file, lazily.

    A ``.json`` file is an array of objects (read whole) or JSON Lines (streamed).
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
    reader: Callable[[TextIO, Source], Iterator[Row | BadRow]]
    if suffix == ".txt":
        source, reader = Source(str(path), "line"), lambda h, s: _lines(h)
    elif suffix == ".csv":
        source, reader = Source(str(path), "row"), lambda h, s: _csv_rows(h, name, s)
    elif suffix == ".json" and _starts_with_bracket(path):
        source, reader = Source(str(path), "item"), lambda h, s: _json_array(h, name, s)
    else:
        source, reader = Source(str(path), "line"), lambda h, s: _records(jsonl_rows(h), name)

    def rows() -> Iterator[Row | BadRow]:
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


def _argument_rows(answers: Sequence[str]) -> Iterator[Row | BadRow]:
    for number, text in enumerate(answers, 1):
        yield _row(number, {"text": text}, "text")


def _classify_source(args: argparse.Namespace) -> tuple[Source, Iterator[Row | BadRow]]:
    """Where ``classify`` reads from: arguments, ``-`` (stdin) or ``--input FILE``."""
    if args.input is not None and args.answers:
        raise CLIError("give answers as arguments or --input FILE, not both", EXIT_USAGE)
    if args.input is not None:
        return _file_rows(_existing_file(args.input, "--input"), args.column)
    if not args.answers:
        raise CLIError("nothing to classify: give answers, '-' for stdin, or --input FILE", EXIT_USAGE)
    if args.column is not None:
        raise CLIError("--column/--field applies to --input .jsonl and .csv files only", EXIT_USAGE)
    if "-" in args.answers:
        if len(args.answers) > 1:
            raise CLIError("'-' (read stdin) cannot be mixed with answers given as arguments", EXIT_USAGE)
        return Source("<stdin>", "line"), _lines(_stdin_lines())
    return Source("arguments", "answer"), _argument_rows(args.answers)


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
    skipped: list[BadRow] = field(default_factory=list)

    def __call__(self, rows: Iterable[Row | BadRow]) -> Iterator[Row]:
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
            f"{self.source.unit} {row.number} ({row.reason})" for row in self.skipped[:_MAX_LISTED_SKIPS]
        )
        more = f", and {count - _MAX_LISTED_SKIPS} more" if count > _MAX_LISTED_SKIPS else ""
        return f"skipped {count} row{'s' if count != 1 else ''}: {listed}{more}"


# -- scoring --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scored:
    """A row with its verdict; ``explanation`` only with ``--explain``."""

    row: Row
    label: str
    score: float
    low_evidence: bool
    explanation: Explanation | None


def _score_chunk(
    clf: JobCareerClassifier, rows: list[Row], *, explain: bool, threshold: float, pool: ScoringPool | None
) -> list[Scored]:
    """Score one chunk of rows with the model's batch analysis (in ``pool`` if given).

    The scores equal ``clf.predict_proba(texts)[:, 0]``. The library scores each batch in
    spaCy's ``memory_zone``, so memory stays flat however many distinct words the file has.
    """
    texts = [row.text for row in rows]
    explanations: list[Explanation | None] = [None] * len(texts)
    if explain:
        explained = clf.explain_many(texts)
        explanations = list(explained)
        scores = [e.score for e in explained]
        low = [e.low_evidence for e in explained]
    else:
        if pool is not None:
            logits, flags = pool.logits_and_low_evidence(texts)
        else:
            logits, flags = clf.career_logit_and_low_evidence(texts)
        scores = [float(s) for s in clf.calibrate(logits)]
        low = [bool(f) for f in flags]
    return [
        Scored(row, "career" if score >= threshold else "job", float(score), flag, exp)
        for row, score, flag, exp in zip(rows, scores, low, explanations)
    ]


def _top_phrases(exp: Explanation, n: int) -> list[dict[str, Any]]:
    return [
        {"text": p.text, "start": p.start, "end": p.end, "weight": p.weight, "label": p.label}
        for p in exp.top_phrases(n)
    ]


def _record(item: Scored, top: int) -> dict[str, Any]:
    """The input columns plus ours, for JSON output."""
    names = output_names(item.row.fields)
    record = dict(item.row.fields)
    record[names["label"]] = item.label
    record[names["career_score"]] = item.score
    record[names["low_evidence"]] = item.low_evidence
    if item.explanation is not None:
        record[names["top_phrases"]] = _top_phrases(item.explanation, top)
    return record


def _phrase_summary(exp: Explanation, n: int) -> str:
    """``need the money (-2.85); grow into a lead (+1.20)``."""
    return "; ".join(f"{p.text} ({p.weight:+.2f})" for p in exp.top_phrases(n))


# -- writing results ------------------------------------------------------------------------
class _Writer:
    """Base of the output formats: ``write`` each chunk, then ``close`` once."""

    def __init__(self, out: TextIO, *, explain: bool, top: int) -> None:
        self.out = out
        self.explain = explain
        self.top = top

    def write(self, items: list[Scored]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Finish the output (closing brackets and so on)."""


class _JsonlWriter(_Writer):
    def write(self, items: list[Scored]) -> None:
        for item in items:
            self.out.write(json.dumps(_record(item, self.top), ensure_ascii=False) + "\n")


class _JsonWriter(_Writer):
    """A JSON array written element by element, so it streams like JSON Lines."""

    def __init__(self, out: TextIO, *, explain: bool, top: int) -> None:
        super().__init__(out, explain=explain, top=top)
        self.started = False

    def write(self, items: list[Scored]) -> None:
        for item in items:
            self.out.write(",\n" if self.started else "[\n")
            self.out.write(json.dumps(_record(item, self.top), ensure_ascii=False))
            self.started = True

    def close(self) -> None:
        self.out.write("\n]\n" if self.started else "[]\n")


class _CsvWriter(_Writer):
    """CSV with the first row's columns plus ours; nested values are written as JSON, and a
    cell a spreadsheet would run as a formula starts with ``'`` (see ``neutralise_csv_cell``)."""

    def __init__(self, out: TextIO, *, explain: bool, top: int) -> None:
        super().__init__(out, explain=explain, top=top)
        self.writer: csv.DictWriter[str] | None = None
        self.columns: list[str] = []
        self.warned = False

    def _start(self, first: Row) -> None:
        self.columns = [str(name) for name in first.fields]
        self.names = output_names(self.columns)
        ours = OUTPUT_COLUMNS if self.explain else OUTPUT_COLUMNS[:3]
        fieldnames = self.columns + [self.names[name] for name in ours]
        self.writer = csv.DictWriter(self.out, fieldnames, extrasaction="ignore", lineterminator="\n")
        self.writer.writeheader()

    def _check_columns(self, row: Row) -> None:
        extra = [str(name) for name in row.fields if name not in self.columns]
        if extra and not self.warned:
            self.warned = True
            _warn(
                f"row {row.number} has fields the first row has not ({', '.join(extra)}); the CSV "
                "keeps the first row's columns, use --format jsonl to keep every field"
            )

    def write(self, items: list[Scored]) -> None:
        for item in items:
            if self.writer is None:
                self._start(item.row)
            assert self.writer is not None
            self._check_columns(item.row)
            record = {
                k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v
                for k, v in item.row.fields.items()
            }
            record[self.names["label"]] = item.label
            record[self.names["career_score"]] = item.score
            record[self.names["low_evidence"]] = item.low_evidence
            if item.explanation is not None:
                record[self.names["top_phrases"]] = _phrase_summary(item.explanation, self.top)
            self.writer.writerow({k: neutralise_csv_cell(v) for k, v in record.items()})


class _TableWriter(_Writer):
    """Aligned columns for people: label, P(career), the answer (and phrases with --explain)."""

    def __init__(self, out: TextIO, *, explain: bool, top: int) -> None:
        super().__init__(out, explain=explain, top=top)
        self.started = False
        is_terminal = out is sys.stdout and sys.stdout.isatty()
        self.width = shutil.get_terminal_size().columns - 19 if is_terminal else None

    def _clip(self, text: str) -> str:
        flat = terminal_safe(" ".join(text.split()))
        if self.width is not None and len(flat) > self.width > 1:
            return flat[: self.width - 1] + "…"
        return flat

    def write(self, items: list[Scored]) -> None:
        if not self.started:
            self.out.write(f"{'label':<8}{'P(career)':>9}  answer\n")
            self.started = True
        for item in items:
            self.out.write(f"{item.label:<8}{item.score:>9.2f}  {self._clip(item.row.text)}\n")
            exp = item.explanation
            if exp is None:
                if item.low_evidence:
                    self.out.write(f"{'':19}(low evidence: too few known signals for a verdict)\n")
                continue
            if exp.low_evidence:
                signals = "signal" if exp.evidence == 1 else "signals"
                self.out.write(f"{'':19}(low evidence: only {exp.evidence} known {signals})\n")
            for p in exp.top_phrases(self.top):
                self.out.write(f"{'':19}{p.weight:+.2f}  {self._clip(p.text)}\n")


WRITERS: dict[str, type[_Writer]] = {
    "table": _TableWriter,
    "csv": _CsvWriter,
    "jsonl": _JsonlWriter,
    "json": _JsonWriter,
}


def _progress_bar() -> Any:
    """A tqdm bar on stderr when stderr is a terminal, else None."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(unit=" answers", file=sys.stderr, dynamic_ncols=True)


# -- subcommands ----------------------------------------------------------------------------
def _html_page(fragment: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
        "<title>jobcareer explanation</title></head>\n"
        f"<body>\n{fragment}\n</body>\n</html>\n"
    )


def _cmd_explain(args: argparse.Namespace) -> int:
    text = "".join(_stdin_lines()).rstrip("\r\n") if args.answer == "-" else args.answer
    checked = _row(1, {"text": text}, "text")
    if isinstance(checked, BadRow):
        detail = f" ({checked.detail})" if checked.detail else ""
        raise CLIError(f"cannot explain this answer: {checked.reason}{detail}")
    clf, _ = _load_model(args.model)
    exp = clf.explain(text)
    output_format = args.format or format_from_suffix(args.output, EXPLAIN_SUFFIXES) or "text"
    if output_format == "json":
        rendered = json.dumps(exp.to_dict(), indent=2, ensure_ascii=False) + "\n"
    elif output_format == "html":
        rendered = _html_page(exp.to_html())
    else:
        rendered = exp.to_text(color=_use_color(args.output))
    with open_output(args.output) as out:
        out.write(rendered)
    return 0


def _cmd_classify(args: argparse.Namespace) -> int:
    if args.input is not None and Path(args.input).suffix.lower() == ".parquet":
        return _classify_parquet(args)
    source, rows = _classify_source(args)
    output_format = args.format or format_from_suffix(args.output, CLASSIFY_SUFFIXES) or "table"
    clf, _ = _load_model(args.model)
    row_filter = RowFilter(source, args.skip_invalid)
    clf.batch_size = args.batch_size
    # workers are worth starting for plain scoring only; explanations are built here
    parallel = args.n_process > 1 and not args.explain
    chunk_size = args.batch_size * (8 * args.n_process if parallel else 1)
    total = 0
    bar = _progress_bar() if args.input is not None or source.name == "<stdin>" else None
    try:
        with open_output(args.output, inputs=[args.input]) as out, ExitStack() as stack:
            pool = stack.enter_context(ScoringPool(clf, args.n_process)) if parallel else None
            writer = WRITERS[output_format](out, explain=args.explain, top=args.top)
            for chunk in _chunks(row_filter(rows), chunk_size):
                scored = _score_chunk(clf, chunk, explain=args.explain, threshold=args.threshold, pool=pool)
                writer.write(scored)
                out.flush()
                total += len(scored)
                if bar is not None:
                    bar.update(len(scored))
            if total == 0:
                raise CLIError(_nothing_classified(source, row_filter))
            writer.close()
    except UnicodeDecodeError as err:
        raise CLIError(f"{source.name}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    finally:
        if bar is not None:
            bar.close()
        report = row_filter.report()
        if report:
            print(f"jobcareer: {terminal_safe(report)}", file=sys.stderr)
    return 0


def _classify_parquet(args: argparse.Namespace) -> int:
    """``classify --input X.parquet -o Y.parquet``: row groups streamed (jobcareer.parquet)."""
    if args.answers or args.output is None or Path(args.output).suffix.lower() != ".parquet":
        raise CLIError("Parquet input is written to a Parquet file: --input X.parquet -o Y.parquet", EXIT_USAGE)
    try:
        from jobcareer.parquet import classify_parquet
    except ImportError:
        raise CLIError("reading Parquet needs pyarrow: pip install 'jobcareer[parquet]'", EXIT_USAGE) from None
    clf, _ = _load_model(args.model)
    done = classify_parquet(clf, _existing_file(args.input, "--input"), args.output, column=args.column or "text",
                            explain=args.explain, top=args.top, batch_size=args.batch_size,
                            skip_invalid=args.skip_invalid)
    if done.skipped:
        listed = ", ".join(str(n) for n in done.skipped[:_MAX_LISTED_SKIPS])
        print(f"jobcareer: skipped {len(done.skipped)} rows (0-based): {listed}", file=sys.stderr)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    try:
        from jobcareer.web import serve
    except ImportError as err:
        raise CLIError(f"the web page needs the web extra ({err.name} is missing): "
                       "pip install 'jobcareer[web]'", EXIT_USAGE) from None
    serve(args.host, args.port, _existing_model(args.model))
    return 0


def _existing_model(model: str | None) -> str | None:
    if model is not None and not Path(model).is_dir():
        raise CLIError(f"--model {model}: no such model directory", EXIT_DATA)
    return model


def _serve_parser(commands: Any) -> None:
    p = commands.add_parser(
        "serve", help="serve the practice page and the JSON API (needs the web extra)",
        description="Serve a local practice page and a JSON API (/api/explain, /api/classify, "
        "/api/info; docs at /docs). Binds to 127.0.0.1 unless --host says otherwise.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=_positive_int, default=8000, help="TCP port (default 8000)")
    _add_model_option(p)
    p.set_defaults(handler=_cmd_serve)


def _nothing_classified(source: Source, row_filter: RowFilter) -> str:
    if row_filter.skipped:
        return f"{source.name}: every row was invalid; nothing was classified"
    return f"{source.name}: no answers to classify"


def _cmd_train(args: argparse.Namespace) -> int:
    from jobcareer.training import train

    data = _data_file(args)
    try:
        check_model_target(args.output, overwrite=args.overwrite)
    except ModelFileError as err:
        raise CLIError(f"--output {err}", EXIT_USAGE) from None
    real_data = None if args.real_data is None else _existing_file(args.real_data, "--real-data")
    try:
        with _warnings_as_lines():
            train(
                data,
                args.output,
                seed=args.seed,
                n_jobs=args.n_jobs,
                cv_folds=args.cv_folds,
                grid=None if args.C is None else {"C": args.C},
                **({} if args.hard_case_weight is None else {"hard_case_weight": args.hard_case_weight}),
                real_path=real_data,
                verbose=not args.quiet,
                overwrite=args.overwrite,
            )
    except DataFileError:
        raise
    except ValueError as err:
        raise CLIError(f"training failed: {err}") from None
    print(args.output)
    return 0


@contextmanager
def _warnings_as_lines() -> Iterator[None]:
    """Show the library's warnings as ``jobcareer: warning: ...`` lines, each once."""

    def show(message: Warning | str, *_: Any, **__: Any) -> None:
        _warn(str(message))

    with warnings.catch_warnings():
        warnings.simplefilter("default", UserWarning)
        warnings.showwarning = show
        yield


def _split_rows(data: LabeledData, split: str, path: Path) -> LabeledData:
    """The rows of ``split`` (all rows if there is no ``split`` column or ``split == 'all'``)."""
    if split == "all" or "split" not in data.columns:
        return data
    values = data.columns["split"]
    chosen = data.subset([value == split for value in values])
    if not len(chosen):
        present = ", ".join(sorted({str(v) for v in values}))
        raise CLIError(f"{path}: no rows with split {split!r} (splits: {present}); try --split all")
    return chosen


def _baseline_rows(args: argparse.Namespace, data: LabeledData, evaluated: LabeledData) -> LabeledData:
    """What the baselines learn from: ``--train-data``, else the ``train`` split, else
    the evaluated rows themselves (with a warning)."""
    fields = {"text_field": args.text_field, "label_field": args.label_field}
    if args.train_data is not None:
        return read_labeled(_existing_file(args.train_data, "--train-data"), **fields)
    if "split" in data.columns:
        train_rows = data.subset([value == "train" for value in data.columns["split"]])
        if len(train_rows):
            return train_rows
    _warn("no --train-data and no 'train' split: the baselines learn from the evaluated rows")
    return evaluated


def _warn_if_training_data(
    clf: JobCareerClassifier, path: Path, data: LabeledData, split: str, evaluated: LabeledData
) -> None:
    """Warn when evaluated answers are answers the model was trained on: by the training
    answers' digests in meta.json (any file), or, for models saved without them, when the
    file is the training file (its SHA-256) and the rows include its 'train' rows."""
    training = getattr(clf, "meta_", {}).get("training_data") or {}
    trained_on = training.get("sha256")
    if trained_on is not None and trained_on == file_sha256(path) and (
        "split" not in data.columns or split in ("all", "train")
    ):
        _warn(
            f"{path} is the file this model was trained on and the evaluated rows include its "
            "training rows, so these figures are optimistic; hold rows out with a 'split' "
            "column (train/test) and evaluate the 'test' rows"
        )
        return
    digests = training.get("text_digests")
    if isinstance(digests, list):
        known = set(digests)
        seen = sum(text_digest(t) in known for t in evaluated.texts)
        if seen:
            _warn(
                f"{seen} of the {len(evaluated)} evaluated answers are answers this model was trained "
                "on (same words), so these figures are optimistic; evaluate on answers held out "
                "from training"
            )


def _number(value: Any) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _metrics_table(results: dict[str, dict[str, Any]], title: str) -> list[str]:
    """One line per model (model, majority, keywords) with the headline metrics."""
    lines = [f"{title:<12}" + "".join(f"{name:>10}" for _, name in METRIC_COLUMNS)]
    for model in BASELINE_ORDER:
        if model in results:
            overall = results[model]["overall"]
            lines.append(f"{model:<12}" + "".join(f"{_number(overall.get(k)):>10}" for k, _ in METRIC_COLUMNS))
    return lines


def _breakdown_table(results: dict[str, dict[str, Any]], column: str) -> list[str]:
    """Per value of ``column``: n, macro-F1 of each model, and the model's accuracy."""
    groups = results["model"]["by"].get(column, {})
    width = max([len(column) + 3, *(len(v) + 2 for v in groups)])
    models = [m for m in BASELINE_ORDER if m in results]
    lines = [
        f"{'by ' + column:<{width}}{'n':>6}"
        + "".join(f"{m + ' F1':>13}" for m in models)
        + f"{'model acc':>11}"
    ]
    for value, metrics in groups.items():
        f1s = "".join(f"{_number(results[m]['by'][column][value]['macro_f1']):>13}" for m in models)
        lines.append(f"{'  ' + value:<{width}}{metrics['n']:>6}{f1s}{_number(metrics['accuracy']):>11}")
    return lines


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from jobcareer.evaluation import evaluate_models

    path = _data_file(args)
    clf, model_dir = _load_model(args.model)
    data = read_labeled(path, text_field=args.text_field, label_field=args.label_field)
    evaluated = _split_rows(data, args.split, path)
    _warn_if_training_data(clf, path, data, args.split, evaluated)
    baseline = _baseline_rows(args, data, evaluated)
    by_columns = args.by or []
    missing = [c for c in by_columns if c not in evaluated.columns]
    if missing:
        present = ", ".join(sorted(evaluated.columns)) or "none"
        raise CLIError(f"--by: {path} has no column {missing[0]!r} (columns: {present})", EXIT_USAGE)
    by = {column: evaluated.columns[column] for column in by_columns}
    results = evaluate_models(
        clf, baseline.texts, baseline.labels, evaluated.texts, evaluated.labels, by=by
    )
    which = "all rows" if args.split == "all" or "split" not in data.columns else f"split {args.split!r}"
    lines = [f"model {model_dir} on {path} ({which}, {len(evaluated)} answers)", ""]
    lines += _metrics_table(results, "")
    for column in by_columns:
        lines += ["", *_breakdown_table(results, column)]
    print("\n".join(lines))
    if args.json is not None:
        with open_output(args.json, option="--json", inputs=[path, args.train_data]) as out:
            json.dump(results, out, indent=2)
            out.write("\n")
    return 0


def _info_lines(path: Path, meta: dict[str, Any]) -> list[str]:
    """The readable form of a model directory's ``meta.json``."""
    versions = meta.get("versions", {})
    data = meta.get("training_data") or {}
    lines = [
        f"model          {path}",
        f"made with      jobcareer {versions.get('jobcareer', 'unknown')} "
        f"(installed: {__version__}), spaCy {versions.get('spacy', 'unknown')}, "
        f"scikit-learn {versions.get('scikit-learn', 'unknown')}",
        f"created        {meta.get('created', 'unknown')}",
        f"features       {meta.get('n_features', 'unknown')}",
        f"artifact       {meta.get('artifact', 'unknown')} (sha256 {meta.get('artifact_sha256', '?')})",
    ]
    if data:
        lines.append(
            f"training data  {data.get('file', '?')} (sha256 {data.get('sha256', '?')}), "
            f"{data.get('n_train', '?')} train rows, {data.get('n_test', '?')} test rows"
        )
    else:
        lines.append("training data  not recorded (model saved without jobcareer train)")
    selection = meta.get("selection")
    if selection:
        lines.append(
            f"selection      {selection.get('cv')}: best {selection.get('best_params')}, "
            f"CV macro-F1 {_number(selection.get('best_cv_macro_f1'))}"
        )
    metrics = meta.get("test_metrics") or {}
    if metrics.get("model"):
        lines += ["", *_metrics_table(metrics, "test metrics")]
    else:
        lines.append("test metrics   none recorded")
    return lines


def _cmd_info(args: argparse.Namespace) -> int:
    clf, path = _load_model(args.model)
    meta = getattr(clf, "meta_", {})
    if args.json:
        print(json.dumps({"path": str(path), **meta}, indent=2))
    else:
        print("\n".join(_info_lines(path, meta)))
    return 0


# -- the parser -----------------------------------------------------------------------------
def _add_model_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model", metavar="DIR", help="model directory (default: the model bundled with jobcareer)"
    )


def _add_data_options(parser: argparse.ArgumentParser, verb: str) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--data", metavar="FILE",
                        help=f"labeled .jsonl or .csv to {verb} (text and label columns; optional "
                             "split: rows with split 'test' are held out, see the README)")
    source.add_argument("--corpus", action="store_true",
                        help=f"{verb} the corpus the bundled model was built from (ships with jobcareer)")


def _data_file(args: argparse.Namespace) -> Path:
    """``--data FILE`` (which must exist) or the bundled corpus (``--corpus``)."""
    if args.corpus:
        return corpus_path()
    return _existing_file(args.data, "--data")


def _explain_parser(commands: Any) -> None:
    p = commands.add_parser(
        "explain",
        help="explain one answer: which phrases push it toward job or career",
        description="Explain one answer. Colour is used only when stdout is a terminal "
        "(and NO_COLOR is not set); otherwise phrases are marked like [+career: ...].",
    )
    p.add_argument("answer", help="the answer (quote it), or '-' to read it from stdin")
    p.add_argument("--format", choices=("text", "json", "html"),
                   help="text, json (Explanation.to_dict) or a standalone HTML page (default: from "
                        "the --output extension, .json or .html/.htm, else text)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    _add_model_option(p)
    p.set_defaults(handler=_cmd_explain)


def _classify_parser(commands: Any) -> None:
    p = commands.add_parser(
        "classify",
        help="classify answers from arguments, stdin or a .txt/.jsonl/.csv file",
        description="Classify answers. Each output row is the input row (every column kept) "
        "plus label, career_score (calibrated P(career)) and low_evidence (too few known "
        "signals for the label to mean much); --explain adds top_phrases, which about doubles "
        "the time per answer. Files are streamed in chunks, so memory does not grow with the file.",
    )
    p.add_argument("answers", nargs="*", metavar="ANSWER",
                   help="answers to classify, or '-' to read stdin (one answer per line)")
    p.add_argument("--input", "-i", metavar="FILE",
                   help=".txt (one answer per line), .jsonl (see --field) or .csv (see --column)")
    p.add_argument("--column", "--field", dest="column", metavar="NAME",
                   help="the answer's column (CSV) or field (JSONL); default: text")
    p.add_argument("--format", choices=tuple(WRITERS),
                   help="table (for people), csv, jsonl or json (default: from the --output "
                        "extension, .csv, .jsonl/.ndjson or .json, else table)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--explain", action="store_true",
                   help="add the top phrases with their weights")
    p.add_argument("--top", type=_positive_int, default=3, metavar="N",
                   help="phrases per answer with --explain (default 3)")
    p.add_argument("--threshold", type=_probability, default=0.5, metavar="P",
                   help="label career when P(career) >= P (default 0.5)")
    p.add_argument("--batch-size", type=_positive_int, default=1000, metavar="N",
                   help="answers read, scored and written at a time, per process (default 1000)")
    p.add_argument("--n-process", type=_positive_int, default=1, metavar="N",
                   help="worker processes for scoring (default 1; pays off from a few thousand "
                        "answers; not used with --explain)")
    p.add_argument("--skip-invalid", action="store_true",
                   help="skip bad rows (malformed, empty, missing field) and list them at the end")
    _add_model_option(p)
    p.set_defaults(handler=_cmd_classify)


def _train_parser(commands: Any) -> None:
    p = commands.add_parser(
        "train",
        help="train a model directory from a labeled file",
        description="Train, evaluate on the held-out split and write a model directory "
        "(jobcareer.training.train). Prints the directory on success.",
    )
    _add_data_options(p, "train on")
    p.add_argument("--output", "-o", required=True, metavar="DIR",
                   help="model directory to write: a new or empty directory, or an existing model "
                        "directory with --overwrite")
    p.add_argument("--overwrite", action="store_true",
                   help="replace the model already in --output (the new one is built beside it and "
                        "renamed into place when complete)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--n-jobs", type=int, default=1, metavar="N",
                   help="parallel fits during model selection (default 1)")
    p.add_argument("--cv-folds", type=_fold_count, default=5, metavar="N",
                   help="cross-validation folds of the model selection (default 5)")
    p.add_argument("--C", type=_float_list, metavar="VALUES",
                   help="regularisation values to search, e.g. 1,4,16 (default: the library's grid)")
    p.add_argument("--hard-case-weight", type=float, metavar="W",
                   help="sample weight of rows whose hard_case is not 'none' "
                   "(default: jobcareer.training.HARD_CASE_WEIGHT)")
    p.add_argument("--real-data", metavar="FILE",
                   help="labeled real answers (text, label, optional clarity and source) to calibrate "
                   "on and report; never used to fit the classifier")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress messages")
    p.set_defaults(handler=_cmd_train)


def _evaluate_parser(commands: Any) -> None:
    p = commands.add_parser(
        "evaluate",
        help="score a model and the majority/keyword baselines on labeled answers",
        description="Evaluate a model against two baselines (majority label, keyword counts). "
        "With a 'split' column, the --split rows are evaluated and the baselines learn from "
        "the 'train' rows; --train-data FILE overrides the latter.",
    )
    _add_data_options(p, "evaluate on")
    p.add_argument("--split", default="test",
                   help="rows to evaluate when there is a split column (default test; 'all' for every row)")
    p.add_argument("--train-data", metavar="FILE",
                   help="labeled file the baselines learn from (default: the 'train' split)")
    p.add_argument("--by", type=_column_list, metavar="COLS",
                   help="breakdowns by these columns, e.g. style,hard_case")
    p.add_argument("--json", metavar="FILE", help="write every metric as JSON to FILE")
    p.add_argument("--text-field", default="text", metavar="NAME",
                   help="answer column, in --data and --train-data (default text)")
    p.add_argument("--label-field", default="label", metavar="NAME",
                   help="label column, in --data and --train-data (default label)")
    _add_model_option(p)
    p.set_defaults(handler=_cmd_evaluate)


def _info_parser(commands: Any) -> None:
    p = commands.add_parser(
        "info", help="show a model's version, path, training data and test metrics",
        description="Describe a model directory (its meta.json).",
    )
    p.add_argument("--json", action="store_true", help="print the metadata as JSON")
    _add_model_option(p)
    p.set_defaults(handler=_cmd_info)


def build_parser() -> argparse.ArgumentParser:
    """The ``jobcareer`` argument parser with its subcommands."""
    parser = _Parser(
        prog="jobcareer",
        description="Is an interview answer job-oriented or career-oriented, and why?",
        epilog="Exit status: 0 success, 1 bad data, 2 bad command line.",
    )
    parser.add_argument("--version", action="version", version=f"jobcareer {__version__}")
    commands = parser.add_subparsers(title="commands", dest="command", required=True, metavar="COMMAND")
    for add in (
        _explain_parser, _classify_parser, _train_parser, _evaluate_parser, _info_parser, _transcript_parser,
        _serve_parser,
    ):
        add(commands)
    return parser


def _fail(message: str, code: int) -> int:
    print(f"jobcareer: error: {terminal_safe(message)}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``jobcareer`` command.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name (default ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status: 0 success, 1 bad data, 2 bad command line.

    Examples
    --------
    >>> main(["classify", "--format", "csv", "The hours fit my kids' school run."])  # doctest: +SKIP
    """
    try:
        args = build_parser().parse_args(argv)
        return int(args.handler(args))
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else 0
    except CLIError as err:
        return _fail(str(err), err.code)
    except (ModelFileError, DataFileError) as err:
        return _fail(str(err), EXIT_DATA)
    except OutputPathError as err:
        return _fail(str(err), EXIT_USAGE)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); silence the flush at exit too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_DATA
    except UnicodeDecodeError as err:
        return _fail(f"the input is not UTF-8 text ({err.reason} at byte {err.start})", EXIT_DATA)
    except OSError as err:  # permission denied, disk full...
        where = f"{err.filename}: " if err.filename else ""
        return _fail(f"{where}{err.strerror or err}", EXIT_DATA)
