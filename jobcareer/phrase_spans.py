"""Phrase runs made into character spans of the original answer, on word boundaries.

From the runs of :class:`jobcareer.phrase_segments.PhraseSegments` (ranges of weighted
tokens), a phrase's span is decided by its text:

1. a negated run whose negation cue is in the run before takes the cue, and the tokens
   after it, from that run ("It's | not about the money");
2. runs that split one word, one of them inside it, are joined ("I" + "'m" -> "I'm");
3. each span starts at its negation cue when it has one, is widened to whole words
   ("'m not" -> "I'm not", "-day week" -> "four-day week"), and a word still shared by
   two phrases goes to the later one, unless the earlier would keep nothing else; spans
   do not start or end on whitespace.

:func:`answer_phrase_spans` does this for one answer; :func:`batch_phrase_spans` for a
batch, with array operations in the usual case (runs that do not touch a negation cue of
the run before, spans that already end on a space or punctuation), and the first for the
answers where the text decides.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["PhraseSpans", "answer_phrase_spans", "batch_phrase_spans", "negation_cue_of"]

_WORD_MARKS = "'’-"
#: ASCII characters that neither are nor join a word part: a phrase boundary next to one
#: stays where it is (whitespace and punctuation but the word marks).
_PLAIN_ASCII = np.array([not (chr(c).isalnum() or chr(c) in _WORD_MARKS) for c in range(128)])
_SPACE_ASCII = np.array([chr(c).isspace() for c in range(128)])


def _joins(text: str, i: int) -> bool:
    """Whether ``text[i]`` belongs to the word around it (a letter or digit, or an
    apostrophe or hyphen between two of them: "I'm", "four-day")."""
    char = text[i]
    if char.isalnum():
        return True
    return char in _WORD_MARKS and 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()


def _word_start(text: str, i: int) -> int:
    if i == 0 or not (text[i - 1].isalnum() or text[i - 1] in _WORD_MARKS):  # the usual case
        return i
    while i > 0 and _joins(text, i - 1) and (i >= len(text) or _joins(text, i)):
        i -= 1
    return i


def _word_end(text: str, i: int) -> int:
    if i >= len(text) or not (text[i].isalnum() or text[i] in _WORD_MARKS):  # the usual case
        return i
    while 0 < i < len(text) and _joins(text, i) and _joins(text, i - 1):
        i += 1
    return i


def negation_cue_of(bounds: np.ndarray, negated: np.ndarray, is_negation_cue: np.ndarray) -> np.ndarray:
    """For every token of a batch, the negation cue whose scope holds it, or -1.

    The cue is the token right before the token's stretch of negated tokens, when it is a
    negation cue of the same answer.
    """
    position = np.arange(len(negated))
    last_free = np.maximum.accumulate(np.where(~negated, position, -1))  # last token not negated, at or before
    answer_first = np.repeat(bounds[:-1], np.diff(bounds))
    has_cue = negated & (last_free >= answer_first)
    has_cue[has_cue] = is_negation_cue[last_free[has_cue]]
    return np.where(has_cue, last_free, -1)


def _cues_join_their_scope(
    runs: list[tuple[int, int]], weighted: Sequence[int], cue_of: Sequence[int]
) -> list[tuple[int, int]]:
    """Step 1 of the module docstring: a negated run takes its cue, and the tokens after
    it, from the run before; a cue without weight brings the weighted tokens of its scope
    in the run before. Every token stays in exactly one run."""
    out = list(runs)
    for n in range(1, len(out)):
        (a1, b1), (a2, b2) = out[n - 1], out[n]
        cue = cue_of[weighted[a2]]
        if cue < 0 or b1 != a2:  # the usual case
            continue
        at = bisect.bisect_left(weighted, cue, a1, b1)  # the cue's position among the weighted tokens
        # the cue itself, or (when the cue carries no weight) the first weighted token of the
        # same negation scope: from there on, the run before joins this one
        if at < b1 and (weighted[at] == cue or cue_of[weighted[at]] == cue):
            out[n - 1], out[n] = (a1, at), (at, b2)
    return [(a, b) for a, b in out if a < b]


def _merge_word_pieces(runs: list[tuple[int, int]], spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Step 2 of the module docstring: join consecutive runs that split one word when one
    of them lies inside that word."""
    out: list[tuple[int, int]] = []
    out_spans: list[tuple[int, int]] = []
    for run, span in zip(runs, spans):
        if out:
            (start1, end1), (start2, end2) = out_spans[-1], span
            split = _word_end(text, end1) > start2  # the word at end1 goes on into this run
            if split and (_word_start(text, end1) <= start1 or _word_end(text, start2) >= end2):
                out[-1] = (out[-1][0], run[1])
                out_spans[-1] = (start1, end2)
                continue
        out.append(run)
        out_spans.append(span)
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without whitespace at either end."""
    piece = text[start:end]
    return start + len(piece) - len(piece.lstrip()), end - (len(piece) - len(piece.rstrip()))


def _phrase_bounds(text: str, raw: list[tuple[int, int]], cues: list[int]) -> list[tuple[int, int]]:
    """Step 3 of the module docstring, for the runs' token offsets ``raw`` and the start
    of each run's negation cue (``cues``; the run's own start when it has none)."""
    spans = []
    for n, (start, end) in enumerate(raw):
        previous_end = raw[n - 1][1] if n else 0
        if cues[n] >= previous_end:
            start = min(start, cues[n])
        spans.append([_word_start(text, start), _word_end(text, end)])
    for n in range(1, len(spans)):
        before, after = spans[n - 1], spans[n]
        if before[1] <= after[0]:
            continue
        word_start = _word_start(text, after[0] + 1 if after[0] < len(text) else after[0])
        if before[0] < word_start:
            before[1] = word_start  # the shared word goes to the later phrase
        else:
            after[0] = before[1]
        if after[0] >= after[1] or before[0] >= before[1]:  # a word cannot be shared out: keep tokens
            before[:], after[:] = list(raw[n - 1]), list(raw[n])
    out = []
    for start, end in spans:
        if text[start].isspace() or text[end - 1].isspace():
            start, end = _strip(text, start, end)
        out.append((start, end))
    return out


def answer_phrase_spans(
    text: str,
    runs: list[tuple[int, int]],
    weighted: Sequence[int],
    idx: Sequence[int],
    end: Sequence[int],
    cue_of: Sequence[int],
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """One answer's phrases: its final runs and their character spans (the module docstring).

    Parameters
    ----------
    text : str
        The answer.
    runs : list of (int, int)
        Its runs, ranges of positions in ``weighted``, in text order.
    weighted : sequence of int
        The batch's weighted tokens.
    idx, end : sequence of int
        Character start and end of every token of the batch, within its answer.
    cue_of : sequence of int
        Every token's negation cue, or -1 (:func:`negation_cue_of`).

    Returns
    -------
    runs, spans : list of (int, int)
        The runs after steps 1 and 2, and the ``(start, end)`` of each in ``text``.
    """
    runs = _cues_join_their_scope(runs, weighted, cue_of)
    runs = _merge_word_pieces(runs, [(idx[weighted[a]], end[weighted[b - 1]]) for a, b in runs], text)
    raw = [(idx[weighted[a]], end[weighted[b - 1]]) for a, b in runs]
    cues = [idx[cue_of[weighted[a]]] if cue_of[weighted[a]] >= 0 else idx[weighted[a]] for a, _ in runs]
    return runs, _phrase_bounds(text, raw, cues)


class PhraseSpans:
    """The phrases of a batch: runs of weighted tokens and their character spans.

    Attributes
    ----------
    lo, hi : ndarray of int
        Phrase ``p`` is the weighted tokens ``weighted[lo[p]:hi[p]]``.
    start, end : ndarray of int
        Its character span in its answer.
    answer_phrases : ndarray of int
        Where each answer's phrases start, then the phrase count.
    """

    def __init__(self, lo: np.ndarray, hi: np.ndarray, start: np.ndarray, end: np.ndarray, answer_phrases: np.ndarray):
        self.lo, self.hi, self.start, self.end, self.answer_phrases = lo, hi, start, end, answer_phrases


class _BatchText:
    """The answers of a batch as one array of code points, to test characters by position."""

    def __init__(self, texts: Sequence[str]):
        self.texts = texts
        self.lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        self.offsets = np.concatenate([[0], np.cumsum(self.lengths)])
        self.codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)

    def ascii_in(self, table: np.ndarray, answer: np.ndarray, position: np.ndarray) -> np.ndarray:
        """Whether the character at ``position`` of answer ``answer[i]`` is ASCII and in
        ``table`` (False for other characters and positions outside the answer)."""
        inside = (position >= 0) & (position < self.lengths[answer])
        code = np.full(len(position), 128, dtype=np.uint32)
        code[inside] = self.codes[(self.offsets[answer] + position)[inside]]
        return (code < 128) & table[np.minimum(code, 127)]

    def apply(
        self, rule: Callable[[str, int], int], answer: np.ndarray, position: np.ndarray, where: np.ndarray
    ) -> None:
        """``position[i] = rule(text, position[i])`` where ``where`` is True (the unusual cases)."""
        for p in np.flatnonzero(where).tolist():
            position[p] = rule(self.texts[answer[p]], int(position[p]))


def _neighbours(answer_runs: np.ndarray, n_runs: int) -> tuple[np.ndarray, np.ndarray]:
    """The answer of every run, and the runs that have a run before them in their answer."""
    answer = np.repeat(np.arange(len(answer_runs) - 1), np.diff(answer_runs))
    later = np.ones(n_runs, dtype=bool)
    later[answer_runs[:-1][answer_runs[:-1] < n_runs]] = False
    return answer, np.flatnonzero(later)


def _recount(answer: np.ndarray, n_answers: int) -> np.ndarray:
    """Where each answer's runs start, from the (sorted) answer of every run."""
    return np.searchsorted(answer, np.arange(n_answers + 1))


