"""The extension attributes of jobcareer's spaCy components (jobcareer/pipeline/extensions.py)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span, Token

from jobcareer.pipeline.extensions import explanation_of, register_extensions, store_explanation

DOC_EXTENSIONS = [
    "jc_filler", "jc_negated", "jc_norm", "jc_cues",
    "jobcareer", "jobcareer_data", "career_score", "jobcareer_label", "jobcareer_low_evidence", "jobcareer_error",
]


def test_one_registrar_registers_the_attributes_of_every_component():
    register_extensions()
    register_extensions()  # a second call changes nothing
    assert all(Doc.has_extension(name) for name in DOC_EXTENSIONS)
    assert all(Token.has_extension(name) for name in ("jc_is_filler", "jc_is_negated", "jc_norm"))
    assert Span.has_extension("career_score")


def test_the_annotator_and_the_classifier_share_the_registrar(tiny_model_dir):
    from jobcareer.pipeline.annotator import build_pipeline

    nlp = build_pipeline()
    nlp.add_pipe("jobcareer", config={"model": str(tiny_model_dir)})
    doc = nlp("um I'm not here for the money")
    assert [t.text for t in doc if t._.jc_is_negated] == ["here", "for", "the", "money"]
    assert doc._.career_score == doc.cats["career"]


def test_an_unannotated_doc_reads_as_empty():
    register_extensions()
    doc = spacy.blank("en")("I want to grow.")
    assert [t._.jc_is_filler for t in doc] == [False] * 5
    assert [t._.jc_norm for t in doc] == [None] * 5
    assert doc._.jobcareer is None and doc._.career_score is None and doc[0:2]._.career_score is None


def test_a_stored_explanation_is_read_back_equal(tiny_model_dir):
    import jobcareer

    register_extensions()
    explanation = jobcareer.load(tiny_model_dir).explain("I need the money for rent.")
    doc = spacy.blank("en")("I need the money for rent.")
    store_explanation(doc, explanation)
    assert explanation_of(doc) == explanation
    assert doc._.career_score == explanation.score
    copy = Doc(doc.vocab).from_bytes(doc.to_bytes())
    assert explanation_of(copy) == explanation  # rebuilt from the plain data
    store_explanation(doc, None)
    assert doc._.jobcareer is None
