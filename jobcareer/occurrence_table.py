"""Where each feature of a batch occurs: the occurrence table that makes explanations exact.

:meth:`jobcareer.features.Featurizer.occurrence_table` gives, for every in-vocabulary
feature occurrence of a batch, the tokens that produced it, as flat arrays
(:class:`OccurrenceTable`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from jobcareer.analysis import Analysis
from jobcareer.content_words import ContentWords, expand_ranges, token_covers

__all__ = ["OccurrenceGroup", "OccurrenceTable", "occurrence_table"]


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


def occurrence_table(
    analysis: Analysis,
    entries: tuple[np.ndarray, np.ndarray, np.ndarray],
    words: ContentWords,
    groups: list[OccurrenceGroup],
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
    words : ContentWords
        The batch's content words.
    groups : list of OccurrenceGroup
        Its in-vocabulary occurrences.
    block, names : ndarray
        Block and name of every feature column.
    """
    entry_row, entry_column, entry_value = entries
    cover_start, cover_positions = token_covers(analysis, words.position)
    rows, columns, firsts, lengths, tokens = [], [], [], [], []
    for kind, row, column, where in groups:
        if kind == "c":  # a cue covers the tokens of its span
            first = analysis.cue_start[where]
            length = analysis.cue_end[where] - first
            found = expand_ranges(first, length)
        else:  # word n-grams and characters cover their content tokens' covers
            j = where >> 3 if kind == "w" else where
            n = where & 7 if kind == "w" else 1
            first = cover_start[j]
            length = cover_start[j + n] - first
            found = cover_positions[expand_ranges(first, length)]
        rows.append(row)
        columns.append(column)
        lengths.append(length)
        tokens.append(found)
        firsts.append(found[np.cumsum(length) - length] if len(found) else found)
    empty = np.zeros(0, dtype=np.int64)
    row, column, length, token = (np.concatenate([empty, *x]).astype(np.int64)
                                  for x in (rows, columns, lengths, tokens))
    first = np.concatenate([empty, *firsts]).astype(np.int64)
    start = np.cumsum(length) - length
    last = token[start + length - 1] if len(token) else first
    order = np.lexsort((last, first, column, row))  # by entry, then text order
    length = length[order]
    token = token[expand_ranges(start[order], length)]
    token_start = np.zeros(len(order) + 1, dtype=np.int64)
    np.cumsum(length, out=token_start[1:])
    n_features = len(names)
    row_start = np.zeros(len(analysis) + 1, dtype=np.int64)
    np.cumsum(np.bincount(entry_row, minlength=len(analysis)), out=row_start[1:])
    entry_key = entry_row * n_features + entry_column
    occurrence_entry = np.searchsorted(entry_key, row[order] * n_features + column[order])
    return OccurrenceTable(
        entry_value, entry_column, row_start, entry_row, occurrence_entry, token_start, token,
        block[entry_column], names[entry_column],
    )
