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
once per distinct token text (:mod:`jobcareer.token_types`), the lexicons' phrases are
found by :mod:`jobcareer.phrase_matcher`, and the rules are array functions
(:mod:`jobcareer.rules`), so that a batch costs a few dozen array operations however many
answers it holds. The spaCy component ``jobcareer_preprocess``
(:mod:`jobcareer.pipeline.annotator`) and the classifier both call
:meth:`Analyzer.analyse`: there is one implementation of every rule. The result, an
:class:`Analysis`, is read through named fields and properties.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

from jobcareer import rules
from jobcareer.forms import ABSORBED, NOT_NORMALISED, PLACEHOLDERS, FormTable
from jobcareer.phrase_matcher import WORD_BITS, PhraseMatcher
from jobcareer.token_types import LexiconWords, TokenTypeTable, flag_bits

__all__ = ["MAX_TYPES", "PLACEHOLDERS", "Analysis", "Analyzer"]

#: The word tables are cleared when they hold more distinct token texts than this, so
#: that scoring an endless stream of new words cannot grow memory without bound.
MAX_TYPES = 100_000

#: Up to this many values, :func:`_any_negative` reads them as a list.
FEW_VALUES = 128

#: Payloads of the phrase matcher: a multi-word filler, an occupation, an idiom (negative),
#: then cue set k as ``k`` (the payloads of cues are their sets).
_FILLER, _OCCUPATION, _IDIOM = -3, -2, -1

_NEGATION_CUE = flag_bits("neg_cue")


def _token_fact(flag: str, doc: str) -> property:
    """A read-only property: whether each token of the batch has ``flag`` (bool ndarray)."""

    def get(analysis: Analysis) -> np.ndarray:
        return (analysis.flags & flag_bits(flag)) != 0

    get.__doc__ = doc
    return property(get)


@dataclass
class Analysis:
    """The analysis of a batch of tokenised answers, as arrays over their tokens.

    Token positions are global: answer ``k`` owns tokens ``bounds[k]:bounds[k + 1]``
    (:meth:`token_range`). What the rules found is read through named fields and
    properties (``sent_start``, ``filler``, ``negated``, ``conceded``, ``is_punct``,
    ``is_stop``, ``is_negation_cue``, ``is_absorbed``, ...); ``flags`` and ``norm`` are the
    compact arrays they are computed from.

    Attributes
    ----------
    docs : list of Doc
        The answers' Docs.
    bounds : ndarray of int64
        Where each answer's tokens start, then the total token count.
    types : ndarray of int64
        Type id of each token (an index into the analyzer's word tables).
    flags : ndarray of int64
        The token text's facts, packed (read them through the ``is_*`` properties).
    sent_start : ndarray of bool
        Whether a token starts a sentence (the first token of every answer does).
    filler, negated : ndarray of bool
        Fillers and disfluencies; tokens inside a negation scope.
    conceded : ndarray of bool
        Tokens of a conceded clause (see :func:`jobcareer.rules.conceded_clauses`).
    norm : ndarray of int8
        ``-1`` for an ordinary token, the index of its placeholder in
        :data:`PLACEHOLDERS` for the first token of a masked or normalised span, ``0`` for
        the other tokens of such a span (see :attr:`is_absorbed` and :meth:`placeholders`).
    form : ndarray of int64
        Id of each token's feature form (lowercased lemma, or its placeholder) in
        ``forms``.
    cue_start, cue_end, cue_set : ndarray of int64
        Cue matches (token span and index into ``cue_names``), ordered by answer, start,
        end and name.
    forms : FormTable
        The form table the ``form`` ids index (the analyzer starts a new one when it
        clears its word tables; this one stays valid).
    cue_names : sequence of str
        The names of the cue sets, indexed by ``cue_set``.
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
    forms: FormTable
    cue_names: Sequence[str] = ()

    def __len__(self) -> int:
        return len(self.docs)

    # -- token facts, by name ---------------------------------------------------------
    @property
    def n_tokens(self) -> int:
        """Tokens in the whole batch."""
        return int(self.bounds[-1])

    is_punct = _token_fact("punct", "Whether each token is punctuation (spaCy's ``is_punct``).")
    is_space = _token_fact("space", "Whether each token is whitespace (spaCy's ``is_space``).")
    is_stop = _token_fact("stop", "Whether each token is an English stop word (spaCy's ``is_stop``).")
    is_sentence_final_punct = _token_fact(
        "sent_punct", "Whether each token is a sentence-final punctuation mark (the sentencizer's list)."
    )
    is_negation_cue = _token_fact("neg_cue", 'Whether each token is a negation cue ("not", "never", ...).')

    @property
    def is_absorbed(self) -> np.ndarray:
        """Whether each token is absorbed into the placeholder of a span that starts before it."""
        return self.norm == ABSORBED

    @property
    def is_content(self) -> np.ndarray:
        """Whether each token makes word features: not a filler, punctuation, space or absorbed."""
        return ~self.is_absorbed & ~self.filler & ((self.flags & flag_bits("punct", "space")) == 0)

    # -- per answer ---------------------------------------------------------------------
    def token_range(self, k: int) -> tuple[int, int]:
        """Global positions ``(start, end)`` of answer ``k``'s tokens."""
        return int(self.bounds[k]), int(self.bounds[k + 1])

    def text(self, k: int) -> str:
        """The text of answer ``k``'s Doc."""
        return self.docs[k].text

    def placeholders(self, k: int) -> list[str | None]:
        """Answer ``k``'s tokens' placeholders.

        The placeholder (``"<occ>"``, ``"<years>"``, ...) on the first token of a masked or
        normalised span, ``""`` on the other tokens of the span, ``None`` elsewhere.
        """
        lo, hi = self.token_range(k)
        return [None if v < 0 else PLACEHOLDERS[v] for v in self.norm[lo:hi].tolist()]

    def form_name(self, form_id: int) -> str:
        """The feature form (lowercased lemma or placeholder) of a ``form`` id."""
        return self.forms.names[form_id]

    def char_offsets(self) -> tuple[np.ndarray, np.ndarray]:
        """Character start and end of every token of the batch (within its answer)."""
        parts = [d.to_array([IDX, LENGTH]) for d in self.docs if len(d)]
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        table = (parts[0] if len(parts) == 1 else np.concatenate(parts)).astype(np.int64)
        return table[:, 0], table[:, 0] + table[:, 1]

    def cues_of(self, k: int) -> list[tuple[str, int, int]]:
        """Cue matches of answer ``k`` as ``(name, start, end)`` with token indices."""
        base = int(self.bounds[k])
        lo, hi = np.searchsorted(self.cue_start, [base, int(self.bounds[k + 1])])
        names = self.cue_names
        return [
            (names[c], s - base, e - base)
            for s, e, c in zip(
                self.cue_start[lo:hi].tolist(), self.cue_end[lo:hi].tolist(), self.cue_set[lo:hi].tolist()
            )
        ]


