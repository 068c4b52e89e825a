"""The per-token context that the language rules of :mod:`jobcareer.rules` read.

A :class:`TokenContext` holds a batch's token flags with each token's neighbours' flags,
never across the boundary between two answers; :mod:`jobcareer.rules` re-exports it.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from jobcareer.token_types import flag_bits

__all__ = ["FEW_FLAGS", "TokenContext"]

#: Up to this many tokens, :attr:`TokenContext.present` is found in one pass over a list.
FEW_FLAGS = 128


class TokenContext:
    """Per-token arrays shared by the rules; neighbours never cross answers.

    Neighbours' flags, the first tokens of the answers and :attr:`present` are worked out
    when a rule first reads them (most sentences need few of them).

    Parameters
    ----------
    flags : ndarray of int64
        Each token's flag bits.
    position : ndarray of int64
        Each token's global position (``arange``).
    doc_start : ndarray of int64
        Position of the first token of each token's answer (non-decreasing).
    tokens_after : ndarray of int64
        How many tokens of the same answer follow each token.

    Attributes
    ----------
    one_answer : bool
        Whether the tokens are one answer's (a live update, a single ``explain``): the
        rules then skip the work of keeping answers apart.
    """

    def __init__(self, flags: np.ndarray, position: np.ndarray, doc_start: np.ndarray, tokens_after: np.ndarray):
        self.flags = flags
        self.position = position
        self.doc_start = doc_start
        self.tokens_after = tokens_after
        n = len(flags)
        self.one_answer = n == 0 or int(doc_start[-1]) == 0

    @cached_property
    def present(self) -> int:
        """The flag bits that some token has (a rule whose marker is absent has nothing to do)."""
        if len(self.flags) <= FEW_FLAGS:  # one pass over a list: fewer kinds of array operation
            present = 0
            for f in self.flag_list:
                present |= f
            return present
        return int(np.bitwise_or.reduce(self.flags))

    @cached_property
    def flag_list(self) -> list[int]:
        """The tokens' flags as a list (for the rules' paths over a few tokens)."""
        return self.flags.tolist()

    @cached_property
    def answer_starts(self) -> np.ndarray:
        """The first token of each answer that has tokens (int64)."""
        if self.one_answer:
            return np.zeros(min(len(self.flags), 1), dtype=np.int64)
        return (self.position == self.doc_start).nonzero()[0]

    @cached_property
    def previous_flags(self) -> np.ndarray:
        """Flags of the previous token of the same answer (0: none)."""
        flags = self.flags
        previous = np.empty_like(flags)
        previous[:1] = 0
        previous[1:] = flags[:-1]
        if not self.one_answer:
            previous[self.answer_starts] = 0
        return previous

    @cached_property
    def next_flags(self) -> np.ndarray:
        """Flags of the next token of the same answer (0: none)."""
        flags = self.flags
        following = np.empty_like(flags)
        following[:-1] = flags[1:]
        following[-1:] = 0
        if not self.one_answer:
            following[self.tokens_after < 1] = 0
        return following

    @cached_property
    def second_next_flags(self) -> np.ndarray:
        """Flags of the token after the next of the same answer (0: none); few rules need them."""
        second = np.empty_like(self.flags)
        second[:-2] = self.flags[2:]
        second[-2:] = 0
        if not self.one_answer:
            second[self.tokens_after < 2] = 0
        return second

    def has(self, *names: str) -> np.ndarray:
        """Whether each token has any of the named flags."""
        return (self.flags & flag_bits(*names)) != 0

    def flags_ahead(self, offset: np.ndarray, at: np.ndarray | None = None) -> np.ndarray:
        """Flags of token ``i + offset[i]`` (0 past the end of the answer), for every token
        ``i`` or, given ``at``, for the tokens ``at`` (``offset`` then one per token of ``at``)."""
        n = len(self.flags)
        if n == 0:
            return self.flags
        if at is None:
            target, room = self.position + offset, self.tokens_after
        else:
            target, room = at + offset, self.tokens_after[at]
        return np.where(room >= offset, self.flags[np.minimum(target, n - 1)], 0)
