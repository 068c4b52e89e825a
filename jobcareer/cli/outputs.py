"""The formats ``jobcareer classify`` writes: a table for people, CSV, JSON Lines, JSON.

Every writer takes scored rows a chunk at a time (:meth:`ResultWriter.write`) and is
closed once (:meth:`ResultWriter.close`), so a file of any length streams through. Each
output row is the input row (every column kept) plus ``label``, ``career_score`` and
``low_evidence`` (and ``top_phrases`` with ``--explain``); a column the input already has is
kept, and ours is named ``predicted_<name>`` instead.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
from dataclasses import dataclass
from typing import Any, TextIO

from jobcareer.cli.errors import warn
from jobcareer.cli.inputs import Row
from jobcareer.explain import Explanation
from jobcareer.output_files import neutralise_csv_cell
from jobcareer.render import terminal_safe
from jobcareer.scoring import SCORE_COLUMNS, output_names

__all__ = ["OUTPUT_COLUMNS", "WRITERS", "ResultWriter", "Scored", "progress_bar"]

#: Columns ``classify`` adds to every row (``top_phrases`` only with ``--explain``).
OUTPUT_COLUMNS = SCORE_COLUMNS


@dataclass(frozen=True)
class Scored:
    """A row with its verdict; ``explanation`` only with ``--explain``."""

    row: Row
    label: str
    score: float
    low_evidence: bool
    explanation: Explanation | None


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


class ResultWriter:
    """Base of the output formats: ``write`` each chunk, then ``close`` once.

    Parameters
    ----------
    out : text stream
        Where to write.
    explain : bool
        Whether the rows carry explanations (``--explain``).
    top : int
        Phrases per answer with ``--explain``.
    """

    def __init__(self, out: TextIO, *, explain: bool, top: int) -> None:
        self.out = out
        self.explain = explain
        self.top = top

    def write(self, items: list[Scored]) -> None:
        """Write one chunk of scored rows."""
        raise NotImplementedError

    def close(self) -> None:
        """Finish the output (closing brackets and so on)."""


class JsonlWriter(ResultWriter):
    """One JSON object per line."""

    def write(self, items: list[Scored]) -> None:
        for item in items:
            self.out.write(json.dumps(_record(item, self.top), ensure_ascii=False) + "\n")


class JsonWriter(ResultWriter):
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


class CsvWriter(ResultWriter):
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
            warn(
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


class TableWriter(ResultWriter):
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


#: ``--format`` name -> writer class.
WRITERS: dict[str, type[ResultWriter]] = {
    "table": TableWriter,
    "csv": CsvWriter,
    "jsonl": JsonlWriter,
    "json": JsonWriter,
}


def progress_bar() -> Any:
    """A tqdm bar on stderr when stderr is a terminal, else None."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(unit=" answers", file=sys.stderr, dynamic_ncols=True)
