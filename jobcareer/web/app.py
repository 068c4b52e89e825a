"""The web app: the practice page, its static assets and the JSON API.

One model is loaded when the app is made and shared by every request; model calls are
serialised by a lock (scoring is CPU-bound Python, so the lock costs no throughput and
keeps spaCy's vocabulary, which scoring writes to, out of concurrent hands). Request
bodies and answers are bounded (:class:`Limits`) and refused with a 4xx that says which
limit was hit.

Transcripts: ``POST /api/transcript`` takes an interview transcript as the request body
and gives the per-answer report of :mod:`jobcareer.transcripts` (its JSON rendering, or
the self-contained HTML report).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Awaitable, Callable
from dataclasses import asdict, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field

from jobcareer._version import __version__
from jobcareer.io import load
from jobcareer.model import JobCareerClassifier
from jobcareer.scoring import score_columns
from jobcareer.web.uploads import (
    Limits,
    check_answer,
    check_transcript_answers,
    read_upload,
    safe_name,
    transcript_format,
    transcript_turns,
    write_scored,
)
from jobcareer.web.verdict import verdict_change

__all__ = ["Limits", "create_app"]

STATIC = Path(__file__).parent / "static"
FILE_PATH = "/api/score-file"
TRANSCRIPT_PATH = "/api/transcript"
#: Routes whose body is an uploaded file (bounded by ``Limits.max_file_bytes``).
UPLOAD_PATHS = frozenset({FILE_PATH, TRANSCRIPT_PATH})


class ExplainRequest(BaseModel):
    """One answer to explain."""

    text: str = Field(description="The answer.", examples=["The hours fit my kids' school run."])


class ClassifyRequest(BaseModel):
    """Answers to classify."""

    texts: list[str] = Field(
        description="The answers.",
        examples=[["The hours fit my kids' school run.", "I want to master this craft and lead a team."]],
    )


class Classified(BaseModel):
    """One answer's verdict."""

    label: Literal["career", "job"]
    career_score: float = Field(description="Calibrated P(career).")
    low_evidence: bool = Field(description="Too few known signals for a confident verdict.")


class ClassifyResponse(BaseModel):
    """Verdicts in input order."""

    results: list[Classified]


class _BodyLimit:
    """ASGI middleware: refuse request bodies over a limit with 413, before parsing."""

    def __init__(self, app: Any, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: dict, receive: Callable[[], Awaitable[dict]], send: Callable) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        limit = self.limits.max_file_bytes if scope["path"] in UPLOAD_PATHS else self.limits.max_body_bytes
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(send, int(declared), limit)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > limit:
                await self._refuse(send, size, limit)
                return
        body, replayed = b"".join(chunks), False

        async def replay() -> dict:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    @staticmethod
    async def _refuse(send: Callable, size: int, limit: int) -> None:
        detail = (
            f"the request body is over the limit of {limit:,} bytes (got {size:,} or more): "
            "send fewer or shorter answers"
        )
        payload = json.dumps({"detail": detail}).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": payload})


def explanation_payload(clf: JobCareerClassifier, text: str) -> dict[str, Any]:
    """``/api/explain``'s response: the explanation's dict plus what the page shows.

    Adds ``highlighted`` (indices into ``phrases`` of those the renderings highlight),
    ``named`` (indices of the phrases that may be named as reasons: not function words
    only, see :attr:`jobcareer.Phrase.is_function_words`) and ``verdict_change``
    (:func:`jobcareer.web.verdict.verdict_change`).
    """
    exp = clf.explain(text)
    shown = set(exp.highlighted)
    payload = exp.to_dict()
    payload["highlighted"] = [i for i, p in enumerate(exp.phrases) if p in shown]
    payload["named"] = [i for i, p in enumerate(exp.phrases) if not p.is_function_words]
    payload["verdict_change"] = asdict(verdict_change(exp))
    return payload


