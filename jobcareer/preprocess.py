"""The spaCy preprocessing pipeline: one ``Doc`` per answer, read by everything downstream.

The pipeline is built from code and a plain-data configuration, never from a downloaded
model: a blank English tokenizer, spaCy's sentencizer, lookup lemmas from the
``spacy-lookups-data`` tables (``jobcareer_lemmas``: the same lemmas as spaCy's lookup
lemmatizer, written in one array operation), and five small components of our own:

``jobcareer_fillers``
    marks fillers and disfluencies ("um", "you know", discourse "like", "i i want").
``jobcareer_negation``
    marks tokens inside the scope of a negation cue ("not about the money").
``jobcareer_occupations``
    marks occupation, job-title and industry spans, so features see one placeholder.
``jobcareer_numbers``
    normalises numbers and time expressions ("5 years", "five years", "2030").
``jobcareer_cues``
    finds the motive and time-horizon cue phrases of the bundled lexicons.

Every component writes one list per ``Doc`` (``doc._.jc_filler``, ``doc._.jc_negated``,
``doc._.jc_norm``, ``doc._.jc_cues``), aligned with the tokens; token-level getters
(``token._.jc_is_filler``, ...) read them. The text itself is never altered, so every
token keeps its character offsets into the original answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy
import spacy
from spacy.attrs import (
    IDX,
    IS_ALPHA,
    IS_CURRENCY,
    IS_PUNCT,
    IS_SPACE,
    IS_STOP,
    LEMMA,
    LENGTH,
    LIKE_NUM,
    LOWER,
    ORTH,
    SENT_START,
)
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

__all__ = [
    "MAX_CHARS",
    "OCCUPATION_TOKEN",
    "build_pipeline",
    "check_text",
    "make_docs",
]

#: The longest answer accepted, in characters. Real answers are a few hundred to a few
#: thousand characters; the limit only guards against feeding whole files by mistake.
MAX_CHARS = 100_000

#: The placeholder every occupation span becomes in the features.
OCCUPATION_TOKEN = "<occ>"
#: Placeholders of the number and time normaliser.
NUMBER_TOKEN = "<num>"
YEARS_TOKEN = "<years>"
MONTHS_TOKEN = "<months>"
HOURS_TOKEN = "<hours>"
MONEY_TOKEN = "<money>"

_YEAR_UNITS = frozenset({"year", "years", "yr", "yrs", "decade", "decades"})
_MONTH_UNITS = frozenset({"month", "months", "week", "weeks", "day", "days"})
_HOUR_UNITS = frozenset({"hour", "hours", "hr", "hrs", "minute", "minutes", "min", "mins"})
_VAGUE_NUMBERS = frozenset({"few", "couple", "several", "many", "some"})
_MONEY_SUFFIX = re.compile(r"^\d+(?:[.,]\d+)?(?:k|K|grand)$")
_CALENDAR_YEAR = re.compile(r"^(?:19[5-9]\d|20\d\d|2100)$")


def _register_extensions() -> None:
    """Register the extension attributes our components write (idempotent)."""
    for name in ("jc_filler", "jc_negated", "jc_norm", "jc_cues"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    getters = {
        "jc_is_filler": lambda t: bool(t.doc._.jc_filler and t.doc._.jc_filler[t.i]),
        "jc_is_negated": lambda t: bool(t.doc._.jc_negated and t.doc._.jc_negated[t.i]),
        "jc_norm": lambda t: (t.doc._.jc_norm[t.i] if t.doc._.jc_norm is not None else None),
    }
    for name, getter in getters.items():
        if not Token.has_extension(name):
            Token.set_extension(name, getter=getter)


_TABLE_ATTRS = [LOWER, LEMMA, IS_PUNCT, IS_SPACE, SENT_START, LIKE_NUM, IS_ALPHA, IS_CURRENCY, IDX, IS_STOP, LENGTH]


def token_table(doc: Doc) -> dict[str, list[Any]]:
    """Per-token attributes of a Doc as plain lists, read in one pass with ``Doc.to_array``.

    Iterating a Doc creates a Python ``Token`` object per token, which costs more than
    everything our components do with it; reading the attributes once as arrays makes
    the components and the featurizer several times faster. Built after the lemmas are
    set (by the first of our components that needs it) and cached in ``doc.user_data``
    as plain lists, so Docs still serialise (``nlp.pipe(n_process=2)``, ``DocBin``).

    Returns
    -------
    dict
        ``lower``, ``lemma`` (str lists) and ``punct``, ``space``, ``sent_start``,
        ``like_num``, ``alpha``, ``currency``, ``stop`` (int/bool lists), ``idx`` and
        ``end`` (character offsets of each token), one entry per token.
    """
    table = doc.user_data.get("jc_table")
    if isinstance(table, dict) and len(table.get("lower", ())) == len(doc):
        return table
    strings = doc.vocab.strings
    cols = doc.to_array(_TABLE_ATTRS).T.tolist() if len(doc) else [[] for _ in _TABLE_ATTRS]
    sent_start = [s == 1 for s in cols[4]]
    if sent_start:
        sent_start[0] = True
    table = {
        "lower": [strings[h] for h in cols[0]],
        "lemma": [strings[h] for h in cols[1]],
        "punct": cols[2],
        "space": cols[3],
        "sent_start": sent_start,
        "like_num": cols[5],
        "alpha": cols[6],
        "currency": cols[7],
        "idx": cols[8],
        "end": [i + n for i, n in zip(cols[8], cols[10])],
        "stop": cols[9],
    }
    doc.user_data["jc_table"] = table
    return table


def _lowers(doc: Doc) -> list[str]:
    """The lowercased token texts, shared by the components."""
    return token_table(doc)["lower"]


def _default(value: Sequence[str] | None, resource: str) -> list[str]:
    if value is not None:
        return [str(v).lower() for v in value]
    from jobcareer.lexicons import load_list

    return load_list(resource)


class LookupLemmatizer:
    """Lookup lemmas from spacy-lookups-data's English ``lemma_lookup`` table, fast.

    Gives exactly what spaCy's ``lemmatizer`` in ``lookup`` mode gives (the table entry
    for the token's text, or the text itself), from the same table. It reads the tokens'
    text ids and writes the lemmas with one ``Doc.to_array``/``Doc.from_array`` each instead
    of a Python call per token: spaCy's component was the largest single cost of scoring
    an answer (measured with ``scripts/benchmark.py``).
    """

    def __init__(self, nlp: Language):
        from spacy.lookups import load_lookups

        table = load_lookups(nlp.lang, ["lemma_lookup"]).get_table("lemma_lookup")
        strings = nlp.vocab.strings
        # keys of a spaCy lookup Table are the hash ids of the token texts
        self.lemma_ids: dict[int, int] = {key: strings.add(value) for key, value in table.items()}

    def __call__(self, doc: Doc) -> Doc:
        if len(doc):
            get = self.lemma_ids.get
            orths = doc.to_array([ORTH])
            lemmas = numpy.fromiter((get(o, o) for o in orths.tolist()), dtype=numpy.uint64, count=len(doc))
            doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


class FillerMarker:
    """Mark fillers and disfluencies so that features can skip them.

    Marks listed fillers ("um", "uh", "so yeah"), "you know" and "i mean" used as
    discourse markers, discourse "like" (but not the verb or the comparison), and the first
    copy of an immediately repeated word or phrase of up to three words ("i i want",
    "i want to i want to learn").
    """

    _LIKE_VERB_BEFORE = frozenset(
        {"i", "you", "we", "they", "would", "'d", "d", "do", "did", "does", "n't", "nt",
         "not", "really", "also", "to", "actually", "still", "always", "just", "might",
         "will", "'ll", "ll", "feel", "feels", "felt", "look", "looks", "looked", "seem",
         "seems", "sound", "sounds", "something", "things", "stuff", "more", "much",
         "anything", "nothing", "people", "he", "she", "who", "most"}
    )
    _KNOW_OBJECT_AFTER = frozenset(
        {"what", "how", "that", "the", "a", "an", "about", "him", "her", "them", "it", "this",
         "who", "where", "why", "when", "my", "your", "his", "their", "our", "if", "whether",
         "nothing", "everything", "anything", "everyone", "anyone"}
    )
    _CONTEXT_WORDS = frozenset({"like", "you", "i"})
    _KEEP_REPEATED = frozenset({"had", "that", "very", "really", "so", "no", "bye", "ha"})

    def __init__(self, nlp: Language, fillers: Sequence[str] | None, mark_repetitions: bool):
        _register_extensions()
        entries = _default(fillers, "fillers.txt")
        self.single = frozenset(e for e in entries if " " not in e)
        self.multi = [tuple(e.split()) for e in entries if " " in e]
        self.multi_starts = frozenset(seq[0] for seq in self.multi)
        self.mark_repetitions = mark_repetitions

    def __call__(self, doc: Doc) -> Doc:
        low = _lowers(doc)
        n = len(low)
        single, starts, multi = self.single, self.multi_starts, self.multi
        flags = [w in single for w in low]
        for i, w in enumerate(low):
            if w in starts:
                for seq in multi:
                    k = len(seq)
                    if tuple(low[i : i + k]) == seq:
                        flags[i : i + k] = [True] * k
            if w not in self._CONTEXT_WORDS:
                continue
            nxt = low[i + 1] if i + 1 < n else ""
            if w == "like":
                prev = low[i - 1] if i > 0 else ""
                if prev not in self._LIKE_VERB_BEFORE and nxt not in {"to", "it", "this", "that"}:
                    flags[i] = True
            elif w == "you" and nxt == "know":
                after = low[i + 2] if i + 2 < n else ""
                if after not in self._KNOW_OBJECT_AFTER:
                    flags[i] = flags[i + 1] = True
            elif w == "i" and nxt == "mean":
                after = low[i + 2] if i + 2 < n else ""
                if after not in {"it", "that", "to", "what"}:
                    flags[i] = flags[i + 1] = True
        if self.mark_repetitions:
            self._mark_repetitions(doc, low, flags)
        doc._.jc_filler = flags
        return doc

    def _mark_repetitions(self, doc: Doc, low: list[str], flags: list[bool]) -> None:
        n = len(low)
        starts = token_table(doc)["sent_start"]
        for size in (1, 2, 3):
            for i in range(n - 2 * size + 1):
                # cheap first-word test before comparing whole slices
                if low[i] != low[i + size] or not low[i].isalpha():
                    continue
                if low[i : i + size] == low[i + size : i + 2 * size]:
                    if size == 1 and low[i] in self._KEEP_REPEATED:
                        continue
                    if any(starts[k] for k in range(i + 1, i + 2 * size)):
                        continue  # a repeat across a sentence boundary is not a false start
                    if not all(w.isalpha() or w[0] == "'" for w in low[i : i + size]):
                        continue
                    flags[i : i + size] = [True] * size


class NegationMarker:
    """Mark tokens in the scope of a negation cue.

    A cue (``not``, ``n't``, ``never``, ``no``, ``without``, ``nor``, ...) negates the words
    after it until punctuation, a clause-breaking word ("but", "because", "i", ...), or
    ``window`` content words, whichever comes first. Fillers do not count toward the
    window, so "not um about the money" is scoped like "not about the money". "not just"
    and "not only" are cues too: "not just about the money" marks "about the money".
    """

    def __init__(
        self,
        nlp: Language,
        cues: Sequence[str] | None,
        scope_breakers: Sequence[str] | None,
        window: int,
    ):
        _register_extensions()
        if window < 1:
            raise ValueError(f"window must be a positive number of tokens, got {window}")
        self.cues = frozenset(_default(cues, "negation.txt"))
        self.breakers = frozenset(_default(scope_breakers, "scope_breakers.txt"))
        self.window = window

    def __call__(self, doc: Doc) -> Doc:
        table = token_table(doc)
        low, punct, starts = table["lower"], table["punct"], table["sent_start"]
        fillers = doc._.jc_filler or [False] * len(low)
        flags = [False] * len(low)
        remaining = 0
        for i, w in enumerate(low):
            if w in self.cues:
                remaining = self.window
                continue
            if remaining == 0:
                continue
            if punct[i] or starts[i] or w in self.breakers:
                remaining = 0
                continue
            if fillers[i]:
                continue
            flags[i] = True
            remaining -= 1
        doc._.jc_negated = flags
        return doc


class OccupationMasker:
    """Mark occupation, job-title and industry spans with one placeholder.

    Matches the lexicon (``resources/occupations.txt``, or the ``occupations`` setting) on
    lowercased tokens with spaCy's ``PhraseMatcher``; overlapping matches keep the
    longest. The first token of a span gets ``<occ>`` in ``doc._.jc_norm`` and the rest
    an empty string, so "as a cashier" and "as a registered nurse" give the same features.
    """

    def __init__(self, nlp: Language, occupations: Sequence[str] | None):
        _register_extensions()
        terms = _default(occupations, "occupations.txt")
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher.add("OCCUPATION", list(nlp.tokenizer.pipe(terms)))

    def __call__(self, doc: Doc) -> Doc:
        norms = doc._.jc_norm
        if norms is None:
            norms = [None] * len(doc)
        spans = spacy.util.filter_spans(self.matcher(doc, as_spans=True))
        for span in spans:
            norms[span.start] = OCCUPATION_TOKEN
            for i in range(span.start + 1, span.end):
                norms[i] = ""
        doc._.jc_norm = norms
        return doc


class NumberNormalizer:
    """Normalise numbers and time expressions to shared placeholder tokens.

    "5 years", "five years", "a few years" and "by 2030" all become ``<years>``;
    "6 months" and "a couple of weeks" become ``<months>``; "20 an hour" and "40 hours"
    give ``<hours>`` or ``<num>``; currency amounts ("$20", "60k") become ``<money>``; any
    other number becomes ``<num>``. The placeholder goes on the first token of the
    expression and the others are absorbed (empty string), as for occupations.
    """

    def __init__(self, nlp: Language):
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        table = token_table(doc)
        low, like_num, currency = table["lower"], table["like_num"], table["currency"]
        n = len(low)
        norms = doc._.jc_norm
        if norms is None:
            norms = [None] * n
        i = 0
        while i < n:
            w = low[i]
            if norms[i] is not None:
                i += 1
                continue
            if currency[i]:
                end = i + 1
                if end < n and (like_num[end] or _MONEY_SUFFIX.match(low[end])):
                    end += 1
                self._absorb(norms, i, end, MONEY_TOKEN)
                i = end
                continue
            if _MONEY_SUFFIX.match(w):
                norms[i] = MONEY_TOKEN
                i += 1
                continue
            is_number = like_num[i] or w in _VAGUE_NUMBERS or w == "a"
            if is_number:
                j = i + 1
                if j < n and low[j] == "-":  # "five-year plan"
                    j += 1
                if j < n and low[j] == "of":  # "a couple of years"
                    j += 1
                unit = low[j] if j < n else ""
                if unit in _YEAR_UNITS:
                    self._absorb(norms, i, j + 1, YEARS_TOKEN)
                    i = j + 1
                    continue
                if w in ("one", "some") and unit in ("day", "days"):  # "one day": a horizon
                    i = j + 1
                    continue
                if w == "a":  # "a year" is a horizon; "a week", "an hour" are rates
                    i += 1
                    continue
                if unit in _MONTH_UNITS:
                    self._absorb(norms, i, j + 1, MONTHS_TOKEN)
                    i = j + 1
                    continue
                if unit in _HOUR_UNITS and w != "some":
                    self._absorb(norms, i, j + 1, HOURS_TOKEN)
                    i = j + 1
                    continue
                if like_num[i]:
                    norms[i] = YEARS_TOKEN if _CALENDAR_YEAR.match(w) else NUMBER_TOKEN
            i += 1
        doc._.jc_norm = norms
        return doc

    @staticmethod
    def _absorb(norms: list[str | None], start: int, end: int, placeholder: str) -> None:
        norms[start] = placeholder
        for k in range(start + 1, end):
            norms[k] = ""


class CueMatcher:
    """Find the motive and time-horizon cue phrases of the lexicons.

    ``cues`` maps a cue-set name (``"motive:pay"``, ``"horizon:long"``, ...) to its
    phrases. Matches are found on lowercased tokens with one ``PhraseMatcher``; within a
    cue set, overlapping matches keep the longest. The result is ``doc._.jc_cues``, a list
    of ``(name, start_token, end_token)`` in text order.
    """

    def __init__(self, nlp: Language, cues: dict[str, Sequence[str]] | None):
        _register_extensions()
        if cues is None:
            from jobcareer.lexicons import default_lexicons

            cues = default_lexicons()["cues"]  # type: ignore[assignment]
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.names: dict[int, str] = {}
        for name, phrases in sorted(dict(cues).items()):
            key = nlp.vocab.strings.add(name)
            self.names[key] = name
            self.matcher.add(name, list(nlp.tokenizer.pipe([p.lower() for p in phrases])))

    def __call__(self, doc: Doc) -> Doc:
        by_name: dict[int, list[tuple[int, int]]] = {}
        for key, start, end in self.matcher(doc):
            by_name.setdefault(key, []).append((start, end))
        found: list[tuple[str, int, int]] = []
        for key, spans in by_name.items():
            spans.sort(key=lambda s: (s[0] - s[1], s[0]))  # longest first
            taken: list[tuple[int, int]] = []
            for start, end in spans:
                if all(end <= s or start >= e for s, e in taken):
                    taken.append((start, end))
            found.extend((self.names[key], s, e) for s, e in taken)
        found.sort(key=lambda c: (c[1], c[2], c[0]))
        doc._.jc_cues = found
        return doc


@Language.factory("jobcareer_lemmas", default_config={})
def make_lookup_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    """spaCy factory of :class:`LookupLemmatizer`."""
    return LookupLemmatizer(nlp)


@Language.factory(
    "jobcareer_fillers",
    default_config={"fillers": None, "mark_repetitions": True},
)
def make_filler_marker(
    nlp: Language, name: str, fillers: list[str] | None, mark_repetitions: bool
) -> FillerMarker:
    """spaCy factory of :class:`FillerMarker`."""
    return FillerMarker(nlp, fillers, mark_repetitions)


@Language.factory(
    "jobcareer_negation",
    default_config={"cues": None, "scope_breakers": None, "window": 6},
)
def make_negation_marker(
    nlp: Language,
    name: str,
    cues: list[str] | None,
    scope_breakers: list[str] | None,
    window: int,
) -> NegationMarker:
    """spaCy factory of :class:`NegationMarker`."""
    return NegationMarker(nlp, cues, scope_breakers, window)


@Language.factory("jobcareer_occupations", default_config={"occupations": None})
def make_occupation_masker(
    nlp: Language, name: str, occupations: list[str] | None
) -> OccupationMasker:
    """spaCy factory of :class:`OccupationMasker`."""
    return OccupationMasker(nlp, occupations)


@Language.factory("jobcareer_numbers", default_config={})
def make_number_normalizer(nlp: Language, name: str) -> NumberNormalizer:
    """spaCy factory of :class:`NumberNormalizer`."""
    return NumberNormalizer(nlp)


@Language.factory("jobcareer_cues", default_config={"cues": None})
def make_cue_matcher(
    nlp: Language, name: str, cues: list[list[Any]] | None
) -> CueMatcher:
    """spaCy factory of :class:`CueMatcher`.

    ``cues`` is a list of ``[name, [phrase, ...]]`` pairs (a list rather than a dict,
    because cue names such as ``"motive:pay"`` are not valid config keys).
    """
    return CueMatcher(nlp, None if cues is None else {str(k): v for k, v in cues})


def build_pipeline(lexicons: dict[str, Any] | None = None, *, negation_window: int = 6) -> Language:
    """Build the preprocessing pipeline from code and plain data; nothing is downloaded.

    Parameters
    ----------
    lexicons : dict, optional
        Word lists with the keys of :func:`jobcareer.lexicons.default_lexicons`
        (``fillers``, ``negation_cues``, ``scope_breakers``, ``occupations``, ``cues``).
        Missing keys, or ``None``, use the bundled lists.
    negation_window : int, default 6
        How many content words after a negation cue it can reach.

    Returns
    -------
    spacy.language.Language
        A blank English pipeline: sentencizer, ``jobcareer_lemmas`` (spacy-lookups-data's
        lookup lemmas, as spaCy's lookup lemmatizer gives them), then the components
        ``jobcareer_fillers``, ``jobcareer_negation``, ``jobcareer_occupations``,
        ``jobcareer_numbers`` and ``jobcareer_cues``.

    Examples
    --------
    >>> nlp = build_pipeline()
    >>> doc = nlp("um I'm not here for the money")
    >>> [t.text for t in doc if t._.jc_is_negated]
    ['here', 'for', 'the', 'money']
    """
    lex = dict(lexicons or {})
    nlp = spacy.blank("en")
    nlp.max_length = MAX_CHARS + 1
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("jobcareer_lemmas")
    nlp.add_pipe("jobcareer_fillers", config={"fillers": lex.get("fillers")})
    nlp.add_pipe(
        "jobcareer_negation",
        config={
            "cues": lex.get("negation_cues"),
            "scope_breakers": lex.get("scope_breakers"),
            "window": negation_window,
        },
    )
    nlp.add_pipe("jobcareer_occupations", config={"occupations": lex.get("occupations")})
    nlp.add_pipe("jobcareer_numbers")
    cues = lex.get("cues")
    cue_pairs = None if cues is None else [[k, list(v)] for k, v in sorted(cues.items())]
    nlp.add_pipe("jobcareer_cues", config={"cues": cue_pairs})
    nlp.initialize()
    return nlp


def check_text(text: object, index: int | None = None) -> str:
    """Return ``text`` if it is an acceptable answer, else raise a clear error.

    Parameters
    ----------
    text : object
        The candidate answer.
    index : int, optional
        Its position in a batch, named in the error message.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.
    ValueError
        If ``text`` is longer than :data:`MAX_CHARS` characters.
    """
    where = "" if index is None else f" at index {index}"
    if not isinstance(text, str):
        raise TypeError(f"expected an answer as str{where}, got {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise ValueError(
            f"answer{where} has {len(text):,} characters; the limit is {MAX_CHARS:,}. "
            "Split very long transcripts into answers before scoring them."
        )
    return text


def make_docs(
    nlp: Language,
    texts: Iterable[str],
    *,
    batch_size: int = 256,
    n_process: int = 1,
) -> Iterator[Doc]:
    """Process answers into Docs in batches, validating each one first.

    Parameters
    ----------
    nlp : spacy.language.Language
        A pipeline from :func:`build_pipeline`.
    texts : iterable of str
        The answers.
    batch_size : int, default 256
        How many answers spaCy processes at a time.
    n_process : int, default 1
        Worker processes for ``nlp.pipe``; more than one pays a start-up cost and helps
        only for large batches.

    Yields
    ------
    spacy.tokens.Doc
        One Doc per answer, in input order.
    """
    checked = (check_text(t, i) for i, t in enumerate(texts))
    yield from nlp.pipe(checked, batch_size=batch_size, n_process=n_process)
