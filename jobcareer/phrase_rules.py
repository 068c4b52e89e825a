"""The phrase rules for one answer, one token and one run at a time.

What :mod:`jobcareer.phrase_segments` and :mod:`jobcareer.phrase_spans` compute for a
whole batch with array operations, written out for a single answer in plain Python: the
readable statement of the rules (the tests hold the two to the same results), and the
faster way for one short answer, where each of the batch code's hundred or so array
operations costs more than the few dozen tokens it works on (one ``explain``, a live
update, a spaCy Doc). :func:`answer_phrases` is the whole way from token weights to
phrase spans and weights.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

from jobcareer.phrase_segments import SIGNIFICANT_SHARE
from jobcareer.phrase_spans import word_end, word_start

__all__ = ["answer_phrases", "answer_runs", "answer_spans", "negation_cues"]


def answer_runs(
    token_weight: Sequence[float],
    sent_start: Sequence[bool],
    is_punct: Sequence[bool],
    strongest: float | None = None,
) -> tuple[list[int], list[float], list[tuple[int, int]]]:
    """One answer's weighted tokens, their weights, and its runs (ranges of positions among
    the weighted tokens), as :meth:`jobcareer.phrase_segments.PhraseSegments.runs` finds them.

    ``strongest`` is the answer's largest token weight magnitude (the tokens' own by
    default): given, the tokens can be whole sentences of a longer answer.
    """
    if strongest is None:
        strongest = max(map(abs, token_weight), default=0.0)
    threshold = SIGNIFICANT_SHARE * strongest
    weighted: list[int] = []
    values: list[float] = []
    first: list[int] = []  # segment starts among the weighted tokens
    region: list[int] = []  # each segment's clause
    has_strong: list[bool] = []
    strong: list[bool] = []
    clause = 0
    for t, weight in enumerate(token_weight):
        clause += sent_start[t] or is_punct[t]
        if weight == 0.0:
            continue
        if not values or clause != region[-1] or (weight > 0) != (values[-1] > 0):
            first.append(len(weighted))
            region.append(clause)
            has_strong.append(False)
        weighted.append(t)
        values.append(weight)
        strong.append(abs(weight) >= threshold)
        has_strong[-1] = has_strong[-1] or strong[-1]
    first.append(len(weighted))
    runs: list[tuple[int, int]] = []
    s, n_segments = 0, len(region)
    while s < n_segments:
        last = s
        if has_strong[s]:  # bridge a weak segment onto the next one of the clause, two at a time
            while last + 2 < n_segments and region[last + 2] == region[s] and not has_strong[last + 1]:
                last += 2
        lo, hi = first[s], first[last + 1]
        strong_at = [i for i in range(lo, hi) if strong[i]]
        if not strong_at:
            runs.append((lo, hi))
        else:  # weak tokens at either end become runs of their own
            pieces = ((lo, strong_at[0]), (strong_at[0], strong_at[-1] + 1), (strong_at[-1] + 1, hi))
            runs += [piece for piece in pieces if piece[0] < piece[1]]
        s = last + 1
    return weighted, values, runs


def negation_cues(negated: Sequence[bool], is_negation_cue: Sequence[bool]) -> list[int]:
    """For every token of one answer, the negation cue whose scope holds it, or -1 (as
    :func:`jobcareer.phrase_spans.negation_cue_of`)."""
    if True not in negated:  # no negation scope (most answers and sentences)
        return [-1] * len(negated)
    out = []
    last_free = -1
    for t, inside in enumerate(negated):
        if not inside:
            last_free = t
            out.append(-1)
        else:
            out.append(last_free if last_free >= 0 and is_negation_cue[last_free] else -1)
    return out


def _cues_join_their_scope(
    runs: list[tuple[int, int]], weighted: Sequence[int], cue_of: Sequence[int]
) -> list[tuple[int, int]]:
    out = list(runs)
    for n in range(1, len(out)):
        (a1, b1), (a2, b2) = out[n - 1], out[n]
        cue = cue_of[weighted[a2]]
        if cue < 0 or b1 != a2:
            continue
        at = bisect.bisect_left(weighted, cue, a1, b1)  # the cue's position among the weighted tokens
        if at < b1 and (weighted[at] == cue or cue_of[weighted[at]] == cue):
            out[n - 1], out[n] = (a1, at), (at, b2)
    return [(a, b) for a, b in out if a < b]


def _merge_word_pieces(runs: list[tuple[int, int]], spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    out_spans: list[tuple[int, int]] = []
    for run, (start2, end2) in zip(runs, spans):
        if out:
            start1, end1 = out_spans[-1]
            if word_end(text, end1) > start2 and (word_start(text, end1) <= start1 or word_end(text, start2) >= end2):
                out[-1] = (out[-1][0], run[1])
                out_spans[-1] = (start1, end2)
                continue
        out.append(run)
        out_spans.append((start2, end2))
    return out


def _phrase_bounds(text: str, raw: list[tuple[int, int]], cues: list[int]) -> list[tuple[int, int]]:
    spans = []
    for n, (start, end) in enumerate(raw):
        if cues[n] >= (raw[n - 1][1] if n else 0):
            start = min(start, cues[n])
        spans.append([word_start(text, start), word_end(text, end)])
    for n in range(1, len(spans)):
        before, after = spans[n - 1], spans[n]
        if before[1] <= after[0]:
            continue
        begin = word_start(text, after[0] + 1 if after[0] < len(text) else after[0])
        if before[0] < begin:
            before[1] = begin  # the shared word goes to the later span
        else:
            after[0] = before[1]
        if after[0] >= after[1] or before[0] >= before[1]:  # a word cannot be shared out: keep tokens
            before[:], after[:] = list(raw[n - 1]), list(raw[n])
    out = []
    for start, end in spans:
        piece = text[start:end]
        out.append((start + len(piece) - len(piece.lstrip()), end - (len(piece) - len(piece.rstrip()))))
    return out


def answer_spans(
    text: str,
    runs: list[tuple[int, int]],
    weighted: Sequence[int],
    idx: Sequence[int],
    end: Sequence[int],
    cue_of: Sequence[int],
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """One answer's final runs and their character spans, as
    :func:`jobcareer.phrase_spans.batch_phrase_spans` gives them (steps 1-3 of its module
    docstring); ``weighted``, ``idx``, ``end`` and ``cue_of`` index tokens as ``runs`` do."""
    runs = _cues_join_their_scope(runs, weighted, cue_of)
    runs = _merge_word_pieces(runs, [(idx[weighted[a]], end[weighted[b - 1]]) for a, b in runs], text)
    raw = [(idx[weighted[a]], end[weighted[b - 1]]) for a, b in runs]
    cues = [idx[cue_of[weighted[a]]] if cue_of[weighted[a]] >= 0 else idx[weighted[a]] for a, _ in runs]
    return runs, _phrase_bounds(text, raw, cues)


def answer_phrases(
    text: str,
    token_weight: Sequence[float],
    *,
    sent_start: Sequence[bool],
    is_punct: Sequence[bool],
    negated: Sequence[bool],
    is_negation_cue: Sequence[bool],
    idx: Sequence[int],
    end: Sequence[int],
) -> tuple[list[int], list[int], list[float]]:
    """One answer's phrases from its tokens (lists, one value per token).

    Returns
    -------
    start, end : list of int
        Each phrase's character span.
    weight : list of float
        Each phrase's weight: the exactly rounded sum of its tokens' weights.
    """
    weighted, values, runs = answer_runs(token_weight, sent_start, is_punct)
    runs, spans = answer_spans(text, runs, weighted, idx, end, negation_cues(negated, is_negation_cue))
    return [s for s, _ in spans], [e for _, e in spans], [math.fsum(values[a:b]) for a, b in runs]
