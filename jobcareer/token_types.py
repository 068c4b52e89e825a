"""Word-level facts, worked out once per distinct token text (a *type*).

Whether a token is punctuation, a filler, a negation cue, a unit of time, its lemma and
its phrase-word id depend on its text alone. :class:`TokenTypeTable` numbers every token
text it meets with a small *type id* and keeps these facts in arrays indexed by it, so an
analysis reads them for a whole batch with one indexing operation per fact.

The boolean facts are packed as bits of one integer per type (*flags*); the layout is
this module's own: other modules name the flags (:data:`FLAG_NAMES`) and get their bits
from :func:`flag_bits`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

import numpy as np
from spacy.attrs import ORTH
from spacy.pipeline.sentencizer import Sentencizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

from jobcareer.forms import FormTable

__all__ = [
    "CACHE_SLOTS", "FEW_TOKENS", "FLAG_NAMES", "LEMMA_FIXES", "LexiconWords", "TokenTypeTable", "TypeColumns",
    "flag_bits", "token_flags",
]

#: The facts of a token text, one bit each.
FLAG_NAMES = (
    "punct", "space", "like_num", "currency", "stop", "sent_punct",
    "filler", "neg_cue", "breaker", "contrast", "concessive", "concessive_initial", "granting",
    "like", "like_verb_before", "like_not_before", "you", "know", "know_object",
    "i", "mean", "mean_object", "keep_repeated", "repeatable", "alpha_lower",
    "money_suffix", "vague", "a", "one_or_some", "some", "hyphen", "of",
    "year_unit", "month_unit", "hour_unit", "day", "calendar_year",
    "copula", "denied_reason", "exceptive",
)
_FLAG_BITS = {name: 1 << k for k, name in enumerate(FLAG_NAMES)}

#: Up to this many tokens, :meth:`TokenTypeTable.doc_type_ids` looks up a Doc's tokens one
#: by one in a dictionary.
FEW_TOKENS = 128

#: Slots of the direct-mapped cache of type ids in front of the sorted table of types.
CACHE_SLOTS = 1 << 18

_SENTENCE_FINAL = frozenset(Sentencizer.default_punct_chars)
_YEAR_UNITS = frozenset({"year", "years", "yr", "yrs", "decade", "decades"})
_MONTH_UNITS = frozenset({"month", "months", "week", "weeks", "day", "days"})
_HOUR_UNITS = frozenset({"hour", "hours", "hr", "hrs", "minute", "minutes", "min", "mins"})
_VAGUE_NUMBERS = frozenset({"few", "couple", "several", "many", "some"})
_MONEY_SUFFIX = re.compile(r"^\d+(?:[.,]\d+)?(?:k|K|grand)$")
_CALENDAR_YEAR = re.compile(r"^(?:19[5-9]\d|20\d\d|2100)$")
#: Words after which "but" means "except" ("anything but", "nothing but", "last but not least").
_EXCEPTIVE = frozenset({"anything", "nothing", "everything", "none", "nobody", "everyone", "everybody",
                        "anyone", "anybody", "last"})

# Context words of the filler rules (see jobcareer.rules.filler_tokens).
_LIKE_VERB_BEFORE = frozenset(
    {"i", "you", "we", "they", "would", "'d", "d", "do", "did", "does", "n't", "nt",
     "not", "really", "also", "to", "actually", "still", "always", "just", "might",
     "will", "'ll", "ll", "feel", "feels", "felt", "look", "looks", "looked", "seem",
     "seems", "sound", "sounds", "something", "things", "stuff", "more", "much",
     "anything", "nothing", "people", "he", "she", "who", "most"}
)
_LIKE_NOT_BEFORE = frozenset({"to", "it", "this", "that"})
_KNOW_OBJECT_AFTER = frozenset(
    {"what", "how", "that", "the", "a", "an", "about", "him", "her", "them", "it", "this",
     "who", "where", "why", "when", "my", "your", "his", "their", "our", "if", "whether",
     "nothing", "everything", "anything", "everyone", "anyone"}
)
_MEAN_OBJECT_AFTER = frozenset({"it", "that", "to", "what"})
_KEEP_REPEATED = frozenset({"had", "that", "very", "really", "so", "no", "bye", "ha"})
# Verbs between a subject and a negation that denies it ("money *was* never why", "the
# title *has* never been the point"; see jobcareer.rules.denied_subjects).
_COPULAS = frozenset({"is", "was", "were", "are", "'s", "s", "'re", "has", "have", "had", "'ve", "been"})


@cache
def flag_bits(*names: str) -> int:
    """The bits of the named flags, combined (``flags & flag_bits("punct") != 0``).

    Cached: the rules ask for the same few combinations on every batch.

    Raises
    ------
    KeyError
        If a name is not one of :data:`FLAG_NAMES`.
    """
    try:
        return sum(_FLAG_BITS[name] for name in set(names))
    except KeyError as error:
        raise KeyError(f"unknown token flag {error}; the flags are {', '.join(FLAG_NAMES)}") from None


#: Lemmas that spacy-lookups-data's lookup table gets wrong for the words people use about
#: work ("does" -> "doe", "as" -> "a", "less" -> "little", "worse" -> "wrong"): these win.
LEMMA_FIXES: dict[str, str] = {
    "does": "do", "as": "as", "less": "less", "lesser": "less", "putting": "put",
    "ground": "ground", "worse": "bad", "worst": "bad",
}

@dataclass(frozen=True)
class LexiconWords:
    """The one-word entries of the lexicons that the token flags test (lowercased)."""

    fillers: frozenset[str]
    negation_cues: frozenset[str]
    scope_breakers: frozenset[str]
    contrast: frozenset[str]
    concessive: frozenset[str]
    concessive_initial: frozenset[str]
    granting: frozenset[str]
    denied_reasons: frozenset[str] = frozenset()


def token_flags(text: str, lower: str, lexeme: Any, words: LexiconWords) -> int:
    """The flag bits of one token text.

    Parameters
    ----------
    text, lower : str
        The token text and its lowercase form.
    lexeme : spacy.lexeme.Lexeme
        Its lexeme (spaCy's lexical attributes).
    words : LexiconWords
        The lexicon words to test it against.
    """
    facts = {
        "punct": lexeme.is_punct,
        "space": lexeme.is_space,
        "like_num": lexeme.like_num,
        "currency": lexeme.is_currency,
        "stop": lexeme.is_stop,
        "sent_punct": text in _SENTENCE_FINAL,
        "filler": lower in words.fillers,
        "neg_cue": lower in words.negation_cues,
        "breaker": lower in words.scope_breakers,
        "contrast": lower in words.contrast,
        "concessive": lower in words.concessive,
        "concessive_initial": lower in words.concessive_initial,
        "granting": lower in words.granting,
        "like": lower == "like",
        "like_verb_before": lower in _LIKE_VERB_BEFORE,
        "like_not_before": lower in _LIKE_NOT_BEFORE,
        "you": lower == "you",
        "know": lower == "know",
        "know_object": lower in _KNOW_OBJECT_AFTER,
        "i": lower == "i",
        "mean": lower == "mean",
        "mean_object": lower in _MEAN_OBJECT_AFTER,
        "keep_repeated": lower in _KEEP_REPEATED,
        "repeatable": lower.isalpha() or lower[:1] == "'",
        "alpha_lower": lower.isalpha(),
        "money_suffix": bool(_MONEY_SUFFIX.match(lower)),
        "vague": lower in _VAGUE_NUMBERS,
        "a": lower == "a",
        "one_or_some": lower in ("one", "some"),
        "some": lower == "some",
        "hyphen": lower == "-",
        "of": lower == "of",
        "year_unit": lower in _YEAR_UNITS,
        "month_unit": lower in _MONTH_UNITS,
        "hour_unit": lower in _HOUR_UNITS,
        "day": lower in ("day", "days"),
        "calendar_year": bool(_CALENDAR_YEAR.match(lower)),
        "copula": lower in _COPULAS,
        "denied_reason": lower in words.denied_reasons,
        "exceptive": lower in _EXCEPTIVE,
    }
    return sum(_FLAG_BITS[name] for name, fact in facts.items() if fact)


class TypeColumns(NamedTuple):
    """Per-token facts of a batch, read from the type table (int64 arrays)."""

    flags: np.ndarray  # flag bits
    lower: np.ndarray  # id of the lowercase text (equal ids: equal lowercase words)
    phrase_word: np.ndarray  # phrase-word id (0: in no lexicon phrase)
    form: np.ndarray  # id of the lowercased lemma in the table's FormTable


class TokenTypeTable:
    """Type ids of token texts, and the facts of each type.

    Not thread-safe: callers serialise :meth:`type_ids` and :meth:`columns`.

    Parameters
    ----------
    lemmas : spacy.lookups.Table
        Lookup lemmas by token-text hash (spacy-lookups-data's ``lemma_lookup``).
    words : LexiconWords
        What the flags test.
    phrase_words : dict of str to int
        Phrase-word id of every lowercased word of a lexicon phrase.

    Attributes
    ----------
    forms : FormTable
        The forms the ``form`` column numbers.
    """

    def __init__(self, lemmas: Any, words: LexiconWords, phrase_words: dict[str, int]):
        self.lemmas = lemmas
        self.words = words
        self.phrase_words = phrase_words
        self.forms = FormTable()
        self._sorted_hashes = np.zeros(0, dtype=np.int64)  # sorted token-text hashes (as int64) ...
        self._sorted_ids = np.zeros(0, dtype=np.int64)  # ... and their type ids
        # cache by the hashes' low bits; an empty slot s holds s + 1, whose low bits are not
        # s, so no hash can match it
        self._slot_mask = CACHE_SLOTS - 1
        self._slot_hash = np.arange(1, CACHE_SLOTS + 1, dtype=np.int64)
        self._slot_id = np.zeros(CACHE_SLOTS, dtype=np.int64)
        self._lower_ids: dict[str, int] = {}
        self._type_of: dict[int, int] = {}  # token-text hash (unsigned) -> type id, for a few tokens at a time
        # per-type columns, with room to grow (doubling), of which the first _n_types are used
        self._columns = {name: np.zeros(1024, dtype=np.int64) for name in TypeColumns._fields}
        self._n_types = 0

    def __len__(self) -> int:
        return self._n_types

    def columns(self, types: np.ndarray) -> TypeColumns:
        """The facts of the tokens of type ``types``."""
        n = self._n_types
        return TypeColumns(*(self._columns[name][:n][types] for name in TypeColumns._fields))

    def doc_type_ids(self, docs: Sequence[Doc], vocab: Vocab) -> np.ndarray:
        """Type ids of the tokens of a batch of Docs, in order (new texts are added).

        One short Doc whose texts are all known (a live update's sentence) is looked up in
        a dictionary, token by token: fewer kinds of array operation than :meth:`type_ids`.
        """
        if len(docs) == 1 and len(docs[0]) <= FEW_TOKENS:
            known = self.known_type_ids([token.orth for token in docs[0]])
            if known is not None:
                return np.array(known, dtype=np.int64)
        if any(len(d) for d in docs):
            # hashes read as int64 (same bits): searching int64 is faster than uint64
            orths = np.concatenate([d.to_array(ORTH) for d in docs if len(d)]).view(np.int64)
        else:
            orths = np.zeros(0, dtype=np.int64)
        return self.type_ids(orths, vocab)

    def known_type_ids(self, orths: list[int]) -> list[int] | None:
        """Type ids of a few tokens given by their texts' hashes (``Token.orth``, unsigned),
        if every text is known already (``None`` otherwise: :meth:`type_ids` adds them).

        The same ids as :meth:`type_ids` gives, from a dictionary instead of array lookups.
        """
        type_of = self._type_of
        try:
            return [type_of[orth] for orth in orths]
        except KeyError:
            return None

    def type_ids(self, orths: np.ndarray, vocab: Vocab) -> np.ndarray:
        """Type ids of tokens given by their texts' hashes (``ORTH``, read as int64).

        New texts are added (``vocab`` gives their strings and lexemes).
        """
        # 1. a direct-mapped cache on the hashes' low bits answers most tokens at once
        slot = orths & self._slot_mask
        ids = self._slot_id[slot]
        missed = (self._slot_hash[slot] != orths).nonzero()[0]
        if not len(missed):
            return ids
        # 2. the rest (slot collisions, new words): the sorted table of every type
        rest = orths[missed]
        hashes, values = self._sorted_hashes, self._sorted_ids
        where = hashes.searchsorted(rest)
        where[where == len(hashes)] = 0
        found = hashes[where] == rest if len(hashes) else np.zeros(len(rest), dtype=bool)
        if not found.all():
            new = np.unique(rest[~found])
            new_ids = np.array([self._add_type(o, vocab) for o in new.tolist()], dtype=np.int64)
            at = np.searchsorted(hashes, new)  # new is sorted: insert keeps the hashes sorted
            self._sorted_hashes, self._sorted_ids = np.insert(hashes, at, new), np.insert(values, at, new_ids)
            new_slot = new & self._slot_mask
            free = self._slot_hash[new_slot] == new_slot + 1
            self._slot_hash[new_slot[free]] = new[free]  # on a collision the first type keeps the slot
            self._slot_id[new_slot[free]] = new_ids[free]
            where = np.searchsorted(self._sorted_hashes, rest)
        ids[missed] = self._sorted_ids[where]
        return ids

    def _add_type(self, orth: int, vocab: Vocab) -> int:
        orth %= 1 << 64  # the hash, read back as unsigned
        text = vocab.strings[orth]
        lexeme = vocab[text]
        lower = lexeme.lower_
        lemma = LEMMA_FIXES.get(lower) or self.lemmas.get(orth, text)  # spacy-lookups-data's lookup lemma
        type_id = self._n_types
        if type_id == len(self._columns["flags"]):
            self._columns = {name: np.concatenate([c, np.zeros_like(c)]) for name, c in self._columns.items()}
        self._columns["flags"][type_id] = token_flags(text, lower, lexeme, self.words)
        self._columns["lower"][type_id] = self._lower_ids.setdefault(lower, len(self._lower_ids))
        self._columns["phrase_word"][type_id] = self.phrase_words.get(lower, 0)
        self._columns["form"][type_id] = self.forms.id(lemma.lower() or lower)
        self._n_types += 1
        self._type_of[orth] = type_id
        return type_id
