"""The analysed pieces of a live answer: token arrays and feature occurrences of a stretch
of sentences, kept between updates, joined and split.

A :class:`LivePart` holds what :class:`jobcareer.live.LiveAnswer` needs of the analysis of
a stretch of the answer, in positions of the whole answer (token positions count from the
answer's first token, character offsets from its first character): per token, the
analysis fields; per feature occurrence, its feature column and block, its first and last
token, its length and whether it is all stop words; and the cue matches. Parts of
consecutive stretches join into one (:func:`join_parts`), a part splits at a sentence
start (:meth:`LivePart.split`), the join of leading parts is cut from a longer join
(:func:`leading_parts`), and a part of the whole answer becomes an
:class:`~jobcareer.analysis.Analysis` again (:func:`stitched_analysis`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from jobcareer.analysis import Analysis

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jobcareer.features import FeatureOccurrences

__all__ = ["OCCURRENCE_FIELDS", "TOKEN_FIELDS", "LivePart", "join_parts", "leading_parts", "stitched_analysis"]

#: Per-token fields of a part: the analysis's, each token's character span, and the two
#: facts phrases read (punctuation, negation cue).
TOKEN_FIELDS = ("types", "flags", "sent_start", "filler", "negated", "conceded", "norm", "form",
                "is_punct", "is_negation_cue", "idx", "end")
#: Per-occurrence fields of a part.
OCCURRENCE_FIELDS = ("column", "block", "first", "last", "length", "all_stop")
_BOOLEAN_FIELDS = frozenset({"sent_start", "filler", "negated", "conceded", "is_punct", "is_negation_cue", "all_stop"})


@dataclass
class LivePart:
    """The analysis and feature occurrences of a stretch of an answer (see the module docstring).

    Attributes
    ----------
    chars : tuple of int
        The character range of the text it was made from.
    n_tokens : int
        Its tokens.
    tokens : dict of str to ndarray
        :data:`TOKEN_FIELDS`, one value per token.
    cues : tuple of ndarray
        Cue matches: start and end token, cue set.
    occurrences : dict of str to ndarray
        :data:`OCCURRENCE_FIELDS`, one value per feature occurrence.
    occurrence_tokens : ndarray of int
        The tokens of the occurrences, concatenated in occurrence order.
    forms : FormTable
        The form table the ``form`` ids refer to.
    """

    chars: tuple[int, int]
    n_tokens: int
    tokens: dict[str, np.ndarray]
    cues: tuple[np.ndarray, np.ndarray, np.ndarray]
    occurrences: dict[str, np.ndarray]
    occurrence_tokens: np.ndarray
    forms: Any

    @classmethod
    def from_analysis(
        cls, analysis: Analysis, found: FeatureOccurrences, chars: tuple[int, int], token_base: int
    ) -> LivePart:
        """The part of one analysed stretch that starts at character ``chars[0]`` and token
        ``token_base`` of the answer (``found``: its feature occurrences)."""
        idx, end = analysis.char_offsets()
        char_base = chars[0]
        tokens = {
            "types": analysis.types, "flags": analysis.flags, "sent_start": analysis.sent_start,
            "filler": analysis.filler, "negated": analysis.negated, "conceded": analysis.conceded,
            "norm": analysis.norm, "form": analysis.form, "is_punct": analysis.is_punct,
            "is_negation_cue": analysis.is_negation_cue, "idx": idx + char_base, "end": end + char_base,
        }
        occurrence_tokens, token_start = found.tokens, found.token_start
        # whether an occurrence's tokens are all stop words: none of them is another word
        other_words = np.zeros(len(occurrence_tokens) + 1, dtype=np.int64)
        (~analysis.is_stop[occurrence_tokens]).cumsum(out=other_words[1:])
        all_stop = other_words[token_start[1:]] == other_words[token_start[:-1]]
        occurrences = {
            "column": found.column, "block": found.block, "first": found.first + token_base,
            "last": found.last + token_base, "length": token_start[1:] - token_start[:-1], "all_stop": all_stop,
        }
        cues = (analysis.cue_start + token_base, analysis.cue_end + token_base, analysis.cue_set)
        return cls(chars, analysis.n_tokens, tokens, cues, occurrences, occurrence_tokens + token_base,
                   analysis.forms)

    @classmethod
    def empty(cls, chars: tuple[int, int], forms: Any) -> LivePart:
        """A part without tokens (a blank stretch)."""
        tokens = {f: np.zeros(0, dtype=bool if f in _BOOLEAN_FIELDS else np.int64) for f in TOKEN_FIELDS}
        tokens["norm"] = np.zeros(0, dtype=np.int8)
        occurrences = {f: np.zeros(0, dtype=bool if f in _BOOLEAN_FIELDS else np.int64) for f in OCCURRENCE_FIELDS}
        empty = np.zeros(0, dtype=np.int64)
        return cls(chars, 0, tokens, (empty, empty, empty), occurrences, empty, forms)

    def split(self, token_base: int, cut: int, cut_char: int) -> tuple[LivePart, LivePart]:
        """The part's tokens before its token ``cut`` (a sentence start, at character
        ``cut_char``) and from it on; ``token_base`` is the part's first token."""
        at = token_base + cut
        before = self.occurrences["first"] < at
        if np.count_nonzero(self.occurrences["last"][before] >= at):  # pragma: no cover - features stay in a sentence
            raise AssertionError("a feature occurrence crosses a sentence boundary")
        # an occurrence's tokens lie between its first and last: those of the occurrences
        # before the cut are the tokens before it, in the same order
        token_before = self.occurrence_tokens < at
        cue_before = self.cues[0] < at

        def pick(occurrence: np.ndarray, token: np.ndarray, cue: np.ndarray, tokens: slice,
                 chars: tuple[int, int]) -> LivePart:
            return LivePart(
                chars=chars,
                n_tokens=len(range(self.n_tokens)[tokens]),
                tokens={f: v[tokens] for f, v in self.tokens.items()},
                cues=(self.cues[0][cue], self.cues[1][cue], self.cues[2][cue]),
                occurrences={f: v[occurrence] for f, v in self.occurrences.items()},
                occurrence_tokens=self.occurrence_tokens[token],
                forms=self.forms,
            )

        return (pick(before, token_before, cue_before, slice(None, cut), (self.chars[0], cut_char)),
                pick(~before, ~token_before, ~cue_before, slice(cut, None), (cut_char, self.chars[1])))


