"""The spaCy pipeline: Docs annotated as jobcareer analyses answers, for spaCy users.

The pipeline is built from code and a plain-data configuration, never from a downloaded
model: a blank English tokenizer, lookup lemmas from the ``spacy-lookups-data`` tables
(``jobcareer_lemmas``: the same lemmas as spaCy's lookup lemmatizer, written in one
array operation), and ``jobcareer_preprocess``, which runs :class:`jobcareer.analysis.Analyzer`
(one implementation of every rule, shared with the classifier) and writes what it found:

- sentence boundaries (spaCy's ``sentencizer`` rule), unless the Doc already has some;
- ``doc._.jc_filler``: fillers and disfluencies ("um", "you know", discourse "like",
  "i i want");
- ``doc._.jc_negated``: tokens inside the scope of a negation cue ("not about the money");
- ``doc._.jc_norm``: placeholders of occupation spans (``<occ>``) and of numbers and time
  expressions (``<years>``, ``<months>``, ``<hours>``, ``<money>``, ``<num>``) on their
  first token, ``""`` on the others, ``None`` elsewhere;
- ``doc._.jc_cues``: the motive and time-horizon cue phrases, as ``(name, start, end)``.

Token-level getters (``token._.jc_is_filler``, ``token._.jc_is_negated``,
``token._.jc_norm``) read them. The text is never altered, so every token keeps its
character offsets into the original answer. The classifier does not need this pipeline:
it tokenises and analyses whole batches directly (:mod:`jobcareer.model`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy
import spacy
from spacy.attrs import LEMMA, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.util import minibatch

from jobcareer.analysis import Analyzer
from jobcareer.validation import MAX_CHARS, check_text  # re-exported for callers not yet switched

__all__ = ["MAX_CHARS", "AnswerAnnotator", "LookupLemmatizer", "build_pipeline", "check_text"]



def _register_extensions() -> None:
    """Register the extension attributes the component writes (idempotent)."""
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


class AnswerAnnotator:
    """Annotate Docs with the analysis of :class:`jobcareer.analysis.Analyzer`.

    A plain callable on a Doc; ``pipe`` analyses whole batches at once, with the same
    results. See the module docstring for what it writes.
    """

    def __init__(self, nlp: Language, lexicons: dict[str, Any] | None, window: int, mark_repetitions: bool):
        _register_extensions()
        self.analyzer = Analyzer(nlp, lexicons, negation_window=window, mark_repetitions=mark_repetitions)

    def __call__(self, doc: Doc) -> Doc:
        return self._annotate([doc])[0]

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        """Annotate a stream of Docs in batches (used by ``nlp.pipe``)."""
        for batch in minibatch(docs, size=batch_size):
            yield from self._annotate(batch)

    def _annotate(self, docs: list[Doc]) -> list[Doc]:
        analysis = self.analyzer.analyse(docs)
        for k, doc in enumerate(docs):
            lo, hi = analysis.token_range(k)
            if hi > lo and not doc.has_annotation("SENT_START"):
                starts = numpy.where(analysis.sent_start[lo:hi], 1, -1).astype(numpy.uint64)
                doc.from_array([SENT_START], starts.reshape(-1, 1))
            doc._.jc_filler = analysis.filler[lo:hi].tolist()
            doc._.jc_negated = analysis.negated[lo:hi].tolist()
            doc._.jc_norm = analysis.placeholders(k)
            doc._.jc_cues = analysis.cues_of(k)
        return docs


@Language.factory("jobcareer_lemmas", default_config={})
def make_lookup_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    """spaCy factory of :class:`LookupLemmatizer`."""
    return LookupLemmatizer(nlp)


@Language.factory(
    "jobcareer_preprocess",
    default_config={
        "fillers": None,
        "negation_cues": None,
        "scope_breakers": None,
        "occupations": None,
        "cues": None,
        "window": 6,
        "mark_repetitions": True,
    },
)
def make_answer_annotator(
    nlp: Language,
    name: str,
    fillers: list[str] | None,
    negation_cues: list[str] | None,
    scope_breakers: list[str] | None,
    occupations: list[str] | None,
    cues: list[list[Any]] | None,
    window: int,
    mark_repetitions: bool,
) -> AnswerAnnotator:
    """spaCy factory of :class:`AnswerAnnotator`.

    Each word list left ``None`` is the bundled one. ``cues`` is a list of
    ``[name, [phrase, ...]]`` pairs (a list rather than a dict, because cue names such as
    ``"motive:pay"`` are not valid config keys).
    """
    lexicons = {
        "fillers": fillers,
        "negation_cues": negation_cues,
        "scope_breakers": scope_breakers,
        "occupations": occupations,
        "cues": None if cues is None else {str(k): list(v) for k, v in cues},
    }
    return AnswerAnnotator(nlp, lexicons, window, mark_repetitions)


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
        A blank English pipeline with ``jobcareer_lemmas`` (spacy-lookups-data's lookup
        lemmas, as spaCy's lookup lemmatizer gives them) and ``jobcareer_preprocess``.

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
    nlp.add_pipe("jobcareer_lemmas")
    cues = lex.get("cues")
    config = {key: lex.get(key) for key in ("fillers", "negation_cues", "scope_breakers", "occupations")}
    config["cues"] = None if cues is None else [[k, list(v)] for k, v in sorted(cues.items())]
    config["window"] = negation_window
    nlp.add_pipe("jobcareer_preprocess", config=config)
    nlp.initialize()
    return nlp
