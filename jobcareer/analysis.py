"""The analysis of tokenised answers, vectorised over a whole batch.

Everything the features need beyond the tokens is computed here, for many answers at
once, with array operations over their concatenated tokens:

- sentence starts (the rule of spaCy's ``sentencizer``);
- fillers and disfluencies ("um", "you know", discourse "like", "i i want");
- the scope of negation cues ("not here for the money");
- conceded clauses: what a contrast or concession gives away before the answer argues
  for something else ("the pay's fine, but ...", "although it paid well, ...");
- occupation, job-title and industry spans, masked as one placeholder;
- numbers and time expressions ("5 years", "a couple of weeks", "$20");
- the motive and time-horizon cue phrases of the lexicons.

Word-level facts (is it a filler, a negation cue, a unit of time, its lemma) are worked out
once per distinct token text and kept in arrays indexed by a small integer *type id*, so
that a batch costs a few dozen array operations however many answers it holds. The
spaCy component ``jobcareer_preprocess`` (:mod:`jobcareer.preprocess`) and the classifier
both call :meth:`Analyzer.analyse`: there is one implementation of every rule.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.attrs import IDX, LENGTH, ORTH
from spacy.language import Language
from spacy.pipeline.sentencizer import Sentencizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

__all__ = ["PLACEHOLDERS", "Analysis", "Analyzer"]

#: Placeholder forms, by norm code (code 0 means "absorbed into the placeholder before").
PLACEHOLDERS = ("", "<occ>", "<num>", "<years>", "<months>", "<hours>", "<money>")
OCC, NUM, YEARS, MONTHS, HOURS, MONEY = 1, 2, 3, 4, 5, 6
NO_NORM, ABSORBED = -1, 0

_YEAR_UNITS = frozenset({"year", "years", "yr", "yrs", "decade", "decades"})
_MONTH_UNITS = frozenset({"month", "months", "week", "weeks", "day", "days"})
_HOUR_UNITS = frozenset({"hour", "hours", "hr", "hrs", "minute", "minutes", "min", "mins"})
_VAGUE_NUMBERS = frozenset({"few", "couple", "several", "many", "some"})
_MONEY_SUFFIX = re.compile(r"^\d+(?:[.,]\d+)?(?:k|K|grand)$")
_CALENDAR_YEAR = re.compile(r"^(?:19[5-9]\d|20\d\d|2100)$")

# Context words of the filler rules (see Analyzer._fillers).
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

#: Token-text flags, one bit each, computed once per distinct token text.
_FLAG_NAMES = (
    "punct", "space", "like_num", "currency", "stop", "sent_punct",
    "filler", "neg_cue", "breaker", "contrast", "concessive", "concessive_initial", "granting",
    "like", "like_verb_before", "like_not_before", "you", "know", "know_object",
    "i", "mean", "mean_object", "keep_repeated", "repeatable", "alpha_lower",
    "money_suffix", "vague", "a", "one_or_some", "some", "hyphen", "of",
    "year_unit", "month_unit", "hour_unit", "day", "calendar_year",
)
F = {name: 1 << k for k, name in enumerate(_FLAG_NAMES)}

#: Phrase words get ids below 2**_WORD_BITS; five of them pack into one 64-bit code.
_WORD_BITS = 12
_PACKED = 5
#: The type tables are cleared when they hold more distinct token texts than this, so
#: that scoring an endless stream of new words cannot grow memory without bound.
MAX_TYPES = 100_000
#: Slots of the direct-mapped hash cache in front of the sorted type table (2**18).
_SLOT_MASK = (1 << 18) - 1


@dataclass
class Analysis:
    """The analysis of a batch of tokenised answers, as arrays over their tokens.

    Token positions are global: answer ``k`` owns tokens ``bounds[k]:bounds[k + 1]``.

    Attributes
    ----------
    docs : list of Doc
        The answers' Docs.
    bounds : ndarray of int64
        Where each answer's tokens start, then the total token count.
    types : ndarray of int64
        Type id of each token (see :class:`Analyzer`).
    flags : ndarray of int64
        The token text's flag bits.
    sent_start : ndarray of bool
        Whether a token starts a sentence (the first token of every answer does).
    filler, negated : ndarray of bool
        Fillers and disfluencies; tokens inside a negation scope.
    conceded : ndarray of bool
        Tokens of a conceded clause (see :meth:`Analyzer.conceded`).
    norm : ndarray of int8
        ``-1`` for an ordinary token, the index of its placeholder in
        :data:`PLACEHOLDERS` for the first token of a masked or normalised span, ``0`` for
        the other tokens of such a span.
    form : ndarray of int64
        Id of each token's feature form (lowercased lemma, or its placeholder) in
        ``forms``.
    cue_start, cue_end, cue_set : ndarray of int64
        Cue matches (token span and index into ``analyzer.cue_names``), ordered by
        answer, start, end and name.
    analyzer : Analyzer
        The analyzer that made it (its cue names).
    forms : FormTable
        The form table the ``form`` ids index (the analyzer starts a new one when it
        clears its word tables; this one stays valid).
    """

    docs: list[Doc]
    bounds: np.ndarray
    types: np.ndarray
    flags: np.ndarray
    sent_start: np.ndarray
    filler: np.ndarray
    negated: np.ndarray
    conceded: np.ndarray
    norm: np.ndarray
    form: np.ndarray
    cue_start: np.ndarray
    cue_end: np.ndarray
    cue_set: np.ndarray
    analyzer: Analyzer
    forms: FormTable

    def __len__(self) -> int:
        return len(self.docs)

    def char_offsets(self) -> tuple[np.ndarray, np.ndarray]:
        """Character start and end of every token of the batch (within its answer)."""
        parts = [d.to_array([IDX, LENGTH]) for d in self.docs if len(d)]
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        table = np.concatenate(parts).astype(np.int64)
        return table[:, 0], table[:, 0] + table[:, 1]

    def cues_of(self, k: int) -> list[tuple[str, int, int]]:
        """Cue matches of answer ``k`` as ``(name, start, end)`` with token indices."""
        base = int(self.bounds[k])
        lo, hi = np.searchsorted(self.cue_start, [base, int(self.bounds[k + 1])])
        names = self.analyzer.cue_names
        return [
            (names[c], s - base, e - base)
            for s, e, c in zip(
                self.cue_start[lo:hi].tolist(), self.cue_end[lo:hi].tolist(), self.cue_set[lo:hi].tolist()
            )
        ]


class _PhraseTable:
    """Token-sequence phrases, matched over a whole batch with packed word codes.

    Every word of every phrase has a small id; up to five ids pack into one 64-bit code.
    Matching walks the phrases' prefix tree one length at a time, over the positions
    still on a known prefix (few after the first word), with sorted-array lookups. Phrases
    longer than five words are found by their first five and confirmed one by one.
    """

    def __init__(self, phrases: Sequence[tuple[tuple[int, ...], int]], n_words: int):
        by_words: dict[tuple[int, ...], set[int]] = {}
        for words, payload in phrases:
            if words and all(words):
                by_words.setdefault(tuple(words), set()).add(payload)
        self.first = np.zeros(n_words + 1, dtype=bool)
        full: dict[int, dict[int, int]] = {}  # length -> code -> phrase index
        prefixes: dict[int, set[int]] = {}  # length -> codes of prefixes of longer phrases
        self.long: dict[int, list[tuple[tuple[int, ...], int]]] = {}
        payloads: list[list[int]] = []
        for index, (words, found) in enumerate(sorted(by_words.items())):
            payloads.append(sorted(found))
            self.first[words[0]] = True
            for length in range(1, min(len(words), _PACKED) + 1):
                code = _pack(words[:length])
                if length == len(words):
                    full.setdefault(length, {})[code] = index
                else:
                    prefixes.setdefault(length, set()).add(code)
            if len(words) > _PACKED:
                self.long.setdefault(_pack(words[:_PACKED]), []).append((words[_PACKED:], index))
        self.full = {
            length: (np.array(sorted(t), dtype=np.uint64), np.array([t[k] for k in sorted(t)], dtype=np.int64))
            for length, t in full.items()
        }
        self.prefixes = {length: np.array(sorted(c), dtype=np.uint64) for length, c in prefixes.items()}
        # one-word codes are the word ids themselves: plain tables instead of searches
        self.one_word = np.full(n_words + 1, -1, dtype=np.int64)
        for code, index in full.get(1, {}).items():
            self.one_word[code] = index
        self.starts_longer = np.zeros(n_words + 1, dtype=bool)
        self.starts_longer[list(prefixes.get(1, ()))] = True
        # payloads of phrase k: payload_values[payload_start[k]:payload_start[k + 1]]
        self.payload_start = np.zeros(len(payloads) + 1, dtype=np.int64)
        np.cumsum([len(p) for p in payloads], out=self.payload_start[1:])
        self.payload_values = np.array([v for p in payloads for v in p], dtype=np.int64)

    def match(self, words: np.ndarray, left: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every phrase occurrence as (start, end, phrase index) arrays, in no set order.

        ``words`` holds each token's phrase-word id (0 if in no phrase); ``left`` how
        many tokens of the same answer follow each token.
        """
        n = len(words)
        alive = np.flatnonzero(self.first[words])
        alive_words = words[alive]
        code = alive_words.astype(np.uint64)
        starts, ends, found = [], [], []
        for length in range(1, _PACKED + 1):
            if length > 1:
                ok = left[alive] >= length - 1
                nxt = words[np.minimum(alive + length - 1, n - 1)]
                ok &= nxt != 0
                alive, code = alive[ok], code[ok] | (nxt[ok].astype(np.uint64) << np.uint64(_WORD_BITS * (length - 1)))
            if not len(alive):
                break
            if length == 1:
                phrase = self.one_word[alive_words]
                hit = phrase >= 0
                starts.append(alive[hit])
                found.append(phrase[hit])
                ends.append(alive[hit] + 1)
                more = self.starts_longer[alive_words]
                alive, code = alive[more], code[more]
                continue
            table = self.full.get(length)
            if table is not None:
                hit, where = _lookup(table[0], code)
                starts.append(alive[hit])
                found.append(table[1][where[hit]])
                ends.append(alive[hit] + length)
            keys = self.prefixes.get(length)
            if keys is None:
                alive = alive[:0]
                break
            more, _ = _lookup(keys, code)
            alive, code = alive[more], code[more]
        if len(alive) and self.long:
            extra = [(i, i + _PACKED + len(rest), index)
                     for i, c in zip(alive.tolist(), code.tolist())
                     for rest, index in self.long.get(c, ())
                     if left[i] >= _PACKED + len(rest) - 1
                     and tuple(words[i + _PACKED : i + _PACKED + len(rest)].tolist()) == rest]
            if extra:
                s, e, f = zip(*extra)
                starts.append(np.array(s, dtype=np.int64))
                ends.append(np.array(e, dtype=np.int64))
                found.append(np.array(f, dtype=np.int64))
        if not starts:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        return np.concatenate(starts), np.concatenate(ends), np.concatenate(found)

    def payloads(self, phrase: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For matched phrases, (which match, payload) pairs: one per payload of each."""
        first = self.payload_start[phrase]
        counts = self.payload_start[phrase + 1] - first
        match = np.repeat(np.arange(len(phrase)), counts)
        offset = np.arange(len(match)) - np.repeat(np.cumsum(counts) - counts, counts)
        return match, self.payload_values[first[match] + offset]


def _lookup(keys: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which ``codes`` are in the sorted array ``keys``, and where."""
    where = np.searchsorted(keys, codes)
    where[where == len(keys)] = 0
    return keys[where] == codes, where


def _pack(words: Sequence[int]) -> int:
    code = 0
    for k, w in enumerate(words):
        code |= int(w) << (_WORD_BITS * k)
    return code


def _longest_first(starts: list[int], ends: list[int], overlap_any: bool) -> list[int]:
    """Indices of the spans kept when overlaps keep the longest (then the earliest).

    ``overlap_any`` False applies spaCy's ``filter_spans`` rule (a span is dropped when its
    first or last token is taken); True drops a span that overlaps a kept one anywhere.
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


class Analyzer:
    """Analyse batches of tokenised answers (see the module docstring).

    Parameters
    ----------
    nlp : spacy.language.Language
        An English pipeline whose tokenizer made (or will make) the Docs; its tokenizer
        splits the lexicon phrases, and its vocabulary gives the lexical attributes.
    lexicons : dict, optional
        Word lists with the keys of :func:`jobcareer.lexicons.default_lexicons`
        (``fillers``, ``negation_cues``, ``scope_breakers``, ``occupations``, ``cues``);
        missing keys or ``None`` use the bundled lists.
    negation_window : int, default 6
        How many content words after a negation cue it can reach.
    mark_repetitions : bool, default True
        Whether the first copy of an immediately repeated word or phrase of up to three
        words is a disfluency ("i i want").
    """

    def __init__(
        self,
        nlp: Language,
        lexicons: dict[str, Any] | None = None,
        *,
        negation_window: int = 6,
        mark_repetitions: bool = True,
    ):
        from spacy.lookups import load_lookups

        from jobcareer.lexicons import default_lexicons

        if negation_window < 1:
            raise ValueError(f"window must be a positive number of tokens, got {negation_window}")
        defaults = default_lexicons()
        lex = {key: (value if value is not None else defaults[key])
               for key, value in {**defaults, **dict(lexicons or {})}.items()}
        self.window = negation_window
        self.mark_repetitions = mark_repetitions
        self.vocab = nlp.vocab
        self._lemmas = load_lookups(nlp.lang, ["lemma_lookup"]).get_table("lemma_lookup")
        self._sent_punct = frozenset(Sentencizer.default_punct_chars)
        fillers = [str(f).lower() for f in lex["fillers"]]
        self._single_fillers = frozenset(f for f in fillers if " " not in f)
        self._negation_cues = frozenset(str(c).lower() for c in lex["negation_cues"])
        self._breakers = frozenset(str(b).lower() for b in lex["scope_breakers"])
        self._contrast = frozenset(str(w).lower() for w in lex["contrast_cues"])
        self._concessive = frozenset(str(w).lower() for w in lex["concessive_cues"])
        self._concessive_initial = frozenset(str(w).lower() for w in lex["concessive_initial_cues"])
        self._granting = frozenset(str(w).lower() for w in lex["granting_cues"])

        # phrase words: every lowercased token of every phrase gets a small id
        self._phrase_words: dict[str, int] = {}
        tokenize = nlp.tokenizer

        def word_ids(phrase: str) -> tuple[int, ...]:
            ids = []
            for token in tokenize(phrase.lower()):
                ids.append(self._phrase_words.setdefault(token.lower_, len(self._phrase_words) + 1))
            return tuple(ids)

        multi = [(word_ids(f), 0) for f in fillers if " " in f]
        occupations = [(word_ids(str(t)), 0) for t in lex["occupations"]]
        self.cue_names: list[str] = sorted(str(k) for k in lex["cues"])
        cue_phrases = [(word_ids(str(p)), index)
                       for index, name in enumerate(self.cue_names) for p in lex["cues"][name]]
        # idioms whose words are cues elsewhere ("grew up", "it paid off"): a cue inside one is no cue
        self._idiom_set = len(self.cue_names)
        cue_phrases += [(word_ids(str(p)), self._idiom_set) for p in lex.get("idioms") or ()]
        if len(self._phrase_words) >= 1 << _WORD_BITS:
            raise ValueError(
                f"the lexicons use {len(self._phrase_words):,} distinct words; at most "
                f"{(1 << _WORD_BITS) - 1:,} are supported"
            )
        # one table for all phrases, one match per batch; payload: 0 a filler, 1 an
        # occupation, 2 + k cue set k
        self._phrases = _PhraseTable(
            multi + [(w, 1) for w, _ in occupations] + [(w, 2 + k) for w, k in cue_phrases],
            len(self._phrase_words),
        )
        self._lock = threading.Lock()
        self._reset_types()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_lock"]  # locks do not pickle (spaCy pipelines sent to worker processes)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def is_phrase_word(self, text: str) -> bool:
        """Whether the token text (any case) is a word of some filler, occupation or cue phrase."""
        return text.lower() in self._phrase_words

    # -- per-type tables --------------------------------------------------------------
    def _reset_types(self) -> None:
        self._keys = np.zeros(0, dtype=np.int64)  # sorted token-text hashes (as int64) ...
        self._values = np.zeros(0, dtype=np.int64)  # ... and their type ids
        # hash cache by low bits; an empty slot s holds s + 1, whose low bits are not s, so
        # no hash can match it
        self._slot_key = np.arange(1, _SLOT_MASK + 2, dtype=np.int64)
        self._slot_id = np.zeros(_SLOT_MASK + 1, dtype=np.int64)
        self._lower_ids: dict[str, int] = {}
        # per-type columns, with room to grow (doubling), of which the first _n_types are used
        self._columns = {name: np.zeros(1024, dtype=np.int64) for name in ("flags", "lower", "word", "form")}
        self._n_types = 0
        self.forms = FormTable()

    def _flags_of(self, text: str, lower: str, lexeme: Any) -> int:
        """The flag bits (``F``) of one token text."""
        facts = {
            "punct": lexeme.is_punct,
            "space": lexeme.is_space,
            "like_num": lexeme.like_num,
            "currency": lexeme.is_currency,
            "stop": lexeme.is_stop,
            "sent_punct": text in self._sent_punct,
            "filler": lower in self._single_fillers,
            "neg_cue": lower in self._negation_cues,
            "breaker": lower in self._breakers,
            "contrast": lower in self._contrast,
            "concessive": lower in self._concessive,
            "concessive_initial": lower in self._concessive_initial,
            "granting": lower in self._granting,
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
        }
        return sum(F[name] for name, fact in facts.items() if fact)

    def _add_type(self, orth: int, vocab: Vocab) -> int:
        orth %= 1 << 64  # the hash, read back as unsigned
        text = vocab.strings[orth]
        lexeme = vocab[text]
        lower = lexeme.lower_
        lemma = self._lemmas.get(orth, text)  # spacy-lookups-data's lookup lemma
        type_id = self._n_types
        if type_id == len(self._columns["flags"]):
            self._columns = {name: np.concatenate([c, np.zeros_like(c)]) for name, c in self._columns.items()}
        self._columns["flags"][type_id] = self._flags_of(text, lower, lexeme)
        self._columns["lower"][type_id] = self._lower_ids.setdefault(lower, len(self._lower_ids))
        self._columns["word"][type_id] = self._phrase_words.get(lower, 0)
        self._columns["form"][type_id] = self.forms.id(lemma.lower() or lower)
        self._n_types += 1
        return type_id

    def _table(self, name: str) -> np.ndarray:
        return self._columns[name][: self._n_types]

    def _type_ids(self, orths: np.ndarray, vocab: Vocab) -> np.ndarray:
        # 1. a direct-mapped cache on the hashes' low bits answers most tokens at once
        slot = orths & _SLOT_MASK
        ids = self._slot_id[slot]
        missed = np.flatnonzero(self._slot_key[slot] != orths)
        if not len(missed):
            return ids
        # 2. the rest (slot collisions, new words): the sorted table of every type
        rest = orths[missed]
        keys, values = self._keys, self._values
        where = np.searchsorted(keys, rest)
        where[where == len(keys)] = 0
        found = keys[where] == rest if len(keys) else np.zeros(len(rest), dtype=bool)
        if not found.all():
            new = np.unique(rest[~found])
            new_ids = np.array([self._add_type(o, vocab) for o in new.tolist()], dtype=np.int64)
            at = np.searchsorted(keys, new)  # new is sorted: insert keeps keys sorted
            self._keys, self._values = np.insert(keys, at, new), np.insert(values, at, new_ids)
            new_slot = new & _SLOT_MASK
            free = self._slot_key[new_slot] == new_slot + 1
            self._slot_key[new_slot[free]] = new[free]  # on a collision the first type keeps the slot
            self._slot_id[new_slot[free]] = new_ids[free]
            where = np.searchsorted(self._keys, rest)
        ids[missed] = self._values[where]
        return ids

    # -- the analysis -----------------------------------------------------------------
    def analyse(self, docs: Sequence[Doc]) -> Analysis:
        """Analyse a batch of Docs made by an English tokenizer (see :class:`Analysis`)."""
        docs = list(docs)
        lengths = np.array([len(d) for d in docs], dtype=np.int64)
        bounds = np.zeros(len(docs) + 1, dtype=np.int64)
        np.cumsum(lengths, out=bounds[1:])
        n = int(bounds[-1])
        if n:
            # hashes read as int64 (same bits): searching int64 is faster than uint64
            orths = np.concatenate([d.to_array(ORTH) for d in docs if len(d)]).view(np.int64)
        else:
            orths = np.zeros(0, dtype=np.int64)
        vocabs = {id(d.vocab): d.vocab for d in docs}
        if len(vocabs) > 1:
            raise ValueError("the Docs of one batch must share a vocabulary")
        with self._lock:  # the word tables are shared: one batch at a time updates and reads them
            if self._n_types > MAX_TYPES:
                self._reset_types()  # bounded memory for endless streams of new words
            types = self._type_ids(orths, next(iter(vocabs.values()), self.vocab))
            flags, lower, words, type_form = (self._table(c)[types] for c in ("flags", "lower", "word", "form"))
            forms = self.forms
        position = np.arange(n, dtype=np.int64)
        doc_start = np.repeat(bounds[:-1], lengths)
        left = np.repeat(bounds[1:], lengths) - position - 1  # tokens after, same answer
        ctx = _Context(flags, position, doc_start, left)

        sent_start = self._sentences(ctx)
        p_start, p_end, p_phrase = self._phrases.match(words, left)
        match, payload = self._phrases.payloads(p_phrase)
        p_start, p_end = p_start[match], p_end[match]
        filler = self._fillers(ctx, lower, sent_start, p_start[payload == 0], p_end[payload == 0])
        negated = self._negation(ctx, sent_start, filler)
        conceded = self.conceded(ctx, sent_start)
        norm = np.full(n, NO_NORM, dtype=np.int8)
        occupation = payload == 1
        self._mask_occupations(p_start[occupation], p_end[occupation], doc_start, norm)
        self._normalise_numbers(ctx, norm)
        cue = payload >= 2
        cue_start, cue_end, cue_set = self._drop_idioms(p_start[cue], p_end[cue], payload[cue] - 2, n)
        cue_start, cue_end, cue_set = self._resolve_cues(cue_start, cue_end, cue_set, doc_start)
        form = np.where(norm > 0, norm, type_form)
        return Analysis(
            docs=docs, bounds=bounds, types=types, flags=flags, sent_start=sent_start,
            filler=filler, negated=negated, conceded=conceded, norm=norm, form=form,
            cue_start=cue_start, cue_end=cue_end, cue_set=cue_set, analyzer=self, forms=forms,
        )

    @staticmethod
    def _sentences(ctx: _Context) -> np.ndarray:
        # spaCy's sentencizer: a sentence starts at the first token that is neither
        # punctuation nor a sentence-final character after a sentence-final character.
        final = ctx.has("sent_punct")
        wordish = ~ctx.has("punct") & ~final
        n = len(final)
        seen = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(final, out=seen[1:])
        previous = np.maximum.accumulate(np.where(wordish, ctx.position, -1))
        previous = np.concatenate([[-1], previous[:-1]])  # last wordish token before i
        previous = np.maximum(previous, ctx.doc_start - 1)
        finals_between = seen[ctx.position] - seen[previous + 1]
        start = wordish & (finals_between > 0)
        start[ctx.doc_start == ctx.position] = True
        return start

    def _fillers(
        self, ctx: _Context, lower: np.ndarray, sent_start: np.ndarray, starts: np.ndarray, ends: np.ndarray
    ) -> np.ndarray:
        # Listed fillers ("um", "so yeah"); "you know" and "i mean" as discourse markers
        # (not followed by an object); discourse "like" (not the verb or the comparison);
        # the first copy of an immediately repeated word or phrase of up to three words.
        flags, before, after, after2 = ctx.flags, ctx.before_flags, ctx.after_flags, ctx.after2_flags
        filler = ctx.has("filler")
        for s, e in zip(starts.tolist(), ends.tolist()):
            filler[s:e] = True
        like = (flags & F["like"] != 0) & (before & F["like_verb_before"] == 0) & (after & F["like_not_before"] == 0)
        marker = ((flags & F["you"] != 0) & (after & F["know"] != 0) & (after2 & F["know_object"] == 0)) | (
            (flags & F["i"] != 0) & (after & F["mean"] != 0) & (after2 & F["mean_object"] == 0)
        )
        filler |= like | marker
        filler[1:] |= marker[:-1]  # the second word of the marker (same answer: it exists)
        if self.mark_repetitions:
            self._repetitions(ctx, lower, sent_start, filler)
        return filler

    @staticmethod
    def _repetitions(ctx: _Context, lower: np.ndarray, sent_start: np.ndarray, filler: np.ndarray) -> None:
        # Candidates: an alphabetic word equal to one of the next three (rare), then
        # each candidate is checked in full.
        n = len(lower)
        equal = np.zeros(n, dtype=bool)
        for size in (1, 2, 3):
            equal[:-size] |= lower[:-size] == lower[size:]
        candidates = np.flatnonzero(equal & ctx.has("alpha_lower"))
        if not len(candidates):
            return
        keep, repeatable = F["keep_repeated"], F["repeatable"]
        flags, left = ctx.flags, ctx.left
        for i in candidates.tolist():
            room = int(left[i])
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

    def _negation(self, ctx: _Context, sent_start: np.ndarray, filler: np.ndarray) -> np.ndarray:
        # A cue negates the words after it until punctuation, a sentence start, a scope
        # breaker, or `window` content words (fillers do not count), whichever is first.
        cue = ctx.has("neg_cue")
        kill = (ctx.has("punct") | sent_start | ctx.has("breaker")) & ~cue
        position = ctx.position
        last_cue = np.maximum.accumulate(np.where(cue, position, -1))
        last_kill = np.maximum.accumulate(np.where(kill, position, -1))
        counted = np.cumsum(~filler)
        safe_cue = np.maximum(last_cue, 0)
        within = (counted - counted[safe_cue]) <= self.window
        return (last_cue >= 0) & (last_kill < last_cue) & ~cue & ~filler & within

    @staticmethod
    def conceded(ctx: _Context, sent_start: np.ndarray) -> np.ndarray:
        """Tokens of conceded clauses, which the answer grants before arguing otherwise.

        Four rules, none crossing an answer:

        1. inside a sentence, the words before a contrast marker ("the pay's fine, *but*
           I want to learn": "the pay's fine" is conceded);
        2. a contrast marker that opens a sentence concedes the whole sentence before it
           ("It pays well. *But* I was bored.");
        3. a concessive word ("although", "though", "despite"; "while" only at a sentence
           start) concedes its own clause, up to the next punctuation;
        4. a granting word opening a sentence ("Sure, ...", "Admittedly ...") concedes the
           sentence.
        """
        n = len(ctx.flags)
        if n == 0:
            return np.zeros(0, dtype=bool)
        position = ctx.position
        contrast = ctx.has("contrast")
        sentence = np.cumsum(sent_start) - 1  # global sentence number (every answer starts one)
        # 1. a contrast marker later in the same sentence
        later = np.where(contrast, position, n)
        next_contrast = np.minimum.accumulate(later[::-1])[::-1]
        next_contrast = np.append(next_contrast[1:], n)  # strictly after the token
        safe = np.minimum(next_contrast, n - 1)
        conceded = (next_contrast < n) & (sentence[safe] == sentence) & ~contrast
        # 2. a contrast marker opening the next sentence of the same answer
        opens = np.zeros(int(sentence[-1]) + 2, dtype=bool)
        opens[sentence[contrast & sent_start]] = True
        starts_answer = np.zeros_like(opens)
        starts_answer[sentence[ctx.doc_start == position]] = True
        conceded |= opens[sentence + 1] & ~starts_answer[sentence + 1]
        # 3. a concessive clause, up to punctuation or the end of its sentence
        opener = ctx.has("concessive") | (ctx.has("concessive_initial") & sent_start)
        stop = (ctx.has("punct") | sent_start) & ~opener
        last_opener = np.maximum.accumulate(np.where(opener, position, -1))
        last_stop = np.maximum.accumulate(np.where(stop, position, -1))
        conceded |= (last_opener >= 0) & (last_stop < last_opener)
        # 4. a sentence opened by a granting word
        granted = np.zeros(int(sentence[-1]) + 1, dtype=bool)
        granted[sentence[ctx.has("granting") & sent_start]] = True
        conceded |= granted[sentence]
        return conceded

    @staticmethod
    def _mask_occupations(starts: np.ndarray, ends: np.ndarray, doc_start: np.ndarray, norm: np.ndarray) -> None:
        if not len(starts):
            return
        order = np.lexsort((starts, doc_start[starts]))
        starts, ends = starts[order], ends[order]
        keep = _resolve_overlaps(starts, ends, doc_start[starts], overlap_any=False)
        for s, e in zip(starts[keep].tolist(), ends[keep].tolist()):
            norm[s] = OCC
            norm[s + 1 : e] = ABSORBED

    def _normalise_numbers(self, ctx: _Context, norm: np.ndarray) -> None:
        has = ctx.has
        n = len(norm)
        # where the unit would be: after the number, an optional "-", then an optional "of"
        offset = 1 + ((ctx.after_flags & F["hyphen"]) != 0).astype(np.int64)
        offset += ((ctx.take(offset) & F["of"]) != 0) & (ctx.left >= offset)
        unit = np.where(ctx.left >= offset, ctx.take(offset), 0)
        unit_any = (unit & (F["year_unit"] | F["month_unit"] | F["hour_unit"])) != 0
        like_num = has("like_num")
        currency = has("currency")
        numberish = has("vague") | has("a")
        candidates = np.flatnonzero(currency | has("money_suffix") | like_num | (numberish & unit_any))
        if not len(candidates):
            return
        flags = ctx.flags
        cand = candidates.tolist()
        cand_flags = flags[candidates].tolist()
        cand_unit = unit[candidates].tolist()
        cand_offset = offset[candidates].tolist()
        cand_left = ctx.left[candidates].tolist()
        nxt = np.where(ctx.left[candidates] >= 1, flags[np.minimum(candidates + 1, n - 1)], 0).tolist()
        free_from = -1
        f_currency, f_money, f_like = F["currency"], F["money_suffix"], F["like_num"]
        f_year, f_month, f_hour = F["year_unit"], F["month_unit"], F["hour_unit"]
        for i, bits, u, off, lft, after in zip(cand, cand_flags, cand_unit, cand_offset, cand_left, nxt):
            if i < free_from or norm[i] != NO_NORM:
                continue
            if bits & f_currency:
                end = i + 1
                if lft >= 1 and after & (f_like | f_money):
                    end += 1
                _absorb(norm, i, end, MONEY)
                free_from = end
                continue
            if bits & f_money:
                norm[i] = MONEY
                free_from = i + 1
                continue
            if u & f_year:
                _absorb(norm, i, i + off + 1, YEARS)
                free_from = i + off + 1
                continue
            if bits & F["one_or_some"] and u & F["day"]:
                free_from = i + off + 1
                continue
            if bits & F["a"]:
                continue
            if u & f_month:
                _absorb(norm, i, i + off + 1, MONTHS)
                free_from = i + off + 1
                continue
            if u & f_hour and not bits & F["some"]:
                _absorb(norm, i, i + off + 1, HOURS)
                free_from = i + off + 1
                continue
            if bits & f_like and not bits & F["one_or_some"]:
                # a bare "one" is a pronoun far more often than a count ("the one I'm in")
                norm[i] = YEARS if bits & F["calendar_year"] else NUM

    def _drop_idioms(
        self, starts: np.ndarray, ends: np.ndarray, sets: np.ndarray, n: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Cue matches without the idioms and without any cue that overlaps an idiom."""
        idiom = sets == self._idiom_set
        if not idiom.any():
            return starts, ends, sets
        covered = np.zeros(n + 1, dtype=np.int64)
        np.add.at(covered, starts[idiom], 1)
        np.add.at(covered, ends[idiom], -1)
        inside = np.concatenate([[0], np.cumsum(np.cumsum(covered)[:n] > 0)])
        keep = ~idiom & (inside[ends] == inside[starts])
        return starts[keep], ends[keep], sets[keep]

    def _resolve_cues(
        self, starts: np.ndarray, ends: np.ndarray, sets: np.ndarray, doc_start: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if not len(starts):
            return starts, ends, sets
        # within one cue set and answer, overlapping matches keep the longest
        docs = doc_start[starts]
        order = np.lexsort((ends, starts, sets, docs))
        starts, ends, sets, docs = starts[order], ends[order], sets[order], docs[order]
        keep = _resolve_overlaps(starts, ends, docs * len(self.cue_names) + sets, overlap_any=True)
        starts, ends, sets = starts[keep], ends[keep], sets[keep]
        order = np.lexsort((sets, ends, starts))  # answers are in token order already
        return starts[order], ends[order], sets[order]


def _absorb(norm: np.ndarray, start: int, end: int, placeholder: int) -> None:
    norm[start] = placeholder
    norm[start + 1 : end] = ABSORBED


def _resolve_overlaps(starts: np.ndarray, ends: np.ndarray, groups: np.ndarray, *, overlap_any: bool) -> np.ndarray:
    """Indices of the spans kept, given spans sorted by group then start.

    Where exactly two spans overlap each other and nothing else, the longer (then the
    earlier) is kept, with array operations; longer chains of overlaps, which are rare,
    are resolved one span at a time by :func:`_longest_first`.
    """
    m = len(starts)
    keep = np.ones(m, dtype=bool)
    if m < 2:
        return np.flatnonzero(keep)
    same_group = groups[1:] == groups[:-1]
    # the furthest end so far within each group: lift every group above the previous ones
    lift = np.concatenate([[0], np.cumsum(~same_group)]) * (int(ends.max()) + 1)
    reach = np.maximum.accumulate(ends + lift)
    clash = same_group & (starts[1:] + lift[1:] < reach[:-1])  # span j + 1 overlaps an earlier one
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
        kept = set(_longest_first(starts[members].tolist(), ends[members].tolist(), overlap_any))
        keep[members] = [k in kept for k in range(len(members))]
    return np.flatnonzero(keep)


class _Context:
    """Per-token arrays shared by the rules; neighbours never cross answers."""

    def __init__(self, flags: np.ndarray, position: np.ndarray, doc_start: np.ndarray, left: np.ndarray):
        self.flags = flags
        self.position = position
        self.doc_start = doc_start
        self.left = left
        before = position - doc_start  # tokens before, same answer
        # flags of the previous, next and second-next token of the same answer (0: none)
        self.before_flags = np.zeros_like(flags)
        self.before_flags[1:] = flags[:-1]
        self.before_flags[before == 0] = 0
        self.after_flags = np.zeros_like(flags)
        self.after_flags[:-1] = flags[1:]
        self.after_flags[left < 1] = 0
        self.after2_flags = np.zeros_like(flags)
        self.after2_flags[:-2] = flags[2:]
        self.after2_flags[left < 2] = 0

    def has(self, flag: str) -> np.ndarray:
        return (self.flags & F[flag]) != 0

    def take(self, offset: np.ndarray) -> np.ndarray:
        """Flags of token ``i + offset[i]`` (0 past the end of the answer)."""
        n = len(self.flags)
        if n == 0:
            return self.flags
        target = np.minimum(self.position + offset, n - 1)
        return np.where(self.left >= offset, self.flags[target], 0)


class FormTable:
    """Feature forms (lowercased lemmas and placeholders) and their integer ids.

    The placeholders have ids 1-6, as in :data:`PLACEHOLDERS`; other forms get the next
    id when first seen.
    """

    def __init__(self) -> None:
        self.names: list[str] = list(PLACEHOLDERS)
        self.ids: dict[str, int] = {name: k for k, name in enumerate(PLACEHOLDERS) if name}
        self._lock = threading.Lock()

    def id(self, form: str) -> int:
        """The id of ``form``, added if new (safe to call from several threads)."""
        found = self.ids.get(form)
        if found is None:
            with self._lock:
                found = self.ids.get(form)
                if found is None:
                    found = len(self.names)
                    self.names.append(form)
                    self.ids[form] = found
        return found

    def __getstate__(self) -> dict[str, Any]:
        return {"names": self.names, "ids": self.ids}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.names)
