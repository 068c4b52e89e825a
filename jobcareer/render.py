"""Renderings of an :class:`~jobcareer.Explanation`: HTML, terminal text and a dict.

Free functions over the explanation's data, as ELI5's formatters are: this module reads
the fields of the explanation it is given and imports nothing of how explanations are
made (``Explanation.to_html()`` and friends call these; a dict is read back by
:func:`jobcareer.explanation.from_dict`).

The HTML is one self-contained fragment (inline CSS, no scripts, no external assets) that
works in Jupyter, a browser or an email; every piece of user text is escaped. Colours are
a colour-blind-safe pair: blue for career, orange for job.
"""

from __future__ import annotations

import html
import re
import sys
from typing import TYPE_CHECKING, Any

from jobcareer.decision import CLASSES

if TYPE_CHECKING:
    from jobcareer.explanation import Explanation, Phrase

__all__ = ["DICT_SCHEMA_VERSION", "terminal_safe", "to_dict", "to_html", "to_text"]

#: Version of the :func:`to_dict` schema; bumped on any change of key names or meaning.
DICT_SCHEMA_VERSION = 1

_CAREER_RGB = (0, 114, 178)  # blue (Okabe-Ito)
_JOB_RGB = (230, 159, 0)  # orange (Okabe-Ito)
_ANSI = {"career": "\x1b[1;34m", "job": "\x1b[1;33m", "dim": "\x1b[2m", "reset": "\x1b[0m"}


def to_dict(exp: Explanation) -> dict[str, Any]:
    """A JSON-serialisable dict with stable keys.

    Schema (version 1)::

        {"schema": 1, "text": str, "label": "career"|"job", "score": float,
         "logit": float, "bias": float, "unattributed": float, "evidence": int,
         "low_evidence": bool, "summary": str,
         "phrases": [{"text", "start", "end", "weight", "label", "score_without"}],
         "sentences": [{"text", "start", "end", "weight", "score", "label"}],
         "contributions": [{"feature", "value", "weight", "spans": [[start, end], ...]}]}

    ``score`` is P(career); weights are in logit units, positive toward career.
    """
    return {
        "schema": DICT_SCHEMA_VERSION,
        "text": exp.text,
        "label": exp.label,
        "score": exp.score,
        "logit": exp.logit,
        "bias": exp.bias,
        "unattributed": exp.unattributed,
        "evidence": exp.evidence,
        "low_evidence": exp.low_evidence,
        "summary": exp.summary,
        "phrases": [
            {
                "text": p.text,
                "start": p.start,
                "end": p.end,
                "weight": p.weight,
                "label": p.label,
                "score_without": p.score_without,
            }
            for p in exp.phrases
        ],
        "sentences": [
            {
                "text": s.text,
                "start": s.start,
                "end": s.end,
                "weight": s.weight,
                "score": s.score,
                "label": s.label,
            }
            for s in exp.sentences
        ],
        "contributions": [
            {
                "feature": c.feature,
                "value": c.value,
                "weight": c.weight,
                "spans": [list(span) for span in c.spans],
            }
            for c in exp.contributions
        ],
    }


def _visible(exp: Explanation) -> list[Phrase]:
    """Phrases strong enough to highlight (see ``Explanation.highlighted``)."""
    return list(exp.highlighted)


def _pct(x: float) -> str:
    return f"{100 * x:.0f} %"


