"""The ``jobcareer`` spaCy component (jobcareer/pipeline/classifier.py): ``nlp.add_pipe("jobcareer")``."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import jobcareer

ANSWER = "I need the money for rent. I want to grow into a lead."
ANSWERS = [
    "Honestly I need the paycheck, rent is due.",
    "In five years I want to lead a team and keep learning.",
    "The hours fit my kids' school run. But I also want to grow into a senior role.",
]


@pytest.fixture(scope="module")
def clf(tiny_model_dir) -> jobcareer.JobCareerClassifier:
    return jobcareer.load(tiny_model_dir)


@pytest.fixture(scope="module")
def nlp(tiny_model_dir) -> Language:
    """A blank English pipeline with a sentencizer, then the jobcareer component."""
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    pipeline.add_pipe("jobcareer", config={"model": str(tiny_model_dir)})
    return pipeline


def test_add_pipe_works_without_importing_jobcareer_first(tiny_model_dir):
    # The spacy_factories entry point finds the factory; nothing imports jobcareer by hand.
    script = textwrap.dedent(
        f"""
        import json, sys
        import spacy
        assert "jobcareer" not in sys.modules
        nlp = spacy.blank("en")
        nlp.add_pipe("jobcareer", config={{"model": {str(tiny_model_dir)!r}}})
        doc = nlp({ANSWER!r})
        print(json.dumps({{"score": doc._.career_score, "label": doc._.jobcareer_label,
                          "pipe_names": nlp.pipe_names}}))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["pipe_names"] == ["jobcareer"]
    assert out["label"] in ("career", "job")
    assert 0.0 <= out["score"] <= 1.0


def test_sets_the_explanation_score_and_label_on_the_doc(nlp, clf):
    doc = nlp(ANSWER)
    assert isinstance(doc._.jobcareer, jobcareer.Explanation)
    assert doc._.jobcareer.text == ANSWER
    assert doc._.career_score == pytest.approx(clf.predict_proba([ANSWER])[0, 0], abs=1e-9)
    assert doc._.jobcareer_label == ("career" if doc._.career_score >= 0.5 else "job")


def test_scores_each_sentence_when_the_host_pipeline_sets_sentences(nlp):
    doc = nlp(ANSWER)
    sentences = list(doc.sents)
    assert [s.text for s in sentences] == ["I need the money for rent.", "I want to grow into a lead."]
    expected = [s.score for s in doc._.jobcareer.sentences]
    assert [s._.career_score for s in sentences] == pytest.approx(expected, abs=1e-9)
    assert sentences[0]._.career_score < 0.5 < sentences[1]._.career_score


def test_any_span_gets_a_score(nlp):
    doc = nlp(ANSWER)
    span = doc[2:6]  # "the money for rent"
    assert span._.career_score == pytest.approx(
        doc._.jobcareer.score_span(span.start_char, span.end_char)
    )


def test_does_not_add_a_sentencizer_to_the_host_pipeline(tiny_model_dir):
    bare = spacy.blank("en")
    bare.add_pipe("jobcareer", config={"model": str(tiny_model_dir)})
    doc = bare(ANSWER)
    assert bare.pipe_names == ["jobcareer"]
    assert not doc.has_annotation("SENT_START")
    assert doc._.career_score is not None
    assert doc[0:3]._.career_score is not None


def test_threshold_decides_the_label(tiny_model_dir):
    strict = spacy.blank("en")
    strict.add_pipe("jobcareer", config={"model": str(tiny_model_dir), "threshold": 0.999999})
    doc = strict(ANSWER)
    assert doc._.career_score < 0.999999
    assert doc._.jobcareer_label == "job"
    assert doc._.jobcareer.label == ("career" if doc._.career_score >= 0.5 else "job")


def test_threshold_outside_zero_one_is_refused(tiny_model_dir):
    with pytest.raises(ValueError, match="threshold"):
        spacy.blank("en").add_pipe("jobcareer", config={"model": str(tiny_model_dir), "threshold": 1.5})


