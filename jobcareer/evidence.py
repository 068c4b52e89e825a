"""How much an answer gives to go on: the evidence count and the low-evidence rule.

An answer's *evidence* is the number of its active features that carry content: every
lexicon cue, and every word feature whose first occurrence is not all stop words. Too
little of it, and the label means little (off-topic text, another language, a bare "Yes.").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from jobcareer.analysis import Analysis
    from jobcareer.features import OccurrenceTable

__all__ = ["evidence_counts", "is_low_evidence"]


def is_low_evidence(
    evidence: np.ndarray | int,
    min_evidence: int,
    *,
    cues: np.ndarray | int | None = None,
    min_uncued_evidence: int = 0,
) -> np.ndarray | bool:
    """The one rule that flags an answer as low-evidence (everywhere a label is shown).

    Parameters
    ----------
    evidence : int or ndarray of int
        Active features that carry content (:func:`evidence_counts`), per answer.
    min_evidence : int
        The model's ``min_evidence``: fewer is low evidence.
    cues : int or ndarray of int, optional
        Active cue features per answer (:func:`evidence_counts`). With none at all, fewer
        than ``min_uncued_evidence`` content features is low evidence too: word n-grams
        alone say little about off-topic text ("The weather was nice yesterday.").
    min_uncued_evidence : int, default 0
        The model's ``min_uncued_evidence``.

    Returns
    -------
    bool or ndarray of bool
        True where the answer has too few known signals for its label to mean much.
    """
    if type(evidence) is int and type(cues) is int:  # one answer's counts (a live update): no arrays
        return bool(evidence < min_evidence or (cues == 0 and evidence < min_uncued_evidence))
    low = np.asarray(evidence) < min_evidence
    if cues is not None:
        low = low | ((np.asarray(cues) == 0) & (np.asarray(evidence) < min_uncued_evidence))
    return low if low.ndim else bool(low)


def evidence_counts(analysis: Analysis, table: OccurrenceTable) -> tuple[np.ndarray, np.ndarray]:
    """Per answer of the batch: ``(evidence, cues)``, as arrays.

    ``evidence`` counts active cue features plus word features whose first occurrence is
    not all stop words; ``cues`` counts the active cue features alone.
    """
    entry = table.occurrence_entry
    n_entries = len(table.values)
    first_occurrence = np.searchsorted(entry, np.arange(n_entries + 1))
    stop = analysis.is_stop
    all_stop = np.minimum.reduceat(stop[table.tokens], table.token_start[:-1]) if len(entry) else stop[:0]
    is_word, is_cue = table.entry_block == 0, table.entry_block == 1
    has_occurrence = first_occurrence[:-1] < first_occurrence[1:]
    content = np.zeros(n_entries, dtype=bool)
    content[has_occurrence] = ~all_stop[first_occurrence[:-1][has_occurrence]]
    counts = np.bincount(table.entry_row, weights=is_cue | (is_word & content), minlength=len(analysis))
    cues = np.bincount(table.entry_row, weights=is_cue, minlength=len(analysis))
    return counts.astype(np.int64), cues.astype(np.int64)