def batch_phrase_spans(
    texts: Sequence[str],
    lo: np.ndarray,
    hi: np.ndarray,
    answer_runs: np.ndarray,
    weighted: np.ndarray,
    idx: np.ndarray,
    end: np.ndarray,
    cue_of: np.ndarray,
) -> PhraseSpans:
    """Every answer's phrases, as :func:`answer_phrase_spans` gives them, for a batch.

    The steps of the module docstring run as array operations over the batch; an answer
    where they would depend on each other (a run that both takes a cue and gives one,
    three runs joined into one word, two spans sharing a word) goes through
    :func:`answer_phrase_spans`.

    Parameters
    ----------
    texts : sequence of str
        The answers.
    lo, hi, answer_runs : ndarray of int
        The runs (:meth:`jobcareer.phrase_segments.PhraseSegments.runs`).
    weighted : ndarray of int
        The batch's weighted tokens.
    idx, end : ndarray of int
        Character start and end of every token, within its answer.
    cue_of : ndarray of int
        Every token's negation cue, or -1 (:func:`negation_cue_of`).

    Returns
    -------
    PhraseSpans
        Every answer's phrases in text order.
    """
    batch = _BatchText(texts)
    exact = np.zeros(len(texts), dtype=bool)  # answers for answer_phrase_spans
    runs = _cues_join_their_scope_batch(lo, hi, answer_runs, weighted, cue_of, exact)
    runs = _merge_word_pieces_batch(batch, *runs, weighted, idx, end, exact)
    spans = _phrase_bounds_batch(batch, *runs, weighted, idx, cue_of, exact)
    if exact.any():
        spans = _with_exact_answers(texts, np.flatnonzero(exact), spans, (lo, hi, answer_runs), weighted, idx, end,
                                    cue_of)
    return spans


