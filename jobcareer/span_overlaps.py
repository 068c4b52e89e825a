"""Choosing among overlapping token spans: the longest is kept, then the earliest.

Used where phrase matches compete for the same tokens (occupation titles, cue phrases).
"""

from __future__ import annotations

import numpy as np

__all__ = ["FEW_SPANS", "longest_first", "resolve_few_cue_overlaps", "resolve_few_overlaps", "resolve_overlaps"]

#: Up to this many spans, :func:`resolve_overlaps` applies :func:`longest_first` to one
#: group at a time (the same result: the tests hold the two ways to it).
FEW_SPANS = 32


def longest_first(starts: list[int], ends: list[int], overlap_any: bool) -> list[int]:
    """Indices of the spans kept when overlaps keep the longest (then the earliest).

    Parameters
    ----------
    starts, ends : list of int
        The spans (end exclusive).
    overlap_any : bool
        False applies spaCy's ``filter_spans`` rule (a span is dropped when its first or
        last token is taken); True drops a span that overlaps a kept one anywhere.
    """
    order = sorted(range(len(starts)), key=lambda k: (starts[k] - ends[k], starts[k]))
    kept: list[int] = []
    taken: set[int] = set()
    spans: list[tuple[int, int]] = []
    for k in order:
        s, e = starts[k], ends[k]
        if overlap_any:
            if all(e <= a or s >= b for a, b in spans):
                kept.append(k)
                spans.append((s, e))
        elif s not in taken and e - 1 not in taken:
            kept.append(k)
            taken.update(range(s, e))
    return kept


def resolve_few_overlaps(starts: list[int], ends: list[int], groups: list[int], overlap_any: bool) -> list[int]:
    """:func:`resolve_overlaps` of spans given as lists, one group at a time (for few spans).

    Parameters
    ----------
    starts, ends, groups : list of int
        The spans, sorted by group then start.
    overlap_any : bool
        As for :func:`longest_first`.

    Returns
    -------
    list of int
        The indices of the spans kept, in increasing order.
    """
    kept: list[int] = []
    lo = 0
    for hi in range(1, len(groups) + 1):
        if hi < len(groups) and groups[hi] == groups[lo]:
            continue
        if hi - lo == 1:
            kept.append(lo)
        else:
            kept += [lo + k for k in longest_first(starts[lo:hi], ends[lo:hi], overlap_any)]
        lo = hi
    kept.sort()
    return kept


def resolve_overlaps(starts: np.ndarray, ends: np.ndarray, groups: np.ndarray, *, overlap_any: bool) -> np.ndarray:
    """Indices of the spans kept, given spans sorted by group then start.

    Spans compete only within their group. Where exactly two spans overlap each other and
    nothing else, the longer (then the earlier) is kept, with array operations; longer
    chains of overlaps, which are rare, are resolved one group at a time by
    :func:`longest_first` (``overlap_any`` as there), and so are all the spans when there
    are at most :data:`FEW_SPANS` of them.
    """
    m = len(starts)
    if m < 2:
        return np.arange(m, dtype=np.int64)
    if m <= FEW_SPANS:  # few spans: one group at a time costs less than the array operations
        kept = resolve_few_overlaps(starts.tolist(), ends.tolist(), groups.tolist(), overlap_any)
        return np.array(kept, dtype=np.int64)
    keep = np.ones(m, dtype=bool)
    same_group = groups[1:] == groups[:-1]
    # the furthest end so far within each group: every group is shifted above the ends of
    # the groups before it, so that one running maximum serves them all
    group_shift = np.concatenate([[0], np.cumsum(~same_group)]) * (int(ends.max()) + 1)
    furthest_end = np.maximum.accumulate(ends + group_shift)
    # span j + 1 overlaps an earlier span of its group
    clash = same_group & (starts[1:] + group_shift[1:] < furthest_end[:-1])
    if not clash.any():
        return np.flatnonzero(keep)
    padded = np.concatenate([[False], clash, [False]])
    pair = clash & ~padded[:-2] & ~padded[2:]  # spans j, j + 1 overlap, and only each other
    first = np.flatnonzero(pair)
    longer_first = (ends[first] - starts[first]) >= (ends[first + 1] - starts[first + 1])
    keep[np.where(longer_first, first + 1, first)] = False
    chained = clash & ~pair
    for group in np.unique(groups[1:][chained]).tolist():
        members = np.flatnonzero(groups == group)
        kept = set(longest_first(starts[members].tolist(), ends[members].tolist(), overlap_any))
        keep[members] = [k in kept for k in range(len(members))]
    return np.flatnonzero(keep)


def resolve_few_cue_overlaps(
    starts: np.ndarray, ends: np.ndarray, sets: np.ndarray, docs: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`jobcareer.rules.resolve_cue_overlaps` of at most :data:`FEW_SPANS` cue matches.

    The choice of :func:`longest_first` (``overlap_any``) within each answer and cue set,
    in one pass over a sorted list: for a sentence's few matches, less work than the
    general functions (the tests hold the two ways to the same result).

    Parameters
    ----------
    starts, ends, sets, docs : ndarray of int
        Each match's token span, cue set and answer start, in any order.

    Returns
    -------
    starts, ends, sets : ndarray
        The matches kept, ordered by start, end and set. Python's sorts on tuples give the
        order ``np.lexsort`` gives: matches that tie are equal.
    """
    found = sorted(zip(docs.tolist(), sets.tolist(), starts.tolist(), ends.tolist()))
    kept: list[tuple[int, int, int]] = []
    lo = 0
    for hi in range(1, len(found) + 1):
        if hi < len(found) and found[hi][:2] == found[lo][:2]:
            continue  # the same answer and cue set
        cue_set = found[lo][1]
        if hi - lo == 1:
            kept.append((found[lo][2], found[lo][3], cue_set))
        else:  # the longest first, then the earliest; a match overlapping one kept is dropped
            group = found[lo:hi]
            chosen = longest_first([m[2] for m in group], [m[3] for m in group], overlap_any=True)
            kept += [(group[k][2], group[k][3], cue_set) for k in chosen]
        lo = hi
    kept.sort()
    out = list(zip(*kept)) or [(), (), ()]
    return (np.array(out[0], dtype=starts.dtype), np.array(out[1], dtype=ends.dtype),
            np.array(out[2], dtype=sets.dtype))
