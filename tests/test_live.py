"""Specification of live scoring (jobcareer/live.py): an answer scored as it grows."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jobcareer

# Pieces of answers written for these tests: sentences with fillers, negation, numbers,
# occupations, repeated words, odd spacing and punctuation that a recogniser may emit.
PIECES = [
    "Honestly the hours fit my kids' school run.",
    "I want to master this craft and grow into leading a team in five years.",
    "um so yeah i just need something steady for now you know",
    "It's not about the money, I want to learn from the senior engineers!",
    "The pay is $20 an hour and it's close to home.",
    "I'm not trying to climb any ladder.",
    "In 5 years I'd like to be a nurse manager, like, really.",
    "i i want want to get good at this",
    "Is the commute short?",
    "Mm-hm.",
    "I mean it pays the rent.",
    "A couple of weeks of training — then I'd run the night shift.",
    "\"Growth\" matters to me.",
    "...",
    "I was a cashier for 3 years, so I know the tills.",
    "But what I really want is to grow.",
    "Sure, the pay is fine.",
    "Although the money's good, I left.",
    "However, I need the money.",
]
JOB = "The hours fit my kids' school run."
CAREER = "I want to master this craft and grow into leading a team in five years."
WRONG = ["the money", " pay", "grow.", "um", " .", "x", '"So', "... and", ", so", "!"]
SEPARATORS = [" ", " ", " ", "  ", "\n", " \n ", ""]


def assert_same(live_result, explanation):
    assert live_result.text == explanation.text
    assert live_result.logit == pytest.approx(explanation.logit, abs=1e-9)
    assert live_result.score == pytest.approx(explanation.score, abs=1e-9)
    assert live_result.label == explanation.label
    assert live_result.low_evidence == explanation.low_evidence
    assert live_result.evidence == explanation.evidence
    got = [(p.text, p.start, p.end, p.label) for p in live_result.phrases]
    assert got == [(p.text, p.start, p.end, p.label) for p in explanation.phrases]
    for a, b in zip(live_result.phrases, explanation.phrases):
        assert a.weight == pytest.approx(b.weight, abs=1e-9)
        assert a.score_without == pytest.approx(b.score_without, abs=1e-9)


@st.composite
def edits(draw):
    """A final text and the stream of edits (appends and tail revisions) that builds it."""
    parts = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(parts), max_size=len(parts)))
    text = "".join(p + s for p, s in zip(parts, seps)).strip() or "Mm-hm."
    cuts = sorted(set(draw(st.lists(st.integers(1, len(text)), max_size=25))) | {len(text)})
    steps = []
    done = 0
    for cut in cuts:
        chunk = text[done:cut]
        if draw(st.integers(0, 3)) == 0 and chunk:
            # a recogniser first hears something else, then revises it
            wrong = draw(st.sampled_from(WRONG))
            steps.append(("append", wrong))
            steps.append(("replace", len(wrong), chunk))
        elif draw(st.integers(0, 6)) == 0 and done > 0:
            # a revision that reaches back into text already delivered
            back = draw(st.integers(1, done))
            steps.append(("replace", back, text[done - back : cut]))
        else:
            steps.append(("append", chunk))
        done = cut
    return text, steps


@pytest.fixture(scope="module")
def clf():
    return jobcareer.load()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=edits())
def test_after_the_last_update_the_result_equals_explain_of_the_whole_text(clf, case):
    text, steps = case
    live = clf.live()
    for step in steps:
        result = live.update(step[1]) if step[0] == "append" else live.replace_tail(step[1], step[2])
    assert live.text == text
    expected = clf.explain(text)
    assert_same(result, expected)
    assert live.explanation() == expected


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=edits())
def test_every_intermediate_result_equals_explain_of_the_text_so_far(clf, case):
    _, steps = case
    live = clf.live()
    for step in steps:
        result = live.update(step[1]) if step[0] == "append" else live.replace_tail(step[1], step[2])
        if live.text.strip():
            assert_same(result, clf.explain(live.text))


def test_a_sentence_opening_with_but_concedes_the_finished_one_before_it(clf):
    # the only rule that looks across a sentence boundary: typed a character at a time,
    # every intermediate result still equals explain() of the text so far
    text = "The pay is good. But I want to learn. Butter is nice."
    live = clf.live()
    for ch in text:
        result = live.update(ch)
        if live.text.strip():
            assert_same(result, clf.explain(live.text))


def test_finished_sentences_are_not_analysed_again(clf):
    live = clf.live()
    live.update("Honestly the hours fit my kids' school run.")
    live.update(" It's close to home.")
    live.update(" I need")
    assert live.n_frozen_chars == len("Honestly the hours fit my kids' school run. It's close to home. ")
    live.update(" the pay")
    assert live.n_reanalysed_chars == len("I need the pay")


def test_a_revision_into_finished_sentences_unfreezes_them(clf):
    live = clf.live()
    live.update("I want to master this craft. In five years I lead.")
    live.update(" More")
    frozen = live.n_frozen_chars
    assert frozen > 0
    result = live.replace_tail(len(live.text) - 5, " need the paycheck now.")
    assert live.n_frozen_chars < frozen
    assert live.text == "I wan need the paycheck now."
    assert_same(result, clf.explain(live.text))


def test_set_text_takes_a_whole_new_hypothesis(clf):
    live = clf.live()
    live.set_text("The hours fit my kids' school run. I want")
    result = live.set_text("The hours fit my kids' school run. I want to grow into leading a team.")
    assert_same(result, clf.explain(live.text))


def test_clear_cut_answers_get_their_label_as_they_grow(clf):
    live = clf.live()
    for word in JOB.split():
        result = live.update(word if not live.text else " " + word)
    assert result.label == "job"
    live = clf.live()
    for word in CAREER.split():
        result = live.update(word if not live.text else " " + word)
    assert result.label == "career"
    assert result.top_phrases(1)[0].label == "career"


def test_an_empty_answer_has_no_evidence_yet(clf):
    live = clf.live()
    result = live.update("")
    assert result.phrases == () and result.low_evidence and result.evidence == 0
    assert result.score == pytest.approx(clf.calibrate(clf.intercept_))
    with pytest.raises(ValueError, match="empty or blank"):
        live.explanation()


def test_bad_edits_are_refused_with_a_clear_message(clf):
    live = clf.live()
    live.update("Some words")
    with pytest.raises(ValueError, match="n_chars must be an int between 0 and 10"):
        live.replace_tail(11, "x")
    with pytest.raises(TypeError, match="str"):
        live.update(None)  # type: ignore[arg-type]
    assert live.text == "Some words"


def test_an_unfitted_classifier_cannot_go_live():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        jobcareer.JobCareerClassifier().live()


def test_a_sentence_is_kept_analysed_once_the_first_word_after_it_is_complete(clf):
    live = clf.live()
    live.update("The pay is fine. Ne")  # "Ne" may still become "But", which concedes the sentence
    assert live.n_frozen_chars == 0
    live.update("xt up")
    assert live.n_frozen_chars == len("The pay is fine. ")
    assert_same(live.result, clf.explain(live.text))


def test_a_revised_tail_that_no_longer_starts_a_sentence_joins_the_sentence_before(clf):
    live = clf.live()
    live.update("The pay is fine. Next up")
    assert live.n_frozen_chars == len("The pay is fine. ")
    live.replace_tail(len("Next up"), '"I want to grow."')  # the quote belongs to the first sentence
    assert live.explanation() == clf.explain(live.text)
    assert live.explanation().sentences[0].text == 'The pay is fine. "'


def test_the_analyzer_clearing_its_word_tables_mid_answer_is_handled(clf, monkeypatch):
    import jobcareer.analysis

    monkeypatch.setattr(jobcareer.analysis, "MAX_TYPES", 5)  # clear the tables at almost every update
    live = clf.live()
    words = " ".join(PIECES[:6]).split()
    for i, word in enumerate(words):
        result = live.update(word if i == 0 else " " + word)
    assert_same(result, clf.explain(live.text))
    assert live.explanation() == clf.explain(live.text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=edits(), cut=st.integers(0, 400), extra=st.sampled_from(["", " and the pay.", "x", " I want to lead."]))
def test_set_text_keeps_the_common_prefix_whatever_changed(clf, case, cut, extra):
    text, _ = case
    live = clf.live()
    live.set_text(text)
    revised = text[: min(cut, len(text))] + extra
    result = live.set_text(revised)
    assert live.text == revised
    if revised.strip():
        assert_same(result, clf.explain(revised))


def test_a_model_with_binary_weighting_scores_live_as_it_explains(corpus):
    import jobcareer

    binary = jobcareer.JobCareerClassifier(weighting="binary", C=3.0, calibration_folds=3)
    binary.fit(corpus.texts[:300], corpus.labels[:300])
    text = "The pay is good. But I want to learn from the senior engineers, and the hours are fine."
    live = binary.live()
    for start in range(0, len(text), 7):
        result = live.update(text[start : start + 7])
    assert_same(result, binary.explain(text))
