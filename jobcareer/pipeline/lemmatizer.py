"""``jobcareer_lemmas``: spaCy's lookup lemmas, written in one array operation per Doc."""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, ORTH
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["LEMMATIZER_NAME", "LookupLemmatizer", "make_lookup_lemmatizer"]

#: The factory name of :class:`LookupLemmatizer`.
LEMMATIZER_NAME = "jobcareer_lemmas"


class LookupLemmatizer:
    """Lookup lemmas from spacy-lookups-data's English ``lemma_lookup`` table, fast.

    Gives exactly what spaCy's ``lemmatizer`` in ``lookup`` mode gives (the table entry
    for the token's text, or the text itself), from the same table. It reads the tokens'
    text ids and writes the lemmas with one ``Doc.to_array``/``Doc.from_array`` each instead
    of a Python call per token: spaCy's component was the largest single cost of scoring
    an answer (measured with ``scripts/benchmark.py``).

    Parameters
    ----------
    nlp : Language
        The pipeline (its language's table, its string store).
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


@Language.factory(LEMMATIZER_NAME, default_config={}, assigns=["token.lemma"], requires=[])
def make_lookup_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    """spaCy factory of :class:`LookupLemmatizer` (reads only the tokenizer's token texts)."""
    return LookupLemmatizer(nlp)