def join_parts(parts: Sequence[LivePart], fields: Sequence[str] = TOKEN_FIELDS) -> LivePart:
    """One part holding consecutive parts (only the token ``fields`` asked for)."""
    if len(parts) == 1 and len(fields) == len(TOKEN_FIELDS):
        return parts[0]
    return LivePart(
        chars=(parts[0].chars[0], parts[-1].chars[1]),
        n_tokens=sum(p.n_tokens for p in parts),
        tokens={f: np.concatenate([p.tokens[f] for p in parts]) for f in fields},
        cues=(np.concatenate([p.cues[0] for p in parts]), np.concatenate([p.cues[1] for p in parts]),
              np.concatenate([p.cues[2] for p in parts])),
        occurrences={f: np.concatenate([p.occurrences[f] for p in parts]) for f in OCCURRENCE_FIELDS},
        occurrence_tokens=np.concatenate([p.occurrence_tokens for p in parts]),
        forms=parts[-1].forms,
    )


def leading_parts(whole: LivePart, parts: Sequence[LivePart]) -> LivePart | None:
    """The join of ``parts`` cut from ``whole``, the join of ``parts`` and of parts after
    them (slices of its arrays, instead of joining again); None for no parts."""
    if not parts:
        return None
    n_tokens = sum(p.n_tokens for p in parts)
    n_cues = sum(len(p.cues[0]) for p in parts)
    n_occurrences = sum(len(p.occurrences["column"]) for p in parts)
    n_occurrence_tokens = sum(len(p.occurrence_tokens) for p in parts)
    return LivePart(
        chars=(parts[0].chars[0], parts[-1].chars[1]),
        n_tokens=n_tokens,
        tokens={f: v[:n_tokens] for f, v in whole.tokens.items()},
        cues=(whole.cues[0][:n_cues], whole.cues[1][:n_cues], whole.cues[2][:n_cues]),
        occurrences={f: v[:n_occurrences] for f, v in whole.occurrences.items()},
        occurrence_tokens=whole.occurrence_tokens[:n_occurrence_tokens],
        forms=parts[-1].forms,
    )


class _Stitched(Analysis):
    """An :class:`Analysis` of one answer put together from parts (offsets given)."""

    offsets: tuple[np.ndarray, np.ndarray]

    def __len__(self) -> int:
        return 1

    def char_offsets(self) -> tuple[np.ndarray, np.ndarray]:
        return self.offsets


def stitched_analysis(whole: LivePart, cue_names: Sequence[str]) -> Analysis:
    """The :class:`~jobcareer.analysis.Analysis` of a one-answer batch from a part of the
    whole answer (its Docs are not kept: pass the answer's text where one is needed)."""
    t = whole.tokens
    analysis = _Stitched(
        docs=[],
        bounds=np.array([0, whole.n_tokens], dtype=np.int64),
        types=t["types"], flags=t["flags"], sent_start=t["sent_start"], filler=t["filler"],
        negated=t["negated"], conceded=t["conceded"], norm=t["norm"], form=t["form"],
        cue_start=whole.cues[0], cue_end=whole.cues[1], cue_set=whole.cues[2],
        forms=whole.forms, cue_names=cue_names,
    )
    analysis.offsets = (t["idx"], t["end"])
    return analysis
