"""Renderings of a :class:`TranscriptExplanation`: text table, JSON, CSV rows, HTML report.

The HTML report is one self-contained page (inline CSS, no scripts, every piece of
transcript text escaped) with the profile, the per-answer table, and each answer
highlighted by :func:`jobcareer.render.to_html`.
"""

from __future__ import annotations

import csv
import html
import io
import json
from typing import Any

from jobcareer.render import to_dict, to_html
from jobcareer.transcripts.report import AnswerExplanation, TranscriptExplanation

__all__ = ["CSV_COLUMNS", "to_csv", "to_html_report", "to_json", "to_text"]

#: Columns of :func:`to_csv`, one row per answer.
CSV_COLUMNS = ("answer", "question", "start", "end", "line", "label", "career_score", "low_evidence",
               "top_phrases", "text")


def _top(item: AnswerExplanation, n: int = 3) -> list[str]:
    return [f"{p.text} ({p.weight:+.2f})" for p in item.explanation.top_phrases(n)]


def _share(x: float) -> str:
    return f"{100 * x:.0f} %"


def _profile_lines(report: TranscriptExplanation) -> list[str]:
    p = report.profile
    unit = "answering time" if p.basis == "seconds" else "answer words (the transcript has no times)"
    lines = [
        f"{p.n_answers} answers by {report.candidate or 'the candidate'}.",
        f"Share of {unit} that reads career-oriented: {_share(p.career_share)}; "
        f"job-oriented: {_share(p.job_share)}.",
    ]
    if p.most_job_leaning is not None:
        exp = report.answers[p.most_job_leaning].explanation
        lines.append(f"Most job-leaning answer: #{p.most_job_leaning + 1} (P(career) {_share(exp.score)}).")
    if p.without_orientation:
        lines.append("Answers without orientation (too little evidence): "
                     + ", ".join(f"#{i + 1}" for i in p.without_orientation) + ".")
    else:
        lines.append("Every answer has enough evidence for a verdict.")
    return lines


def to_text(report: TranscriptExplanation, width: int = 40) -> str:
    """A table for the terminal: one row per answer, then the profile."""

    def cut(text: str | None, n: int) -> str:
        text = text or "-"
        return text if len(text) <= n else text[: n - 1] + "…"

    header = f"{'#':>3}  {'question':<{width}}  {'time':<13}  {'label':<6}  {'P(car.)':>7}  {'low ev.':<7}  top phrases"
    rows = [header, "-" * len(header)]
    for item in report.answers:
        exp = item.explanation
        rows.append(
            f"{item.answer.index + 1:>3}  {cut(item.answer.question, width):<{width}}  {item.time_span():<13}  "
            f"{exp.label:<6}  {exp.score:>7.2f}  {'yes' if exp.low_evidence else 'no':<7}  "
            + "; ".join(_top(item))
        )
    return "\n".join([*rows, "", *_profile_lines(report)]) + "\n"


def to_json(report: TranscriptExplanation) -> str:
    """JSON: source, candidate, profile and each answer with its explanation dict."""
    p = report.profile
    data: dict[str, Any] = {
        "source": report.source,
        "candidate": report.candidate,
        "profile": {
            "n_answers": p.n_answers, "basis": p.basis, "total": p.total,
            "career_share": p.career_share, "job_share": p.job_share,
            "most_job_leaning": p.most_job_leaning, "most_career_leaning": p.most_career_leaning,
            "without_orientation": list(p.without_orientation),
        },
        "answers": [
            {
                "index": item.answer.index,
                "question": item.answer.question,
                "interviewer": item.answer.interviewer,
                "start": item.answer.start,
                "end": item.answer.end,
                "line": item.answer.line,
                "segments": [
                    {"start": s.start, "end": s.end, "time_start": s.time_start, "time_end": s.time_end,
                     "line": s.line}
                    for s in item.answer.segments
                ],
                "explanation": to_dict(item.explanation),
            }
            for item in report.answers
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_csv(report: TranscriptExplanation) -> str:
    """CSV, one row per answer (:data:`CSV_COLUMNS`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in report.answers:
        a, exp = item.answer, item.explanation
        writer.writerow([
            a.index + 1, a.question or "", "" if a.start is None else f"{a.start:.3f}",
            "" if a.end is None else f"{a.end:.3f}", a.line, exp.label, f"{exp.score:.4f}",
            str(exp.low_evidence).lower(), " | ".join(_top(item)), a.text,
        ])
    return out.getvalue()


def to_html_report(report: TranscriptExplanation) -> str:
    """One self-contained HTML page: profile, table of answers, each answer highlighted."""
    esc = html.escape
    cell = 'style="padding:3px 8px;border-bottom:1px solid #ddd;vertical-align:top"'
    rows = []
    for item in report.answers:
        exp = item.explanation
        color = "#0072b2" if exp.label == "career" else "#b07800"
        rows.append(
            f"<tr><td {cell}><a href=\"#answer-{item.answer.index + 1}\">{item.answer.index + 1}</a></td>"
            f"<td {cell}>{esc(item.answer.question or '-')}</td>"
            f"<td {cell} nowrap>{esc(item.time_span())}</td>"
            f'<td {cell} style="color:{color}"><strong>{esc(exp.label)}</strong></td>'
            f"<td {cell}>{exp.score:.2f}</td><td {cell}>{'yes' if exp.low_evidence else 'no'}</td>"
            f"<td {cell}>{esc('; '.join(_top(item)))}</td></tr>"
        )
    sections = []
    for item in report.answers:
        a = item.answer
        who = esc(a.interviewer or "Interviewer")
        sections.append(
            f'<section id="answer-{a.index + 1}" style="margin:18px 0;padding:10px 14px;'
            'border:1px solid #ccc;border-radius:6px">'
            f'<h3 style="margin:0 0 6px 0">Answer {a.index + 1} <span style="font-weight:normal;color:#666">'
            f"({esc(item.time_span())})</span></h3>"
            f'<p style="margin:0 0 8px 0;color:#333"><em>{who}:</em> {esc(a.question or "(no question)")}</p>'
            f"{to_html(item.explanation)}</section>"
        )
    title = f"Interview answers: {report.source}"
    profile = "".join(f'<p style="margin:4px 0">{esc(line)}</p>' for line in _profile_lines(report))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
        f"<title>{esc(title)}</title></head>\n"
        '<body style="font-family:system-ui,sans-serif;margin:24px;max-width:60em">\n'
        f'<h1 style="font-size:1.4em">{esc(title)}</h1>\n'
        f'<div style="background:#f5f5f5;padding:8px 14px;border-radius:6px">{profile}</div>\n'
        '<table style="border-collapse:collapse;margin:14px 0;font-size:0.9em">'
        f"<tr><th {cell}>#</th><th {cell}>question</th><th {cell}>time</th><th {cell}>label</th>"
        f"<th {cell}>P(career)</th><th {cell}>low evidence</th><th {cell}>top phrases</th></tr>"
        f"{''.join(rows)}</table>\n"
        f"{''.join(sections)}\n"
        '<p style="color:#666;font-size:0.85em">jobcareer describes answers, not people; '
        "it is meant for practice, coaching and research, not for hiring decisions.</p>\n"
        "</body>\n</html>\n"
    )