def _cues_join_their_scope_batch(
    lo: np.ndarray, hi: np.ndarray, answer_runs: np.ndarray, weighted: np.ndarray, cue_of: np.ndarray, exact: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Step 1 for a batch (:func:`_cues_join_their_scope`); marks in ``exact`` the answers
    where a run whose start moved meets the next negated run."""
    answer, after = _neighbours(answer_runs, len(lo))
    cue = cue_of[weighted[lo[after]]]
    candidate = (cue >= 0) & (hi[after - 1] == lo[after])
    if not candidate.any():
        return lo, hi, answer_runs
    after, cue = after[candidate], cue[candidate]
    before = after - 1
    at = np.clip(np.searchsorted(weighted, cue), lo[before], hi[before])
    token_at = weighted[np.minimum(at, len(weighted) - 1)]
    join = (at < hi[before]) & ((token_at == cue) | (cue_of[token_at] == cue))
    moved = np.zeros(len(lo), dtype=bool)
    moved[after[join]] = True
    exact[answer[after[moved[before]]]] = True
    lo, hi = lo.copy(), hi.copy()
    hi[before[join]] = at[join]
    lo[after[join]] = at[join]
    keep = lo < hi
    return lo[keep], hi[keep], _recount(answer[keep], len(answer_runs) - 1)


def _merge_word_pieces_batch(
    batch: _BatchText,
    lo: np.ndarray,
    hi: np.ndarray,
    answer_runs: np.ndarray,
    weighted: np.ndarray,
    idx: np.ndarray,
    end: np.ndarray,
    exact: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """Step 2 for a batch (:func:`_merge_word_pieces`): the runs, their token spans, the
    end of the word at each run's end, and where each answer's runs start. Marks in
    ``exact`` the answers where a run joined to the one before meets the next."""
    answer, after = _neighbours(answer_runs, len(lo))
    raw_start, raw_end = idx[weighted[lo]], end[weighted[hi - 1]]
    word_end = raw_end.copy()
    in_word = (raw_end < batch.lengths[answer]) & ~batch.ascii_in(_PLAIN_ASCII, answer, raw_end)
    batch.apply(_word_end, answer, word_end, in_word)
    split = word_end[after - 1] > raw_start[after]  # the word at a run's end goes on into the next
    if not split.any():
        return lo, hi, raw_start, raw_end, word_end, answer_runs
    after = after[split]
    before = after - 1
    every = np.ones(len(after), dtype=bool)
    before_word_start, after_word_end = raw_end[before], raw_start[after]
    batch.apply(_word_start, answer[before], before_word_start, every)
    batch.apply(_word_end, answer[after], after_word_end, every)
    merge = (before_word_start <= raw_start[before]) | (after_word_end >= raw_end[after])
    joined = np.zeros(len(lo), dtype=bool)
    joined[after[merge]] = True
    exact[answer[after[joined[before]]]] = True
    first = np.flatnonzero(~joined)
    last = np.append(first[1:], len(lo)) - 1
    return (lo[first], hi[last], raw_start[first], raw_end[last], word_end[last],
            _recount(answer[first], len(answer_runs) - 1))


def _phrase_bounds_batch(
    batch: _BatchText,
    lo: np.ndarray,
    hi: np.ndarray,
    raw_start: np.ndarray,
    raw_end: np.ndarray,
    word_end: np.ndarray,
    answer_runs: np.ndarray,
    weighted: np.ndarray,
    idx: np.ndarray,
    cue_of: np.ndarray,
    exact: np.ndarray,
) -> PhraseSpans:
    """Step 3 for a batch (:func:`_phrase_bounds`); marks in ``exact`` the answers where
    two spans share a word."""
    answer, after = _neighbours(answer_runs, len(lo))
    previous_end = np.zeros(len(lo), dtype=np.int64)
    previous_end[after] = raw_end[after - 1]
    cue = cue_of[weighted[lo]]
    cue_start = np.where(cue >= 0, idx[np.maximum(cue, 0)], raw_start)
    start = np.where(cue_start >= previous_end, np.minimum(raw_start, cue_start), raw_start)
    batch.apply(_word_start, answer, start, (start > 0) & ~batch.ascii_in(_PLAIN_ASCII, answer, start - 1))
    stop = word_end.copy()
    exact[answer[after[stop[after - 1] > start[after]]]] = True
    printed = batch.ascii_in(~_SPACE_ASCII, answer, start) & batch.ascii_in(~_SPACE_ASCII, answer, stop - 1)
    for p in np.flatnonzero(~printed & ~exact[answer]).tolist():
        text = batch.texts[answer[p]]
        if text[start[p]].isspace() or text[stop[p] - 1].isspace():
            start[p], stop[p] = _strip(text, int(start[p]), int(stop[p]))
    return PhraseSpans(lo, hi, start, stop, answer_runs)


def _with_exact_answers(
    texts: Sequence[str],
    answers: np.ndarray,
    spans: PhraseSpans,
    runs: tuple[np.ndarray, np.ndarray, np.ndarray],
    weighted: np.ndarray,
    idx: np.ndarray,
    end: np.ndarray,
    cue_of: np.ndarray,
) -> PhraseSpans:
    """``spans`` with the phrases of ``answers`` worked out by :func:`answer_phrase_spans`
    from their ``runs`` (``lo``, ``hi``, ``answer_runs``)."""
    weighted_list, idx_list, end_list, cue_list = weighted.tolist(), idx.tolist(), end.tolist(), cue_of.tolist()
    run_lo, run_hi, run_bounds = (r.tolist() for r in runs)
    bounds = spans.answer_phrases.tolist()
    columns = (spans.lo.tolist(), spans.hi.tolist(), spans.start.tolist(), spans.end.tolist())
    out: tuple[list[int], list[int], list[int], list[int]] = ([], [], [], [])
    counts = np.diff(spans.answer_phrases)
    done = 0
    for k in answers.tolist():
        a, b = run_bounds[k], run_bounds[k + 1]
        for column, values in zip(out, columns):
            column += values[done : bounds[k]]
        final, char_spans = answer_phrase_spans(
            texts[k], list(zip(run_lo[a:b], run_hi[a:b])), weighted_list, idx_list, end_list, cue_list
        )
        out[0].extend(r[0] for r in final)
        out[1].extend(r[1] for r in final)
        out[2].extend(s[0] for s in char_spans)
        out[3].extend(s[1] for s in char_spans)
        counts[k] = len(final)
        done = bounds[k + 1]
    for column, values in zip(out, columns):
        column += values[done:]
    arrays = [np.array(column, dtype=np.int64) for column in out]
    return PhraseSpans(*arrays, np.concatenate([[0], np.cumsum(counts)]))
