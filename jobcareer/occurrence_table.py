"""Where each feature of a batch occurs: the occurrence table that makes explanations exact.

:meth:`jobcareer.features.Featurizer.occurrence_table` gives, for every in-vocabulary
feature occurrence of a batch, the tokens that produced it, as flat arrays
(:class:`OccurrenceTable`); :func:`feature_occurrences` finds them, and
:func:`occurrence_table` ties them to the batch's matrix entries.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from jobcareer.analysis import Analysis
from jobcareer.content_words import ContentWords, expand_ranges, token_covers

__all__ = ["FeatureOccurrences", "OccurrenceGroup", "OccurrenceTable", "feature_occurrences", "occurrence_table"]


class OccurrenceTable(NamedTuple):
    """Every in-vocabulary feature occurrence of a batch, with its tokens, as arrays.

    The batch's *entries* are its matrix's stored values (one per answer and active
    feature, in CSR order). Occurrences are sorted by entry, then text order.

    Attributes
    ----------
    values, columns : ndarray
        Each entry's value and column: the CSR ``data`` and ``indices`` of the batch's
        matrix, exactly as :meth:`Featurizer.transform` gives it.
    row_start : ndarray
        The entries of answer ``k`` are ``row_start[k]:row_start[k + 1]`` (CSR ``indptr``).
    entry_row : ndarray
        The answer of each entry.
    occurrence_entry : ndarray
        The entry of each occurrence.
    token_start : ndarray
        The tokens of occurrence ``o`` are ``tokens[token_start[o]:token_start[o + 1]]``.
    tokens : ndarray
        Global token positions (answer ``k``'s tokens start at ``analysis.bounds[k]``).
    entry_block : ndarray
        The block of each entry's feature: 0 words, 1 cues, 2 characters.
    entry_name : ndarray of str
        The name of each entry's feature.
    """

    values: np.ndarray
    columns: np.ndarray
    row_start: np.ndarray
    entry_row: np.ndarray
    occurrence_entry: np.ndarray
    token_start: np.ndarray
    tokens: np.ndarray
    entry_block: np.ndarray
    entry_name: np.ndarray


class OccurrenceGroup(NamedTuple):
    """In-vocabulary occurrences of one kind of feature in a batch.

    Attributes
    ----------
    kind : str
        ``"w"`` word n-grams, ``"c"`` cues, ``"ch"`` character n-grams.
    row, column : ndarray of int64
        The answer and the feature column of each occurrence.
    where : ndarray of int64
        Where each occurrence is: ``first content word index * 8 + n`` for word n-grams,
        the cue's match index in the analysis for cues, the content word index for
        characters.
    """

    kind: str
    row: np.ndarray
    column: np.ndarray
    where: np.ndarray


class FeatureOccurrences(NamedTuple):
    """Every in-vocabulary feature occurrence of a batch, sorted by answer, feature column,
    then text order (first token, last token).

    Attributes
    ----------
    row, column, block : ndarray of int64
        The answer, the feature column and its block (0 words, 1 cues, 2 characters) of
        each occurrence.
    first, last : ndarray of int64
        Its first and last token (global positions).
    token_start : ndarray of int64
        The tokens of occurrence ``o`` are ``tokens[token_start[o]:token_start[o + 1]]``.
    tokens : ndarray of int64
        Global token positions.
    """

    row: np.ndarray
    column: np.ndarray
    block: np.ndarray
    first: np.ndarray
    last: np.ndarray
    token_start: np.ndarray
    tokens: np.ndarray


def feature_occurrences(
    analysis: Analysis, words: ContentWords, groups: list[OccurrenceGroup], block: np.ndarray
) -> FeatureOccurrences:
    """The in-vocabulary occurrences of a batch with their tokens, in table order.

    Parameters
    ----------
    analysis : Analysis
        The batch.
    words : ContentWords
        The batch's content words.
    groups : list of OccurrenceGroup
        Its in-vocabulary occurrences.
    block : ndarray
        Block of every feature column.
    """
    rows, columns, firsts, lasts, lengths, tokens = [], [], [], [], [], []
    # word n-grams and characters (all at once) cover their content tokens' covers:
    # content word j and the n - 1 after it, with where = j * 8 + n
    spans = [g for g in groups if g.kind != "c" and len(g.row)]
    if spans:
        cover_start, cover_positions = token_covers(analysis, words.position, words.skipped)
        where = _joined([g.where if g.kind == "w" else g.where * 8 + 1 for g in spans])
        cover = cover_start[where >> 3]
        length = cover_start[(where >> 3) + (where & 7)] - cover
        rows.append(_joined([g.row for g in spans]))
        columns.append(_joined([g.column for g in spans]))
        lengths.append(length)
        tokens.append(cover_positions[expand_ranges(cover, length)])
        firsts.append(cover_positions[cover])
        lasts.append(cover_positions[cover + length - 1])
    for kind, row, column, where in groups:  # a cue covers the tokens of its span
        if kind == "c" and len(row):
            first = analysis.cue_start[where]
            end = analysis.cue_end[where]
            rows.append(row)
            columns.append(column)
            lengths.append(end - first)
            tokens.append(expand_ranges(first, end - first))
            firsts.append(first)
            lasts.append(end - 1)
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return FeatureOccurrences(empty, empty, empty, empty, empty, np.zeros(1, dtype=np.int64), empty)
    row, column, first, last, length, token = (
        _joined(x).astype(np.int64, copy=False) for x in (rows, columns, firsts, lasts, lengths, tokens)
    )
    start = length.cumsum() - length
    n = analysis.n_tokens
    if len(analysis.bounds) == 2 and len(block) * n * n < 1 << 62:
        # one answer: the same order from one stable sort of a single key (fewer kinds of
        # operation: what a live update runs right after a garbage collection costs less)
        order = ((column * n + first) * n + last).argsort(kind="stable")
    else:
        order = np.lexsort((last, first, column, row))  # by entry, then text order
    length = length[order]
    token = token[expand_ranges(start[order], length)]
    token_start = np.zeros(len(order) + 1, dtype=np.int64)
    length.cumsum(out=token_start[1:])
    column = column[order]
    return FeatureOccurrences(row[order], column, block[column], first[order], last[order], token_start, token)


def _joined(arrays: list[np.ndarray]) -> np.ndarray:
    return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)


def occurrence_table(
    analysis: Analysis,
    entries: tuple[np.ndarray, np.ndarray, np.ndarray],
    occurrences: FeatureOccurrences,
    block: np.ndarray,
    names: np.ndarray,
) -> OccurrenceTable:
    """The occurrence table of a batch.

    Parameters
    ----------
    analysis : Analysis
        The batch.
    entries : tuple of ndarray
        ``(row, column, value)`` of the batch's matrix entries, in CSR order.
    occurrences : FeatureOccurrences
        Its in-vocabulary occurrences (:func:`feature_occurrences`).
    block, names : ndarray
        Block and name of every feature column.
    """
    entry_row, entry_column, entry_value = entries
    n_features = len(names)
    row_start = np.zeros(len(analysis) + 1, dtype=np.int64)
    np.bincount(entry_row, minlength=len(analysis)).cumsum(out=row_start[1:])
    entry_key = entry_row * n_features + entry_column
    occurrence_entry = entry_key.searchsorted(occurrences.row * n_features + occurrences.column)
    return OccurrenceTable(
        entry_value, entry_column, row_start, entry_row, occurrence_entry, occurrences.token_start,
        occurrences.tokens, block[entry_column], names[entry_column],
    )
