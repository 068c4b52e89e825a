"""The content words of analysed answers: what word and character features are made of.

A *content token* is one that makes word features (``Analysis.is_content``: not a filler,
punctuation, space, or a token absorbed into a placeholder). Its *unigram key* is
``form id * 2 + negated``, so ``money`` and ``not_money`` are different words. A content
token *covers* itself and the tokens absorbed into its placeholder, which is how a
feature finds every token that produced it.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from jobcareer.analysis import Analysis

__all__ = ["ContentWords", "content_words", "expand_ranges", "token_covers", "unigram_name"]


class ContentWords(NamedTuple):
    """The content tokens of a batch, in text order.

    Attributes
    ----------
    position : ndarray of int64
        Global token position of each.
    key : ndarray of int64
        Unigram key (``form id * 2 + negated``).
    sentence : ndarray of int64
        Sentence number (increasing over the batch).
    row : ndarray of int64
        Answer.
    """

    position: np.ndarray
    key: np.ndarray
    sentence: np.ndarray
    row: np.ndarray


def content_words(analysis: Analysis) -> ContentWords:
    """The content tokens of an analysed batch."""
    position = analysis.is_content.nonzero()[0]
    key = analysis.form[position] * 2 + analysis.negated[position]
    sentence = analysis.sent_start.cumsum()[position]
    if len(analysis.bounds) == 2:  # one answer
        row = np.zeros(len(position), dtype=np.int64)
    else:
        row = analysis.bounds.searchsorted(position, side="right") - 1
    return ContentWords(position, key, sentence, row)


def unigram_name(analysis: Analysis, key: int) -> str:
    """The word of a unigram key: the form, ``not_``-prefixed when negated."""
    form = analysis.form_name(key >> 1)
    return "not_" + form if key & 1 else form


def token_covers(analysis: Analysis, content: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The tokens each content token covers, flattened: ``(start, positions)``.

    Content token ``j`` (at global position ``content[j]``) covers
    ``positions[start[j]:start[j + 1]]``: itself, then any tokens absorbed into its
    placeholder. A token absorbed into a placeholder belongs to the last content token
    before it in the same sentence (usually the placeholder's first token). The covers of
    consecutive content tokens are consecutive, so an n-gram's tokens are one slice.
    """
    absorbed = analysis.is_absorbed.nonzero()[0]
    if not (len(absorbed) and len(content)):  # each content token covers itself alone
        return np.arange(len(content) + 1, dtype=np.int64), content
    sentence_start = np.maximum.accumulate(np.where(analysis.sent_start, np.arange(len(analysis.norm)), 0))
    owner = np.searchsorted(content, absorbed) - 1
    ok = (owner >= 0) & (content[np.maximum(owner, 0)] >= sentence_start[absorbed])
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
