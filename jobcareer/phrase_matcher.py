"""Finding the lexicons' phrases in a whole batch of tokens at once.

Every word of every phrase has a small id (1 to ``2**WORD_BITS - 1``; 0 is "in no
phrase"); up to :data:`PACKED_WORDS` ids pack into one 64-bit code, the first word in the
lowest bits. :class:`PhraseMatcher` walks the phrases' prefix tree one length at a time,
over the token positions still on a known prefix (few after the first word), with
sorted-array lookups (or, for a few possible starts, one start at a time with dict and
set lookups); phrases longer than :data:`PACKED_WORDS` words are found by their first
words and confirmed one by one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

__all__ = ["FEW_CANDIDATES", "PACKED_WORDS", "WORD_BITS", "PhraseMatcher", "pack_words"]

#: Bits of one phrase-word id in a packed code.
WORD_BITS = 12
#: Phrase-word ids packed into one 64-bit code.
PACKED_WORDS = 5
#: Up to this many tokens that can start a phrase (in a batch of up to 32 times as many
#: tokens), :meth:`PhraseMatcher.match` walks the prefix tree one start at a time (for
#: one long sentence of 30 to 90 possible starts, 15-60 µs against 35-70 µs); up to this
#: many tokens, it finds the possible starts from a list of the tokens too.
FEW_CANDIDATES = 96
#: Up to this many matches, :meth:`PhraseMatcher.payloads` lists them one at a time.
FEW_MATCHES = 32
#: Where the word at each position of a phrase goes in its packed code.
_SHIFTS = [WORD_BITS * max(length - 1, 0) for length in range(PACKED_WORDS + 1)]


def pack_words(words: Sequence[int]) -> int:
    """The packed code of up to :data:`PACKED_WORDS` phrase-word ids."""
    code = 0
    for k, word in enumerate(words):
        code |= int(word) << (WORD_BITS * k)
    return code


def _in_sorted(keys: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which ``codes`` are in the sorted array ``keys``, and where."""
    where = np.searchsorted(keys, codes)
    where[where == len(keys)] = 0
    return keys[where] == codes, where


