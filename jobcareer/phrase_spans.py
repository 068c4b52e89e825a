"""Phrase runs made into character spans of the original answer, on word boundaries.

From the runs of :class:`jobcareer.phrase_segments.PhraseSegments` (ranges of weighted
tokens), a phrase's span is decided by its text:

1. a negated run whose negation cue is in the run before takes the cue, and the tokens
   after it, from that run ("It's | not about the money"); a cue without weight brings
   the weighted tokens of its scope in the run before ("not about the | money"). Run by
   run in text order: a run whose start moved this way is the run before of the next;
2. runs that split one word, one of them inside the word (counted from the start of the
   phrase it already joins), are joined ("I" + "'m" -> "I'm");
3. each span starts at its negation cue when it has one (unless the cue is inside the run
   before), and is widened to whole words ("'m not" -> "I'm not", "-day week" ->
   "four-day week"); a word still shared by two spans goes to the later one, unless the
   earlier would keep nothing else (then both keep their tokens' offsets), pair by pair in
   text order; spans do not start or end on whitespace.

:func:`batch_phrase_spans` does it for a whole batch with array operations; the steps that
go run by run repeat an array pass until nothing changes (a chain of k runs takes k
passes), and only characters that are not plain ASCII punctuation or space are looked at
one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["PhraseSpans", "batch_phrase_spans", "negation_cue_of", "word_end", "word_start"]

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


def word_start(text: str, i: int) -> int:
    """Where the word around offset ``i`` of ``text`` starts (``i`` itself when it is not
    inside a word: after a space, punctuation, or the start of the text)."""
    if i == 0 or not (text[i - 1].isalnum() or text[i - 1] in _WORD_MARKS):  # the usual case
        return i
    while i > 0 and _joins(text, i - 1) and (i >= len(text) or _joins(text, i)):
        i -= 1
    return i


def word_end(text: str, i: int) -> int:
    """Where the word around offset ``i`` of ``text`` ends (``i`` itself when ``text[i]``
    is not part of a word)."""
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


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without whitespace at either end."""
    piece = text[start:end]
    return start + len(piece) - len(piece.lstrip()), end - (len(piece) - len(piece.rstrip()))


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
        # surrogatepass: a lone surrogate (which answers may hold) is one code point too
        self.codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)

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
    """Every answer's phrases: the runs after steps 1 and 2 of the module docstring, and
    their character spans after step 3.

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
    joined = _cues_join_their_scope(lo, hi, answer_runs, weighted, cue_of)
    merged = _merge_word_pieces(batch, joined, weighted, idx, end)
    return _phrase_bounds(batch, *merged, weighted, idx, cue_of)


def _cues_join_their_scope(
    lo: np.ndarray, hi: np.ndarray, answer_runs: np.ndarray, weighted: np.ndarray, cue_of: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Step 1 of the module docstring: the runs after it, and where each answer's start."""
    answer, after = _neighbours(answer_runs, len(lo))
    cue = cue_of[weighted[lo[after]]]
    candidate = (cue >= 0) & (hi[after - 1] == lo[after])  # a negated run right after the run before
    if not candidate.any():
        return lo, hi, answer_runs
    after, cue = after[candidate], cue[candidate]
    before = after - 1
    start = lo  # each run's start when its turn comes: moved if it took a cue
    while True:
        # the cue's place among the weighted tokens of the run before (bisect within it)
        at = np.clip(np.searchsorted(weighted, cue), start[before], hi[before])
        token_at = weighted[np.minimum(at, len(weighted) - 1)]
        # the cue itself, or (a cue without weight) the first weighted token of its scope
        join = (at < hi[before]) & ((token_at == cue) | (cue_of[token_at] == cue))
        moved = lo.copy()
        moved[after[join]] = at[join]
        if np.array_equal(moved, start):
            break
        start = moved
    hi = hi.copy()
    hi[before[join]] = at[join]
    keep = start < hi
    return start[keep], hi[keep], _recount(answer[keep], len(answer_runs) - 1)