def _token_positions(docs: list[Doc]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A batch's ``bounds``, and each token's position, answer start and number of tokens
    after it in its answer."""
    if len(docs) == 1:  # one answer (a live update, a spaCy Doc): fewer array operations
        n = len(docs[0])
        position = np.arange(n, dtype=np.int64)
        return np.array([0, n], dtype=np.int64), position, np.zeros(n, dtype=np.int64), position[::-1]
    lengths = np.array([len(d) for d in docs], dtype=np.int64)
    bounds = np.zeros(len(docs) + 1, dtype=np.int64)
    np.cumsum(lengths, out=bounds[1:])
    position = np.arange(int(bounds[-1]), dtype=np.int64)
    doc_start = np.repeat(bounds[:-1], lengths)
    tokens_after = np.repeat(bounds[1:], lengths) - position - 1  # same answer
    return bounds, position, doc_start, tokens_after


def _any_negative(values: np.ndarray) -> bool:
    """Whether some value is negative (a few values: from a list)."""
    if len(values) <= FEW_VALUES:
        return min(values.tolist(), default=0) < 0
    return bool(np.count_nonzero(values < 0))


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

    Attributes
    ----------
    cue_names : list of str
        The cue sets' names, sorted (``Analysis.cue_set`` indexes them).
    """

    #: See :func:`jobcareer.rules.conceded_clauses`.
    conceded = staticmethod(rules.conceded_clauses)

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
        fillers = [str(f).lower() for f in lex["fillers"]]

        def lowered(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in lex[key])

        self._words = LexiconWords(
            fillers=frozenset(f for f in fillers if " " not in f),
            negation_cues=lowered("negation_cues"),
            scope_breakers=lowered("scope_breakers"),
            contrast=lowered("contrast_cues"),
            concessive=lowered("concessive_cues"),
            concessive_initial=lowered("concessive_initial_cues"),
            granting=lowered("granting_cues"),
            denied_reasons=lowered("denied_reasons"),  # empty: the rule never fires
        )

        # phrase words: every lowercased token of every phrase gets a small id
        self._phrase_words: dict[str, int] = {}
        tokenize = nlp.tokenizer

        def word_ids(phrase: str) -> tuple[int, ...]:
            ids = []
            for token in tokenize(phrase.lower()):
                ids.append(self._phrase_words.setdefault(token.lower_, len(self._phrase_words) + 1))
            return tuple(ids)

        multi_word_fillers = [word_ids(f) for f in fillers if " " in f]
        occupations = [word_ids(str(t)) for t in lex["occupations"]]
        self.cue_names: list[str] = sorted(str(k) for k in lex["cues"])
        cue_phrases = [(word_ids(str(p)), index)
                       for index, name in enumerate(self.cue_names) for p in lex["cues"][name]]
        # idioms whose words are cues elsewhere ("grew up", "it paid off"): a cue inside one is no cue
        idioms = [word_ids(str(p)) for p in lex.get("idioms") or ()]
        if len(self._phrase_words) >= 1 << WORD_BITS:
            raise ValueError(
                f"the lexicons use {len(self._phrase_words):,} distinct words; at most "
                f"{(1 << WORD_BITS) - 1:,} are supported"
            )
        # one matcher for all phrases, one match per batch
        self._phrases = PhraseMatcher(
            [(w, _FILLER) for w in multi_word_fillers]
            + [(w, _OCCUPATION) for w in occupations]
            + [(w, _IDIOM) for w in idioms]
            + [(w, k) for w, k in cue_phrases],
            len(self._phrase_words),
        )
        self._lock = threading.Lock()
        self._types = self._new_type_table()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_lock"]  # locks do not pickle (spaCy pipelines sent to worker processes)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    @property
    def forms(self) -> FormTable:
        """The form table of the current word tables (a new one after they are cleared)."""
        return self._types.forms

    def is_phrase_word(self, text: str) -> bool:
        """Whether the token text (any case) is a word of some filler, occupation or cue phrase."""
        return text.lower() in self._phrase_words

    def _new_type_table(self) -> TokenTypeTable:
        return TokenTypeTable(self._lemmas, self._words, self._phrase_words)

    def analyse(self, docs: Sequence[Doc]) -> Analysis:
        """Analyse a batch of Docs made by an English tokenizer (see :class:`Analysis`)."""
        docs = list(docs)
        bounds, position, doc_start, tokens_after = _token_positions(docs)
        n = len(position)
        vocabs = {id(d.vocab): d.vocab for d in docs}
        if len(vocabs) > 1:
            raise ValueError("the Docs of one batch must share a vocabulary")
        with self._lock:  # the word tables are shared: one batch at a time updates and reads them
            if len(self._types) > MAX_TYPES:
                self._types = self._new_type_table()  # bounded memory for endless streams of new words
            types = self._types.doc_type_ids(docs, next(iter(vocabs.values()), self.vocab))
            columns = self._types.columns(types)
            forms = self._types.forms
        ctx = rules.TokenContext(columns.flags, position, doc_start, tokens_after)

        sent_start = rules.sentence_starts(ctx)
        # one row per (match, payload)
        phrase_start, phrase_end, payload = self._phrases.match_payloads(columns.phrase_word, tokens_after)
        if _any_negative(payload):  # fillers, occupations or idioms, not only cues
            is_filler, is_occupation, is_idiom = payload == _FILLER, payload == _OCCUPATION, payload == _IDIOM
            is_cue = payload >= 0
            spans = {kind: (phrase_start[which], phrase_end[which])
                     for kind, which in (("filler", is_filler), ("occupation", is_occupation), ("idiom", is_idiom))}
            cue_start, cue_end, cue_set = phrase_start[is_cue], phrase_end[is_cue], payload[is_cue]
        else:
            spans = dict.fromkeys(("filler", "occupation", "idiom"), (phrase_start[:0], phrase_end[:0]))
            cue_start, cue_end, cue_set = phrase_start, phrase_end, payload
        filler = rules.filler_tokens(
            ctx, columns.lower, sent_start, *spans["filler"], mark_repetitions=self.mark_repetitions
        )
        if ctx.present & _NEGATION_CUE:  # a negation cue: its scope, and the subjects it denies
            negated = rules.negation_scope(ctx, sent_start, filler, self.window)
            negated |= rules.denied_subjects(ctx, sent_start, filler)
        else:
            negated = np.zeros(n, dtype=bool)
        conceded = rules.conceded_clauses(ctx, sent_start)
        norm = np.empty(n, dtype=np.int8)
        norm[:] = NOT_NORMALISED
        marked = rules.mask_occupations(*spans["occupation"], doc_start, norm)
        marked += rules.normalise_numbers(ctx, norm)
        cue_start, cue_end, cue_set = rules.drop_cues_in_idioms(cue_start, cue_end, cue_set, *spans["idiom"], n)
        cue_start, cue_end, cue_set = rules.resolve_cue_overlaps(
            cue_start, cue_end, cue_set, doc_start, len(self.cue_names)
        )
        # no placeholder (most sentences): the forms as they are (a new array already)
        form = np.where(norm > 0, norm, columns.form) if marked else columns.form
        return Analysis(
            docs=docs, bounds=bounds, types=types, flags=columns.flags, sent_start=sent_start,
            filler=filler, negated=negated, conceded=conceded, norm=norm, form=form,
            cue_start=cue_start, cue_end=cue_end, cue_set=cue_set, forms=forms, cue_names=self.cue_names,
        )