def _int_columns(rows: list[tuple[int, int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The three columns of ``rows`` as int64 arrays."""
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    first, second, third = zip(*rows)
    return np.array(first, dtype=np.int64), np.array(second, dtype=np.int64), np.array(third, dtype=np.int64)


class PhraseMatcher:
    """Token-sequence phrases, each with one or more integer payloads, matched in batches.

    Parameters
    ----------
    phrases : sequence of (tuple of int, int)
        Each phrase as its words' ids, with its payload (what the phrase stands for). A
        phrase listed with several payloads keeps them all; a phrase with a word id 0 or
        no words is ignored.
    n_words : int
        The largest word id.
    """

    def __init__(self, phrases: Sequence[tuple[tuple[int, ...], int]], n_words: int):
        payloads_of: dict[tuple[int, ...], set[int]] = {}
        for words, payload in phrases:
            if words and all(words):
                payloads_of.setdefault(tuple(words), set()).add(payload)
        self.starts_phrase = np.zeros(n_words + 1, dtype=bool)
        complete: dict[int, dict[int, int]] = {}  # length -> code of a whole phrase -> phrase index
        prefixes: dict[int, set[int]] = {}  # length -> codes of prefixes of longer phrases
        #: code of a long phrase's first PACKED_WORDS words -> (its other words, phrase index)
        self.long_tails: dict[int, list[tuple[tuple[int, ...], int]]] = {}
        payloads: list[list[int]] = []
        for index, (words, found) in enumerate(sorted(payloads_of.items())):
            payloads.append(sorted(found))
            self.starts_phrase[words[0]] = True
            for length in range(1, min(len(words), PACKED_WORDS) + 1):
                code = pack_words(words[:length])
                if length == len(words):
                    complete.setdefault(length, {})[code] = index
                else:
                    prefixes.setdefault(length, set()).add(code)
            if len(words) > PACKED_WORDS:
                self.long_tails.setdefault(pack_words(words[:PACKED_WORDS]), []).append(
                    (words[PACKED_WORDS:], index)
                )
        #: length -> (sorted codes of whole phrases, their phrase indices)
        self.complete = {
            length: (
                np.array(sorted(table), dtype=np.uint64),
                np.array([table[code] for code in sorted(table)], dtype=np.int64),
            )
            for length, table in complete.items()
        }
        #: length -> sorted codes of prefixes of longer phrases
        self.prefixes = {length: np.array(sorted(codes), dtype=np.uint64) for length, codes in prefixes.items()}
        # one-word codes are the word ids themselves: plain tables instead of searches
        self.one_word_phrase = np.full(n_words + 1, -1, dtype=np.int64)
        for code, index in complete.get(1, {}).items():
            self.one_word_phrase[code] = index
        self.starts_longer = np.zeros(n_words + 1, dtype=bool)
        self.starts_longer[list(prefixes.get(1, ()))] = True
        # the same tables as Python containers, for batches with few candidate starts
        self._complete_codes = [dict(complete.get(length, {})) for length in range(PACKED_WORDS + 1)]
        self._prefix_codes = [frozenset(prefixes.get(length, ())) for length in range(PACKED_WORDS + 1)]
        self._one_word_phrase = self.one_word_phrase.tolist()
        self._starts_longer = self.starts_longer.tolist()
        self._starts_phrase = self.starts_phrase.tolist()
        # payloads of phrase k: payload_values[payload_start[k]:payload_start[k + 1]]
        self.payload_start = np.zeros(len(payloads) + 1, dtype=np.int64)
        np.cumsum([len(p) for p in payloads], out=self.payload_start[1:])
        self.payload_values = np.array([v for p in payloads for v in p], dtype=np.int64)
        self._payload_lists = payloads

    def match(self, words: np.ndarray, tokens_after: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every phrase occurrence, in no set order.

        Parameters
        ----------
        words : ndarray of int64
            Each token's phrase-word id (0 if in no phrase).
        tokens_after : ndarray of int64
            How many tokens of the same answer follow each token (phrases never cross
            answers).

        Returns
        -------
        start, end, phrase : ndarray of int64
            Token span and phrase index of each occurrence.
        """
        n = len(words)
        if n <= FEW_CANDIDATES:  # few tokens (a sentence): the possible starts from a list too
            return _int_columns(self._few_token_matches(words, tokens_after))
        candidates = self.starts_phrase[words].nonzero()[0]
        if len(candidates) <= FEW_CANDIDATES and n <= FEW_CANDIDATES * 32:
            return _int_columns(self._few_matches(words, words.tolist(), tokens_after, candidates.tolist()))
        first_words = words[candidates]
        code = first_words.astype(np.uint64)
        starts, ends, found = [], [], []
        for length in range(1, PACKED_WORDS + 1):
            if length > 1:
                ok = tokens_after[candidates] >= length - 1
                next_word = words[np.minimum(candidates + length - 1, n - 1)]
                ok &= next_word != 0
                shift = np.uint64(WORD_BITS * (length - 1))
                candidates, code = candidates[ok], code[ok] | (next_word[ok].astype(np.uint64) << shift)
            if not len(candidates):
                break
            if length == 1:
                phrase = self.one_word_phrase[first_words]
                hit = phrase >= 0
                starts.append(candidates[hit])
                found.append(phrase[hit])
                ends.append(candidates[hit] + 1)
                more = self.starts_longer[first_words]
                candidates, code = candidates[more], code[more]
                continue
            table = self.complete.get(length)
            if table is not None:
                hit, where = _in_sorted(table[0], code)
                starts.append(candidates[hit])
                found.append(table[1][where[hit]])
                ends.append(candidates[hit] + length)
            keys = self.prefixes.get(length)
            if keys is None:
                candidates = candidates[:0]
                break
            more, _ = _in_sorted(keys, code)
            candidates, code = candidates[more], code[more]
        if len(candidates) and self.long_tails:
            long_matches = self._long_matches(words, tokens_after, zip(candidates.tolist(), code.tolist()))
            if long_matches:
                s, e, f = zip(*long_matches)
                starts.append(np.array(s, dtype=np.int64))
                ends.append(np.array(e, dtype=np.int64))
                found.append(np.array(f, dtype=np.int64))
        if not starts:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        return np.concatenate(starts), np.concatenate(ends), np.concatenate(found)

    def match_payloads(self, words: np.ndarray, tokens_after: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every phrase occurrence once per payload of its phrase: :meth:`match` then
        :meth:`payloads` (``start[match], end[match], payload``), in their order.

        For a few tokens with a few matches, worked out on lists without the arrays in
        between (the tests hold the two ways to the same result).

        Returns
        -------
        start, end, payload : ndarray of int64
            Token span and payload of each (occurrence, payload) pair.
        """
        if len(words) <= FEW_CANDIDATES:
            found = self._few_token_matches(words, tokens_after)
            if len(found) <= FEW_MATCHES:
                payloads = self._payload_lists
                return _int_columns([(s, e, v) for s, e, phrase in found for v in payloads[phrase]])
            start, end, phrase = _int_columns(found)
        else:
            start, end, phrase = self.match(words, tokens_after)
        match, payload = self.payloads(phrase)
        return start[match], end[match], payload

    def _few_token_matches(self, words: np.ndarray, tokens_after: np.ndarray) -> list[tuple[int, int, int]]:
        """:meth:`_few_matches` of a few tokens, their possible starts found from a list."""
        word_of, starts_phrase = words.tolist(), self._starts_phrase
        return self._few_matches(words, word_of, tokens_after, [i for i, w in enumerate(word_of) if starts_phrase[w]])

    def _few_matches(
        self, words: np.ndarray, word_of: list[int], tokens_after: np.ndarray, candidates: list[int]
    ) -> list[tuple[int, int, int]]:
        """:meth:`match` one candidate start at a time, as ``(start, end, phrase)`` tuples:
        the same walk of the same tables, in the same order, cheaper than the array
        operations for a few candidates (``word_of``: ``words`` as a list; ``candidates``:
        the possible starts, in order)."""
        after = tokens_after.tolist()
        one_word_phrase, starts_longer = self._one_word_phrase, self._starts_longer
        complete, prefixes = self._complete_codes, self._prefix_codes
        by_length: list[list[tuple[int, int]]] = [[] for _ in range(PACKED_WORDS + 1)]
        longer: list[tuple[int, int]] = []  # starts still on a prefix after PACKED_WORDS words, and their code
        for i in candidates:
            code = word_of[i]
            phrase = one_word_phrase[code]
            if phrase >= 0:
                by_length[1].append((i, phrase))
            if not starts_longer[code]:
                continue
            last = min(PACKED_WORDS, after[i] + 1)  # the answer's end
            for length in range(2, last + 1):
                word = word_of[i + length - 1]
                if not word:
                    break
                code |= word << _SHIFTS[length]
                phrase = complete[length].get(code, -1)
                if phrase >= 0:
                    by_length[length].append((i, phrase))
                if code not in prefixes[length]:
                    break
            else:
                if last == PACKED_WORDS:
                    longer.append((i, code))
        found = [(i, i + length, phrase) for length, hits in enumerate(by_length) for i, phrase in hits]
        if longer and self.long_tails:
            found += self._long_matches(words, tokens_after, longer)
        return found

    def _long_matches(
        self, words: np.ndarray, tokens_after: np.ndarray, starts: Iterable[tuple[int, int]]
    ) -> list[tuple[int, int, int]]:
        """Phrases longer than PACKED_WORDS from ``(start, code of its first words)`` pairs."""
        return [
            (i, i + PACKED_WORDS + len(rest), index)
            for i, c in starts
            for rest, index in self.long_tails.get(c, ())
            if tokens_after[i] >= PACKED_WORDS + len(rest) - 1
            and tuple(words[i + PACKED_WORDS : i + PACKED_WORDS + len(rest)].tolist()) == rest
        ]

    def payloads(self, phrase: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For matched phrases, ``(which match, payload)`` pairs: one per payload of each."""
        if len(phrase) <= FEW_MATCHES:
            payloads = self._payload_lists
            pairs = [(m, v) for m, p in enumerate(phrase.tolist()) for v in payloads[p]]
            return (np.array([m for m, _ in pairs], dtype=np.int64), np.array([v for _, v in pairs], dtype=np.int64))
        first = self.payload_start[phrase]
        counts = self.payload_start[phrase + 1] - first
        match = np.repeat(np.arange(len(phrase)), counts)
        offset = np.arange(len(match)) - np.repeat(np.cumsum(counts) - counts, counts)
        return match, self.payload_values[first[match] + offset]