def to_html(exp: Explanation) -> str:
    """Self-contained HTML: highlighted answer, legend, summary and sentence view."""
    esc = html.escape
    visible = _visible(exp)
    strongest = {  # per side, so the weaker side's phrases stay visible
        label: max((abs(p.weight) for p in visible if p.label == label), default=1.0) or 1.0
        for label in CLASSES
    }
    pieces: list[str] = []
    cursor = 0
    for p in sorted(visible, key=lambda p: p.start):
        pieces.append(esc(exp.text[cursor : p.start]))
        r, g, b = _CAREER_RGB if p.label == "career" else _JOB_RGB
        alpha = 0.2 + 0.6 * min(1.0, abs(p.weight) / strongest[p.label])
        tip = f"{p.label} {p.weight:+.3f}; without it: {_pct(p.score_without)} career"
        pieces.append(
            f'<mark style="background:rgba({r},{g},{b},{alpha:.2f});color:inherit;'
            f'padding:0 2px;border-radius:3px" title="{esc(tip)}">{esc(p.text)}</mark>'
        )
        cursor = p.end
    pieces.append(esc(exp.text[cursor:]))

    def swatch(rgb: tuple[int, int, int], name: str) -> str:
        r, g, b = rgb
        return (
            f'<span style="background:rgba({r},{g},{b},0.6);padding:0 6px;border-radius:3px">'
            f"{name}</span>"
        )

    rows = []
    for s in exp.sentences:
        r, g, b = _CAREER_RGB if s.label == "career" else _JOB_RGB
        rows.append(
            "<tr>"
            f'<td style="padding:2px 6px">{esc(s.text)}</td>'
            f'<td style="padding:2px 6px;text-align:right;white-space:nowrap">{s.weight:+.2f}</td>'
            f'<td style="padding:2px 6px;white-space:nowrap;color:rgb({r},{g},{b})">'
            f"{esc(s.label)} ({_pct(s.score if s.label == 'career' else 1 - s.score)})</td>"
            "</tr>"
        )
    note = (
        '<p style="margin:4px 0;color:#555">Low evidence: few known signals, '
        "treat the verdict as uncertain.</p>"
        if exp.low_evidence
        else ""
    )
    return (
        '<div class="jobcareer" style="font-family:system-ui,sans-serif;line-height:1.6;'
        'max-width:48em">'
        f'<p style="margin:4px 0"><strong>{esc(exp.summary)}</strong></p>{note}'
        f'<p style="margin:4px 0">{"".join(pieces)}</p>'
        f'<p style="margin:4px 0;font-size:0.85em">{swatch(_CAREER_RGB, "career")} '
        f"{swatch(_JOB_RGB, 'job')} a phrase's weight is what it adds to the answer's career "
        "log-odds (+ toward career, − toward job; ±1 multiplies the odds by about 2.7); "
        "intensity follows the weight within each side; hover a phrase for its weight</p>"
        '<table style="border-collapse:collapse;font-size:0.85em">'
        '<tr><th style="text-align:left;padding:2px 6px">sentence</th>'
        '<th style="padding:2px 6px">weight</th><th style="padding:2px 6px">on its own</th></tr>'
        f"{''.join(rows)}</table></div>"
    )


#: Characters a terminal would act on rather than show: C0 and C1 controls but newline and
#: tab, DEL, and the bidirectional overrides that reorder what is shown.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """``text`` with every character a terminal would act on shown as an escape.

    Escape sequences in an answer (``\\x1b[2J``, OSC 8 links, a carriage return that
    overwrites the line) are written as ``\\x1b``, ``\\r``... so they are seen, not run.
    Newlines and tabs are kept.
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def to_text(exp: Explanation, color: bool | None = None) -> str:
    """Terminal rendering: ANSI colour when ``color`` (default: stdout is a TTY), else
    plain markers such as ``[+career: grow into a lead]``. Control characters of the
    answer are shown escaped (:func:`terminal_safe`)."""
    if color is None:
        color = sys.stdout.isatty()
    safe = terminal_safe
    visible = sorted(_visible(exp), key=lambda p: p.start)
    out: list[str] = []
    cursor = 0
    for p in visible:
        out.append(safe(exp.text[cursor : p.start]))
        if color:
            out.append(f"{_ANSI[p.label]}{safe(p.text)}{_ANSI['reset']}")
        else:
            sign = "+" if p.label == "career" else "-"
            out.append(f"[{sign}{p.label}: {safe(p.text)}]")
        cursor = p.end
    out.append(safe(exp.text[cursor:]))
    lines = [safe(exp.summary), "", "".join(out), ""]
    if len(exp.sentences) > 1:
        for s in exp.sentences:
            conf = s.score if s.label == "career" else 1 - s.score
            tag = f"{s.label:>6} {_pct(conf):>5}"
            if color:
                tag = f"{_ANSI[s.label]}{tag}{_ANSI['reset']}"
            lines.append(f"  {tag}  {safe(s.text)}")
    return "\n".join(lines).rstrip() + "\n"
