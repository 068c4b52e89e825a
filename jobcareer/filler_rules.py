"""The filler rules of the analysis: listed fillers, discourse markers and repetitions.

Part of the language rules of :mod:`jobcareer.rules` (which re-exports
:func:`filler_tokens`), as array operations over a batch's tokens; a rule whose marker
word no token has (:attr:`jobcareer.token_context.TokenContext.present`) costs no array
operation.
"""

from __future__ import annotations

import numpy as np

from jobcareer.token_context import TokenContext
from jobcareer.token_types import flag_bits

# Flag bits tested on every sentence, looked up once.
_FILLER, _LIKE, _KNOW_OR_MEAN, _ALPHA_LOWER = (
    flag_bits("filler"), flag_bits("like"), flag_bits("know", "mean"), flag_bits("alpha_lower")
)

__all__ = ["FEW_TOKENS", "filler_tokens", "repetition_candidates"]

#: Up to this many tokens, :func:`repetition_candidates` walks a list of them (fewer kinds
#: of array operation; the tests hold it to the array way).
FEW_TOKENS = 128


def filler_tokens(
    ctx: TokenContext,
    lower: np.ndarray,
    sent_start: np.ndarray,
    phrase_starts: np.ndarray,
    phrase_ends: np.ndarray,
    *,
    mark_repetitions: bool,
) -> np.ndarray:
    """Fillers and disfluencies.

    Listed fillers ("um", and the matched multi-word ones such as "so yeah", given as
    token spans); "you know" and "i mean" as discourse markers (not followed by an
    object); discourse "like" (not the verb or the comparison); and, if
    ``mark_repetitions``, the first copy of an immediately repeated word or phrase of up
    to three words ("i i want"). ``lower`` holds each token's lowercase-text id.
    """
    flags, present = ctx.flags, ctx.present
    filler = ctx.has("filler") if present & _FILLER else np.zeros(len(flags), dtype=bool)
    for s, e in zip(phrase_starts.tolist(), phrase_ends.tolist()):
        filler[s:e] = True
    if present & _LIKE:
        filler |= (
            (flags & flag_bits("like") != 0)
            & (ctx.previous_flags & flag_bits("like_verb_before") == 0)
            & (ctx.next_flags & flag_bits("like_not_before") == 0)
        )
    if present & _KNOW_OR_MEAN and np.count_nonzero(ctx.next_flags & flag_bits("know", "mean")):
        following = ctx.next_flags
        marker = (
            (flags & flag_bits("you") != 0) & (following & flag_bits("know") != 0)
            & (ctx.second_next_flags & flag_bits("know_object") == 0)
        ) | (
            (flags & flag_bits("i") != 0) & (following & flag_bits("mean") != 0)
            & (ctx.second_next_flags & flag_bits("mean_object") == 0)
        )
        filler |= marker
        filler[1:] |= marker[:-1]  # the second word of the marker (same answer: it exists)
    if mark_repetitions:
        _mark_repetitions(ctx, lower, sent_start, filler)
    return filler


def repetition_candidates(ctx: TokenContext, lower: np.ndarray) -> list[int]:
    """Where a repetition may start: an alphabetic word equal to one of the next three
    (``lower`` ids; answers not kept apart, the caller checks each candidate in full)."""
    n = len(lower)
    if n <= FEW_TOKENS:
        words, flags, alpha = lower.tolist(), ctx.flag_list, _ALPHA_LOWER
        return [i for i, w in enumerate(words) if flags[i] & alpha and w in words[i + 1 : i + 4]]
    equal = np.zeros(n, dtype=bool)
    for size in (1, 2, 3):
        equal[:-size] |= lower[:-size] == lower[size:]
    return (equal & ctx.has("alpha_lower")).nonzero()[0].tolist()


def _mark_repetitions(ctx: TokenContext, lower: np.ndarray, sent_start: np.ndarray, filler: np.ndarray) -> None:
    # Candidates: an alphabetic word equal to one of the next three (rare), then each
    # candidate is checked in full.
    candidates = repetition_candidates(ctx, lower)
    if not candidates:
        return
    keep, repeatable = flag_bits("keep_repeated"), flag_bits("repeatable")
    flags, tokens_after = ctx.flags, ctx.tokens_after
    for i in candidates:
        room = int(tokens_after[i])
        for size in (1, 2, 3):
            if room < 2 * size - 1:
                break
            first, second = lower[i : i + size].tolist(), lower[i + size : i + 2 * size].tolist()
            if first != second or (size == 1 and flags[i] & keep):
                continue
            if sent_start[i + 1 : i + 2 * size].any():
                continue  # a repeat across a sentence boundary is not a false start
            if all(flags[k] & repeatable for k in range(i, i + size)):
                filler[i : i + size] = True