def _merge_word_pieces(
    batch: _BatchText, runs: tuple[np.ndarray, np.ndarray, np.ndarray], weighted: np.ndarray, idx: np.ndarray,
    end: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """Step 2 of the module docstring for the ``runs`` (``lo``, ``hi``, where each answer's
    start) after step 1: the runs after it, their tokens' character start and end, the
    end of the word at each run's end, and where each answer's runs start."""
    lo, hi, answer_runs = runs
    answer, after = _neighbours(answer_runs, len(lo))
    raw_start, raw_end = idx[weighted[lo]], end[weighted[hi - 1]]
    end_of_word = raw_end.copy()
    batch.apply(word_end, answer, end_of_word,
                (raw_end < batch.lengths[answer]) & ~batch.ascii_in(_PLAIN_ASCII, answer, raw_end))
    split = end_of_word[after - 1] > raw_start[after]  # the word at a run's end goes on into the next
    if not split.any():
        return lo, hi, raw_start, raw_end, end_of_word, answer_runs
    after = after[split]
    before = after - 1
    every = np.ones(len(after), dtype=bool)
    word_start_before, word_end_after = raw_end[before], raw_start[after]
    batch.apply(word_start, answer[before], word_start_before, every)
    batch.apply(word_end, answer[after], word_end_after, every)
    joined = np.zeros(len(lo), dtype=bool)  # runs joined to the run before
    while True:
        first = np.flatnonzero(~joined)
        phrase_start = raw_start[first][np.cumsum(~joined) - 1]  # where each run's phrase starts so far
        merge = (word_start_before <= phrase_start[before]) | (word_end_after >= raw_end[after])
        now = np.zeros(len(lo), dtype=bool)
        now[after[merge]] = True
        if np.array_equal(now, joined):
            break
        joined = now
    first = np.flatnonzero(~joined)
    last = np.append(first[1:], len(lo)) - 1
    return (lo[first], hi[last], raw_start[first], raw_end[last], end_of_word[last],
            _recount(answer[first], len(answer_runs) - 1))


def _phrase_bounds(
    batch: _BatchText,
    lo: np.ndarray,
    hi: np.ndarray,
    raw_start: np.ndarray,
    raw_end: np.ndarray,
    end_of_word: np.ndarray,
    answer_runs: np.ndarray,
    weighted: np.ndarray,
    idx: np.ndarray,
    cue_of: np.ndarray,
) -> PhraseSpans:
    """Step 3 of the module docstring."""
    answer, after = _neighbours(answer_runs, len(lo))
    previous_end = np.zeros(len(lo), dtype=np.int64)
    previous_end[after] = raw_end[after - 1]
    cue = cue_of[weighted[lo]]
    cue_start = np.where(cue >= 0, idx[np.maximum(cue, 0)], raw_start)
    start = np.where(cue_start >= previous_end, np.minimum(raw_start, cue_start), raw_start)
    batch.apply(word_start, answer, start, (start > 0) & ~batch.ascii_in(_PLAIN_ASCII, answer, start - 1))
    stop = end_of_word.copy()
    # a word shared by two spans, pair by pair in text order; sharing out a word never makes
    # a later pair share one, so only the pairs that share one now are looked at
    for n in after[stop[after - 1] > start[after]].tolist():
        if stop[n - 1] <= start[n]:
            continue
        text = batch.texts[answer[n]]
        begin = word_start(text, start[n] + 1 if start[n] < len(text) else int(start[n]))
        if start[n - 1] < begin:
            stop[n - 1] = begin  # the shared word goes to the later span
        else:
            start[n] = stop[n - 1]
        if start[n] >= stop[n] or start[n - 1] >= stop[n - 1]:  # a word cannot be shared out: keep tokens
            start[n - 1], stop[n - 1], start[n], stop[n] = raw_start[n - 1], raw_end[n - 1], raw_start[n], raw_end[n]
    printed = batch.ascii_in(~_SPACE_ASCII, answer, start) & batch.ascii_in(~_SPACE_ASCII, answer, stop - 1)
    for p in np.flatnonzero(~printed).tolist():
        text = batch.texts[answer[p]]
        if text[start[p]].isspace() or text[stop[p] - 1].isspace():
            start[p], stop[p] = _strip(text, int(start[p]), int(stop[p]))
    return PhraseSpans(lo, hi, start, stop, answer_runs)