def create_app(model: str | Path | JobCareerClassifier | None = None, limits: Limits | None = None) -> Any:
    """The FastAPI app of ``jobcareer serve``.

    Parameters
    ----------
    model : str, Path, JobCareerClassifier or None
        A model directory, a fitted classifier, or None for the bundled model. Loaded
        once, shared by every request.
    limits : Limits, optional
        Request bounds (default :class:`Limits`).

    Returns
    -------
    fastapi.FastAPI
        Routes: ``GET /`` (the page), ``/static/*``, ``POST /api/explain``,
        ``POST /api/classify``, ``POST /api/score-file``, ``POST /api/transcript``,
        ``GET /api/info``, ``GET /docs``
        (Swagger UI served locally) and ``GET /openapi.json``.
    """
    limits = limits or Limits()
    clf = model if isinstance(model, JobCareerClassifier) else load(model)
    clf.explain("warm up")  # build the tokenizer and analyser now, not in the first request
    lock = threading.Lock()

    app = FastAPIOffline(
        title="jobcareer",
        version=__version__,
        description="Is an interview answer job-oriented or career-oriented, and why? "
        "Describes answers, never people; for practice, coaching and research, not hiring decisions.",
        redoc_url=None,
        static_url="/static-docs",
    )
    app.add_middleware(_BodyLimit, limits=limits)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(HTTPException)
    async def _error(request: Request, err: HTTPException) -> JSONResponse:
        return JSONResponse({"detail": err.detail}, status_code=err.status_code)

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.post("/api/explain", summary="Explain one answer")
    def explain(request: ExplainRequest) -> dict[str, Any]:
        """The answer's explanation (``Explanation.to_dict`` schema) plus ``highlighted``
        (indices of the phrases to highlight) and ``verdict_change`` (the phrases whose
        removal would flip the label)."""
        check_answer(request.text, limits)
        with lock, clf.memory_zone():  # the answer's new words leave the vocabulary afterwards
            return explanation_payload(clf, request.text)

    @app.post("/api/classify", summary="Classify answers")
    def classify(request: ClassifyRequest) -> ClassifyResponse:
        """Label, calibrated P(career) and the low-evidence flag of each answer, in order."""
        if not request.texts:
            raise HTTPException(422, "no answers: send {\"texts\": [answer, ...]}")
        if len(request.texts) > limits.max_answers:
            raise HTTPException(422, f"{len(request.texts):,} answers; the limit is {limits.max_answers:,} a request")
        for i, text in enumerate(request.texts):
            check_answer(text, limits, f" at index {i}")
        with lock:
            scored = score_columns(clf, request.texts)
        assert scored.low_evidence is not None
        return ClassifyResponse(
            results=[
                Classified(label=label, career_score=float(score), low_evidence=bool(low))  # type: ignore[arg-type]
                for label, score, low in zip(scored.label, scored.career_score, scored.low_evidence)
            ]
        )

    @app.post(
        FILE_PATH,
        summary="Score an uploaded CSV or JSONL file",
        response_class=Response,
        openapi_extra={"requestBody": {"required": True, "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/x-ndjson": {"schema": {"type": "string"}},
        }}},
    )
    async def score_file(
        request: Request,
        format: Annotated[Literal["csv", "jsonl"], Query(description="The file's format.")] = "csv",
        column: Annotated[str, Query(description="The answer's column or field.")] = "text",
    ) -> Response:
        """The file itself is the request body; the response is the same file with
        ``label``, ``career_score`` and ``low_evidence`` added to every row."""
        body = await request.body()
        return await run_in_threadpool(_score_upload, body, format, column)

    def _score_upload(body: bytes, fmt: str, column: str) -> Response:
        header, records = read_upload(body, fmt, column, limits)
        with lock:
            scored = score_columns(clf, [r[column] for r in records])
        assert scored.low_evidence is not None
        for record, label, score, low in zip(records, scored.label, scored.career_score, scored.low_evidence):
            record.update(label=label, career_score=round(float(score), 6), low_evidence=bool(low))
        media = "text/csv" if fmt == "csv" else "application/x-ndjson"
        return Response(
            write_scored(header, records, fmt),
            media_type=f"{media}; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="scored.{fmt}"'},
        )

    @app.post(
        TRANSCRIPT_PATH,
        summary="The per-answer report of an interview transcript",
        response_class=Response,
        openapi_extra={"requestBody": {"required": True, "content": {
            "text/vtt": {"schema": {"type": "string"}},
            "application/x-subrip": {"schema": {"type": "string"}},
            "text/plain": {"schema": {"type": "string"}},
            "application/json": {"schema": {"type": "object"}},
        }}},
        responses={200: {"content": {"application/json": {}, "text/html": {}}}},
    )
    async def transcript(
        request: Request,
        filename: Annotated[str | None, Query(
            max_length=255, description="The file's name; its extension (.vtt, .srt, .txt, .json) gives the format.",
        )] = None,
        format: Annotated[Literal["vtt", "srt", "text", "json"] | None, Query(
            description="The transcript's format, if the file name does not tell it.",
        )] = None,
        candidate: Annotated[str | None, Query(
            max_length=200, description="The candidate's name as the transcript gives it (default: inferred).",
        )] = None,
        report: Annotated[Literal["json", "html"], Query(
            description="json: the report as JSON; html: one self-contained HTML page.",
        )] = "json",
    ) -> Response:
        """The transcript file itself is the request body (WebVTT, SubRip, plain
        ``Name: text`` lines or Whisper-style JSON segments). The response is the
        per-answer report: each answer with its question, time span and explanation,
        and the profile of the answers (``jobcareer transcript --format json``'s
        schema), or with ``report=html`` the self-contained HTML report."""
        body = await request.body()
        return await run_in_threadpool(_transcript_report, body, filename, format, candidate or None, report)

    def _transcript_report(body: bytes, filename: str | None, fmt: str | None, candidate: str | None,
                           report: str) -> Response:
        from jobcareer.transcripts import TranscriptError, pair_answers
        from jobcareer.transcripts.render import to_html_report, to_json
        from jobcareer.transcripts.report import explain_transcript

        name = Path(filename).name if filename else "transcript"
        turns = transcript_turns(body, name, transcript_format(filename, fmt))
        try:
            answers = pair_answers(turns, candidate)
        except TranscriptError as err:
            raise HTTPException(422, f"{name}: {err}") from None
        check_transcript_answers(answers, name, limits)
        with lock, clf.memory_zone():
            result = explain_transcript(clf, answers)
            result = replace(result, source=name)
            rendered = to_html_report(result) if report == "html" else to_json(result)
        if report == "html":
            stem = Path(name).stem or "transcript"
            return Response(
                rendered,
                media_type="text/html; charset=utf-8",
                headers={"Content-Disposition": f'inline; filename="{safe_name(stem)}.report.html"'},
            )
        return Response(rendered, media_type="application/json")

    @app.get("/api/info", summary="The model and the limits")
    def info() -> dict[str, Any]:
        """Package version, the model's metadata (training data, test metrics) and the
        request limits."""
        meta = getattr(clf, "meta_", {})
        return {"version": __version__, "model": meta, "limits": asdict(limits)}

    return app