def test_nlp_pipe_gives_the_same_results_as_one_by_one_in_order(nlp):
    one_by_one = [nlp(text)._.career_score for text in ANSWERS]
    batched = [doc._.career_score for doc in nlp.pipe(ANSWERS, batch_size=2)]
    assert batched == pytest.approx(one_by_one, abs=1e-12)
    assert [doc.text for doc in nlp.pipe(ANSWERS)] == ANSWERS


def test_a_blank_doc_is_left_unscored_instead_of_failing_the_pipeline(nlp):
    docs = list(nlp.pipe(["I want to grow into a lead.", "", "   "]))
    assert docs[0]._.career_score is not None
    for doc in docs[1:]:
        assert doc._.jobcareer is None
        assert doc._.career_score is None
        assert doc._.jobcareer_label is None


@Language.component("test_word_counter")
def _word_counter(doc: Doc) -> Doc:
    doc._.test_words = len([t for t in doc if t.is_alpha])
    return doc


def test_leaves_other_components_and_their_extensions_alone(tiny_model_dir):
    Doc.set_extension("test_words", default=None, force=True)
    without = spacy.blank("en")
    without.add_pipe("sentencizer")
    without.add_pipe("test_word_counter")
    host = spacy.blank("en")
    host.add_pipe("sentencizer")
    host.add_pipe("test_word_counter")
    host.add_pipe("jobcareer", config={"model": str(tiny_model_dir)})
    plain, scored = without(ANSWER), host(ANSWER)
    assert host.pipe_names == ["sentencizer", "test_word_counter", "jobcareer"]
    assert scored.text == plain.text
    assert [t.text for t in scored] == [t.text for t in plain]
    assert [t.is_sent_start for t in scored] == [t.is_sent_start for t in plain]
    assert scored._.test_words == plain._.test_words == 13


