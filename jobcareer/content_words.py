"""The content words of analysed answers: what word and character features are made of.

A *content token* is one that makes word features (``Analysis.is_content``: not a filler,
punctuation, space, or a token absorbed into a placeholder). Its *unigram key* is
``form id * 2 + negated``, so ``money`` and ``not_money`` are different words. A content
token *covers* itself and the tokens absorbed into its placeholder, which is how a
feature finds every token that produced it.

Tokens can be *skipped* (the featurizer skips conceded clauses when asked): they make no
word features, and n-grams do not reach across them, so the content words fall into
*segments* (the stretches of a sentence between skipped runs) and an n-gram stays inside
one.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from jobcareer.analysis import Analysis

__all__ = ["ContentWords", "content_words", "expand_ranges", "segment_starts", "token_covers", "unigram_name"]


class ContentWords(NamedTuple):
    """The content tokens of a batch, in text order.

    Attributes
    ----------
    position : ndarray of int64
        Global token position of each.
    key : ndarray of int64
        Unigram key (``form id * 2 + negated``).
    sentence : ndarray of int64
        Segment number (increasing over the batch): a sentence, or, when tokens are
        skipped, a stretch of a sentence between skipped runs. N-grams stay inside one.
    row : ndarray of int64
        Answer.
    skipped : ndarray of bool or None
        The tokens of the batch that were skipped, if any were asked to be.
    """

    position: np.ndarray
    key: np.ndarray
    sentence: np.ndarray
    row: np.ndarray
    skipped: np.ndarray | None = None


def segment_starts(sent_start: np.ndarray, skipped: np.ndarray | None) -> np.ndarray:
    """Where segments start: at each sentence start, and where a skipped run begins or ends."""
    if skipped is None:
        return sent_start
    starts = sent_start.copy()
    starts[1:] |= skipped[1:] != skipped[:-1]
    return starts


def content_words(analysis: Analysis, skipped: np.ndarray | None = None) -> ContentWords:
    """The content tokens of an analysed batch.

    Parameters
    ----------
    analysis : Analysis
        The batch.
    skipped : ndarray of bool, optional
        Tokens that make no word features (one value per token of the batch); n-grams do
        not reach across them.
    """
    content = analysis.is_content if skipped is None else analysis.is_content & ~skipped
    position = content.nonzero()[0]
    key = analysis.form[position] * 2 + analysis.negated[position]
    sentence = segment_starts(analysis.sent_start, skipped).cumsum()[position]
    if len(analysis.bounds) == 2:  # one answer
        row = np.zeros(len(position), dtype=np.int64)
    else:
        row = analysis.bounds.searchsorted(position, side="right") - 1
    return ContentWords(position, key, sentence, row, skipped)


def unigram_name(analysis: Analysis, key: int) -> str:
    """The word of a unigram key: the form, ``not_``-prefixed when negated."""
    form = analysis.form_name(key >> 1)
    return "not_" + form if key & 1 else form


def token_covers(
    analysis: Analysis, content: np.ndarray, skipped: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The tokens each content token covers, flattened: ``(start, positions)``.

    Content token ``j`` (at global position ``content[j]``) covers
    ``positions[start[j]:start[j + 1]]``: itself, then any tokens absorbed into its
    placeholder. A token absorbed into a placeholder belongs to the last content token
    before it in the same segment (usually the placeholder's first token); skipped tokens
    (see :func:`content_words`) belong to none. The covers of consecutive content tokens
    are consecutive, so an n-gram's tokens are one slice.
    """
    absorbed_mask = analysis.is_absorbed if skipped is None else analysis.is_absorbed & ~skipped
    absorbed = absorbed_mask.nonzero()[0]
    if not (len(absorbed) and len(content)):  # each content token covers itself alone
        return np.arange(len(content) + 1, dtype=np.int64), content
    starts = segment_starts(analysis.sent_start, skipped)
    segment_start = np.maximum.accumulate(np.where(starts, np.arange(len(analysis.norm)), 0))
    owner = np.searchsorted(content, absorbed) - 1
    ok = (owner >= 0) & (content[np.maximum(owner, 0)] >= segment_start[absorbed])
    owner_of = np.concatenate([np.arange(len(content)), owner[ok]])
    positions = np.concatenate([content, absorbed[ok]])
    order = np.lexsort((positions, owner_of))
    owner_of, positions = owner_of[order], positions[order]
    start = np.zeros(len(content) + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner_of, minlength=len(content)), out=start[1:])
    return start, positions


def expand_ranges(first: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Concatenated ranges ``first[i] : first[i] + length[i]``."""
    offsets = length.cumsum()
    total = int(offsets[-1]) if len(offsets) else 0
    offsets -= length
    return (first - offsets).repeat(length) + np.arange(total, dtype=np.int64)
