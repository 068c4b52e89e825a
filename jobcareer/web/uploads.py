"""What a request may carry, and reading uploaded answer files and transcripts within it.

Every function here raises :class:`fastapi.HTTPException` with a 4xx status and a message
that says what was wrong and what to do; :mod:`jobcareer.web.app` turns those into
responses.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import HTTPException

from jobcareer.data import RowError, csv_rows, jsonl_rows

__all__ = [
    "Limits", "check_answer", "check_transcript_answers", "read_upload", "safe_name", "transcript_format",
    "transcript_turns", "write_scored",
]


@dataclass(frozen=True)
class Limits:
    """What one request may carry.

    Attributes
    ----------
    max_answer_chars : int
        Longest answer, in characters (422 beyond).
    max_answers : int
        Most answers in one ``/api/classify`` request, one uploaded file or one
        transcript (422 beyond).
    max_body_bytes : int
        Largest JSON request body (413 beyond).
    max_file_bytes : int
        Largest uploaded file or transcript (413 beyond).
    """

    max_answer_chars: int = 5_000
    max_answers: int = 1_000
    max_body_bytes: int = 1_000_000
    max_file_bytes: int = 5_000_000


def check_answer(text: str, limits: Limits, where: str = "") -> None:
    """422 when an answer is longer than the limit, empty or blank (``where`` says which one)."""
    if len(text) > limits.max_answer_chars:
        raise HTTPException(
            422,
            f"the answer{where} has {len(text):,} characters; the limit is {limits.max_answer_chars:,}: "
            "shorten it or split it into answers",
        )
    if not text.strip():
        raise HTTPException(422, f"the answer{where} is empty or blank; there is nothing to score")


def read_upload(body: bytes, fmt: str, column: str, limits: Limits) -> tuple[list[str], list[dict[str, Any]]]:
    """The header and rows of an uploaded CSV or JSONL file; 422 on anything wrong."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise HTTPException(422, f"the file is not UTF-8 text ({err.reason} at byte {err.start})") from None
    rows: Iterator[Any]
    if fmt == "csv":
        header, rows = csv_rows(io.StringIO(text, newline=""))
        header = header or []
        unit = "row"
    else:
        header, rows, unit = [], jsonl_rows(io.StringIO(text)), "line"
    records: list[dict[str, Any]] = []
    for row in rows:
        if isinstance(row, RowError):
            raise HTTPException(422, f"{unit} {row.number}: {row.reason} ({row.detail})")
        number, fields = row
        value = fields.get(column)
        if not isinstance(value, str):
            raise HTTPException(422, f"{unit} {number} has no text in column {column!r} (columns: {sorted(fields)})")
        check_answer(value, limits, f" in {unit} {number}")
        records.append(fields)
        for name in fields:
            if name not in header:
                header.append(name)
        if len(records) > limits.max_answers:
            raise HTTPException(422, f"the file has more than {limits.max_answers:,} answers: split it")
    if not records:
        raise HTTPException(422, "the file has no answers")
    return header, records


def write_scored(header: list[str], records: list[dict[str, Any]], fmt: str) -> str:
    """Scored rows as the uploaded format (CSV with the score columns added, or JSONL)."""
    out = io.StringIO()
    if fmt == "csv":
        names = header + [n for n in ("label", "career_score", "low_evidence") if n not in header]
        writer = csv.DictWriter(out, names, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(records)
    else:
        out.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    return out.getvalue()


def safe_name(stem: str) -> str:
    """A file name stem safe inside a Content-Disposition header."""
    return re.sub(r"[^\w.\-]+", "_", stem, flags=re.ASCII)[:100] or "transcript"


def transcript_format(filename: str | None, fmt: str | None) -> str:
    """The transcript's format: ``fmt`` if given, else from the file name's extension."""
    from jobcareer.transcripts import FORMATS

    if fmt is not None:
        return fmt
    suffix = Path(filename or "").suffix.lower()
    if suffix not in FORMATS:
        got = f"{filename!r} has extension {suffix!r}" if filename else "no file name was given"
        raise HTTPException(
            422,
            f"cannot tell the transcript's format: {got}; name the file with one of "
            f"{', '.join(FORMATS)} or pass format=vtt|srt|text|json",
        )
    return FORMATS[suffix]


def transcript_turns(body: bytes, name: str, fmt: str) -> list[Any]:
    """The turns of an uploaded transcript; 422 with the reader's one-line error."""
    from jobcareer.transcripts import TranscriptError, parse

    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = body[: err.start].count(b"\n") + 1
        raise HTTPException(422, f"{name}:{line}: not UTF-8 text ({err.reason})") from None
    try:
        return parse(text, fmt, name=name)
    except TranscriptError as err:
        raise HTTPException(422, str(err)) from None


def check_transcript_answers(answers: list[Any], name: str, limits: Limits) -> None:
    """422 when a transcript has no answers, too many, or one over the answer limits."""
    if not answers:
        raise HTTPException(422, f"{name}: no answers found: check the speaker names or pass candidate=")
    if len(answers) > limits.max_answers:
        raise HTTPException(
            422, f"{name}: {len(answers):,} answers; the limit is {limits.max_answers:,}: split the transcript"
        )
    for a in answers:
        check_answer(a.text, limits, f" {a.index + 1} ({name}:{a.line})")
