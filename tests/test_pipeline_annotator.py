"""Specification of the preprocessing pipeline (jobcareer/pipeline/annotator.py, lemmatizer.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest
import spacy

from jobcareer.pipeline.annotator import build_pipeline
from jobcareer.validation import MAX_CHARS, check_text


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def annotations(doc) -> tuple:
    return (
        [t.is_sent_start for t in doc], doc._.jc_filler, doc._.jc_negated, doc._.jc_norm,
        [tuple(c) for c in doc._.jc_cues],
    )


def fillers(doc) -> list[str]:
    return [t.text for t in doc if t._.jc_is_filler]


def negated(doc) -> list[str]:
    return [t.text for t in doc if t._.jc_is_negated]


class TestPipeline:
    def test_is_a_blank_english_pipeline_with_our_components(self, nlp):
        assert nlp.lang == "en"
        assert nlp.pipe_names == ["jobcareer_lemmas", "jobcareer_preprocess"]

    def test_lemmas_come_from_the_lookup_tables(self, nlp):
        doc = nlp("She was learning and earning more")
        assert [t.lemma_ for t in doc][1:4] == ["be", "learn", "and"]

    def test_lemmas_are_exactly_those_of_spacys_lookup_lemmatizer(self, nlp):
        reference = spacy.blank("en")
        reference.add_pipe("lemmatizer", config={"mode": "lookup"})
        reference.initialize()
        text = "Honestly I'd been hoping they'd promoted me; the kids' schedules were worse. dont gonna"
        assert [t.lemma_ for t in nlp(text)] == [t.lemma_ for t in reference(text)]

    def test_components_are_registered_factories_usable_in_any_pipeline(self):
        other = spacy.blank("en")
        other.add_pipe("jobcareer_preprocess", config={"window": 1})
        doc = other("um I do not care about it. As a nurse I want 5 years")
        assert fillers(doc) == ["um"]
        assert negated(doc) == ["care"]
        assert [t._.jc_norm for t in doc if t._.jc_norm] == ["<occ>", "<years>"]
        assert [s.text for s in doc.sents] == ["um I do not care about it.", "As a nurse I want 5 years"]

    def test_sentences_set_by_an_earlier_component_are_kept(self):
        other = spacy.blank("en")
        other.add_pipe("sentencizer", config={"punct_chars": [";"]})
        other.add_pipe("jobcareer_preprocess")
        doc = other("I need pay; honestly. Yes")
        assert [s.text for s in doc.sents] == ["I need pay;", "honestly. Yes"]

    def test_every_token_keeps_its_offsets_into_the_original_text(self, nlp):
        text = "  Um,  I'm   NOT here for\tthe money — I want to grow!! in 5 yrs  "
        doc = nlp(text)
        for tok in doc:
            assert text[tok.idx : tok.idx + len(tok)] == tok.text

    def test_batches_give_the_same_docs_as_single_calls(self, nlp):
        texts = ["I need the pay.", "um i i want to learn", "As a cashier I want more."]
        batched = list(nlp.pipe(texts, batch_size=2))
        assert [annotations(d) for d in batched] == [annotations(nlp(t)) for t in texts]

    def test_several_processes_give_the_same_docs(self, nlp):
        texts = ["I need the pay, honestly.", "um i i want to learn", "As a cashier I want more."] * 4
        parallel = list(nlp.pipe(texts, batch_size=3, n_process=2))
        assert [annotations(d) for d in parallel] == [annotations(nlp(t)) for t in texts]

    def test_factories_declare_what_they_assign_and_need_only_the_tokenizer(self, nlp):
        lemmas, annotator = nlp.get_pipe_meta("jobcareer_lemmas"), nlp.get_pipe_meta("jobcareer_preprocess")
        assert lemmas.assigns == ["token.lemma"]
        assert {"token.is_sent_start", "doc._.jc_negated", "doc._.jc_cues", "token._.jc_norm"} <= set(annotator.assigns)
        assert lemmas.requires == annotator.requires == []
        assert nlp.analyze_pipes()["problems"] == {"jobcareer_lemmas": [], "jobcareer_preprocess": []}

    def test_importing_the_package_builds_nothing(self):
        code = (
            "import jobcareer, jobcareer.pipeline.annotator as p, sys;"
            "import spacy.language as L;"
            "print(any(isinstance(v, L.Language) for v in vars(p).values()))"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "False"


class TestInputLimit:
    def test_text_at_the_limit_is_accepted(self, nlp):
        text = ("I want to learn. " * (MAX_CHARS // 17))[:MAX_CHARS]
        assert len(nlp(check_text(text))) > 0