def test_survives_to_disk_and_spacy_load(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    assert reloaded.pipe_names == nlp.pipe_names
    for text in ANSWERS:
        assert reloaded(text)._.career_score == pytest.approx(nlp(text)._.career_score, abs=1e-12)
        assert reloaded(text)._.jobcareer_label == nlp(text)._.jobcareer_label


def test_a_saved_pipeline_keeps_its_model_when_the_original_directory_is_gone(tiny_model_dir, tmp_path):
    import shutil

    import spacy

    model_copy = tmp_path / "model-copy"
    shutil.copytree(tiny_model_dir, model_copy)
    nlp = spacy.blank("en")
    nlp.add_pipe("jobcareer", config={"model": str(model_copy)})
    before = nlp("I need the paycheck for rent.")._.career_score
    nlp.to_disk(tmp_path / "pipeline")
    shutil.rmtree(model_copy)
    reloaded = spacy.load(tmp_path / "pipeline")
    assert reloaded("I need the paycheck for rent.")._.career_score == before


# -- Docs that travel: bytes, DocBin, worker processes -------------------------------------------
def test_a_scored_doc_survives_to_bytes(nlp):
    doc = nlp(ANSWER)
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert copy._.jobcareer == doc._.jobcareer
    assert copy._.career_score == doc._.career_score
    assert copy._.jobcareer_label == doc._.jobcareer_label
    assert [s._.career_score for s in copy.sents] == [s._.career_score for s in doc.sents]


def test_scored_docs_survive_a_docbin(nlp):
    from spacy.tokens import DocBin

    docs = list(nlp.pipe(ANSWERS))
    restored = list(DocBin(docs=docs, store_user_data=True).get_docs(nlp.vocab))
    assert [d._.jobcareer for d in restored] == [d._.jobcareer for d in docs]


def test_nlp_pipe_with_two_processes_gives_the_same_results(nlp):
    one = [(d._.career_score, d._.jobcareer_label) for d in nlp.pipe(ANSWERS * 4)]
    two = [(d._.career_score, d._.jobcareer_label) for d in nlp.pipe(ANSWERS * 4, n_process=2, batch_size=3)]
    assert two == one


def test_an_over_long_doc_is_left_unscored_and_the_others_are_scored(nlp):
    from jobcareer.validation import MAX_CHARS

    long_text = "I want to grow. " * (MAX_CHARS // 16 + 1)
    with pytest.warns(UserWarning, match="left a Doc unscored"):
        docs = list(nlp.pipe([ANSWERS[0], long_text, ANSWERS[1]]))
    assert docs[1]._.career_score is None and "the limit is 100,000" in docs[1]._.jobcareer_error
    assert [d._.jobcareer_label is not None for d in docs] == [True, False, True]
    assert docs[0]._.jobcareer_error is None


def test_the_doc_flags_low_evidence_as_the_explanation_does(nlp, clf):
    docs = list(nlp.pipe([ANSWERS[1], "asdf qwer zxcv"]))
    assert [d._.jobcareer_low_evidence for d in docs] == [clf.explain(d.text).low_evidence for d in docs]
    assert docs[1]._.jobcareer_low_evidence is True


def test_the_component_writes_doc_cats_as_spacy_text_classifiers_do(nlp):
    doc = nlp("I need the paycheck for rent.")
    assert set(doc.cats) == {"career", "job"}
    assert doc.cats["career"] == pytest.approx(doc._.career_score)
    assert doc.cats["career"] + doc.cats["job"] == pytest.approx(1.0)
    restored = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert restored.cats == doc.cats


def test_the_factory_declares_what_it_assigns(nlp):
    meta = nlp.get_pipe_meta("jobcareer")
    assert "doc.cats" in meta.assigns and "doc._.jobcareer" in meta.assigns


# -- the host pipeline's tokens ------------------------------------------------------------------
HOST_TEXT = "I want to grow into a lead role."


@pytest.fixture(scope="module")
def splitting_host(tiny_model_dir) -> Language:
    """A host whose tokenizer splits "grow" into "gr" + "ow" (a special case ours lacks)."""
    from spacy.attrs import ORTH

    host = spacy.blank("en")
    host.tokenizer.add_special_case("grow", [{ORTH: "gr"}, {ORTH: "ow"}])
    host.add_pipe("jobcareer", config={"model": str(tiny_model_dir)})
    return host


def test_scores_follow_the_host_docs_own_tokens(splitting_host, clf):
    doc = splitting_host(HOST_TEXT)
    assert [t.text for t in doc][3:5] == ["gr", "ow"]
    assert doc._.jobcareer == clf.explain_doc(splitting_host.make_doc(HOST_TEXT))
    features = [c.feature for c in doc._.jobcareer.contributions]
    assert not any("grow" in f for f in features)  # the host never made a "grow" token
    assert "w:grow" in [c.feature for c in clf.explain(HOST_TEXT).contributions]  # our tokenizer does
    assert doc._.career_score != pytest.approx(clf.predict_proba([HOST_TEXT])[0, 0], abs=1e-6)


def test_host_token_explanations_keep_offsets_into_the_doc_text(splitting_host):
    docs = list(splitting_host.pipe([HOST_TEXT, ANSWER, "We grow, they grow."]))
    for doc in docs:
        assert doc._.jobcareer.text == doc.text
        assert doc.cats["career"] == doc._.career_score
        for phrase in doc._.jobcareer.phrases:
            assert doc.text[phrase.start : phrase.end] == phrase.text


def test_the_factory_declares_it_needs_only_the_tokenizer(nlp):
    meta = nlp.get_pipe_meta("jobcareer")
    assert meta.requires == []
    assert "span._.career_score" in meta.assigns and "doc._.career_score" in meta.assigns
    problems = nlp.analyze_pipes()["problems"]
    assert problems["jobcareer"] == []
