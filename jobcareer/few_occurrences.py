"""The feature occurrences of one short answer, found by walking its tokens.

:func:`jobcareer.occurrence_table.feature_occurrences` and what it builds on (content
words, word n-grams, cue occurrences, token covers) work with array operations over a
whole batch: about a hundred of them, however few tokens the batch holds. A live update
analyses one short sentence, and its first update after a garbage collection (which
leaves the processor's caches cold) pays 10-40 µs for each distinct array operation.
Walking a few dozen tokens in Python touches far less code. :func:`few_feature_occurrences`
gives the same :class:`~jobcareer.occurrence_table.FeatureOccurrences` that way, for one
answer; ``tests/test_few_occurrences.py`` holds the two ways equal on the corpus and on
random token sequences.

The rules it follows are those of the array functions: content words are the tokens that
are not fillers, punctuation, spaces or absorbed into a placeholder (nor, when conceded
words are skipped, in a conceded clause); n-grams stay inside a segment (a sentence, or a
stretch of one between skipped runs); a content word covers itself and the absorbed tokens
after it in its segment; a cue covers its span, is negated when a token of it or the one
before it is in a negation scope, and conceded when a token of it is in a conceded clause.
"""

from __future__ import annotations

import numpy as np

from jobcareer.analysis import Analysis
from jobcareer.feature_blocks import PAIR_SHIFT, cue_key, cue_set_sides, side_key
from jobcareer.feature_columns import ColumnLookup
from jobcareer.forms import ABSORBED, OCCUPATION
from jobcareer.occurrence_table import FeatureOccurrences
from jobcareer.token_types import flag_bits

__all__ = ["MAX_FEW_TOKENS", "few_feature_occurrences"]

#: Answers of up to this many tokens are walked in Python (a live update's unfinished
#: sentence, usually); longer ones take the array way. Warm, the walk costs a fifth of the
#: array way at 15 tokens, under half at 45, and about as much from 140 on.
MAX_FEW_TOKENS = 96

#: An occurrence before sorting: (column, first token, last token, its tokens).
_Occurrence = tuple[int, int, int, list[int]]


def few_feature_occurrences(
    analysis: Analysis,
    lookup: ColumnLookup,
    *,
    ngram_range: tuple[int, int],
    occupation_unigram: bool,
    skip_conceded_words: bool,
    concession: bool,
    cue_sides: bool,
) -> FeatureOccurrences:
    """The in-vocabulary word n-gram and cue occurrences of a one-answer batch.

    Parameters
    ----------
    analysis : Analysis
        A batch of exactly one answer.
    lookup : ColumnLookup
        The columns, covering every form of the analysis.
    ngram_range, occupation_unigram, skip_conceded_words, concession, cue_sides
        As the :class:`~jobcareer.features.Featurizer` parameters of those names.

    Returns
    -------
    FeatureOccurrences
        Equal to :func:`jobcareer.occurrence_table.feature_occurrences` for the same
        featurizer without character n-grams.
    """
    if len(analysis.bounds) != 2:
        raise ValueError(f"few_feature_occurrences takes one answer, got a batch of {len(analysis.bounds) - 1}")
    occurrences = _word_occurrences(analysis, lookup, ngram_range, occupation_unigram, skip_conceded_words)
    occurrences += _cue_occurrences(analysis, lookup, concession, cue_sides)
    occurrences.sort(key=lambda o: (o[0], o[1], o[2]))  # stable: by column, then text order
    columns, firsts, lasts, token_start, tokens = [], [], [], [0], []
    for column, first, last, covered in occurrences:
        columns.append(column)
        firsts.append(first)
        lasts.append(last)
        tokens += covered
        token_start.append(len(tokens))
    column_array = np.array(columns, dtype=np.int64)
    return FeatureOccurrences(
        np.zeros(len(columns), dtype=np.int64), column_array, lookup.block[column_array],
        np.array(firsts, dtype=np.int64), np.array(lasts, dtype=np.int64),
        np.array(token_start, dtype=np.int64), np.array(tokens, dtype=np.int64),
    )


def _word_occurrences(
    analysis: Analysis, lookup: ColumnLookup, ngram_range: tuple[int, int], occupation_unigram: bool, skip: bool
) -> list[_Occurrence]:
    """Word n-grams in the vocabulary, by size, then by first word."""
    flags, norm, filler = analysis.flags.tolist(), analysis.norm.tolist(), analysis.filler.tolist()
    sent_start, form, negated = analysis.sent_start.tolist(), analysis.form.tolist(), analysis.negated.tolist()
    conceded = analysis.conceded.tolist() if skip else []
    skip = skip and any(conceded)
    not_content = flag_bits("punct", "space")
    keys: list[int] = []  # of each content word
    segments: list[int] = []  # its segment number
    covers: list[list[int]] = []  # the tokens it covers
    segment = 0
    for i, token_flags in enumerate(flags):
        if sent_start[i] or (skip and i and conceded[i] != conceded[i - 1]):
            segment += 1
        if skip and conceded[i]:
            continue
        if norm[i] == ABSORBED:  # part of the placeholder of the content word before it
            if segments and segments[-1] == segment:
                covers[-1].append(i)
            continue
        if filler[i] or token_flags & not_content:
            continue
        keys.append(form[i] * 2 + negated[i])
        segments.append(segment)
        covers.append([i])
    out: list[_Occurrence] = []
    unigram, pairs, tuples = lookup.unigram, lookup.pairs, lookup.tuples
    lo, hi = ngram_range
    for n in range(lo, hi + 1):
        for j in range(len(keys) - n + 1):
            if n == 1:
                key = keys[j]
                if not occupation_unigram and key >> 1 == OCCUPATION:
                    continue
                column = unigram.item(key)
            elif segments[j] != segments[j + n - 1]:
                continue
            elif n == 2:
                column = pairs.get((keys[j] << PAIR_SHIFT) | keys[j + 1], -1)
            else:
                column = tuples.get(tuple(keys[j : j + n]), -1)
            if column >= 0:
                covered = covers[j] if n == 1 else [t for cover in covers[j : j + n] for t in cover]
                out.append((column, covered[0], covered[-1], covered))
    return out


def _cue_occurrences(analysis: Analysis, lookup: ColumnLookup, concession: bool, cue_sides: bool) -> list[_Occurrence]:
    """Cue occurrences in the vocabulary, by match, then their sides' by match."""
    starts = analysis.cue_start.tolist()
    if not starts:
        return []
    ends, sets = analysis.cue_end.tolist(), analysis.cue_set.tolist()
    negated = analysis.negated.tolist()
    conceded = analysis.conceded.tolist() if concession else []
    cue_columns = lookup.cue
    n_sets = len(analysis.cue_names)
    sides = cue_set_sides(tuple(analysis.cue_names)).tolist() if cue_sides else []
    out: list[_Occurrence] = []
    side_out: list[_Occurrence] = []
    for start, end, cue_set in zip(starts, ends, sets):
        variant = 1 if any(negated[start:end]) or (start > 0 and negated[start - 1]) else 0
        if concession and any(conceded[start:end]):
            variant += 2
        covered = list(range(start, end))
        column = cue_columns.item(cue_key(cue_set, variant))
        if column >= 0:
            out.append((column, start, end - 1, covered))
        if cue_sides and sides[cue_set] >= 0:
            column = cue_columns.item(side_key(sides[cue_set], variant, n_sets))
            if column >= 0:
                side_out.append((column, start, end - 1, covered))
    return out + side_out
