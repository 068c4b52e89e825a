"""Specification of the preprocessing pipeline (jobcareer/preprocess.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest
import spacy

from jobcareer.features import content_tokens
from jobcareer.preprocess import (
    MAX_CHARS,
    OCCUPATION_TOKEN,
    build_pipeline,
    check_text,
    make_docs,
)


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def forms(doc) -> list[str]:
    return [f for sent in content_tokens(doc) for f, _ in sent]


def fillers(doc) -> list[str]:
    return [t.text for t in doc if t._.jc_is_filler]


def negated(doc) -> list[str]:
    return [t.text for t in doc if t._.jc_is_negated]


class TestPipeline:
    def test_is_a_blank_english_pipeline_with_our_components(self, nlp):
        assert nlp.lang == "en"
        assert nlp.pipe_names == [
            "sentencizer",
            "jobcareer_lemmas",
            "jobcareer_fillers",
            "jobcareer_negation",
            "jobcareer_occupations",
            "jobcareer_numbers",
            "jobcareer_cues",
        ]

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
        other.add_pipe("jobcareer_fillers")
        other.add_pipe("jobcareer_negation")
        doc = other("um I do not care")
        assert fillers(doc) == ["um"]
        assert negated(doc) == ["care"]

    def test_every_token_keeps_its_offsets_into_the_original_text(self, nlp):
        text = "  Um,  I'm   NOT here for\tthe money — I want to grow!! in 5 yrs  "
        doc = nlp(text)
        for tok in doc:
            assert text[tok.idx : tok.idx + len(tok)] == tok.text

    def test_batches_give_the_same_docs_as_single_calls(self, nlp):
        texts = ["I need the pay.", "um i i want to learn", "As a cashier I want more."]
        batched = list(make_docs(nlp, texts, batch_size=2))
        assert [forms(d) for d in batched] == [forms(nlp(t)) for t in texts]

    def test_several_processes_give_the_same_docs(self, nlp):
        texts = ["I need the pay, honestly.", "um i i want to learn", "As a cashier I want more."] * 4
        parallel = list(make_docs(nlp, texts, batch_size=3, n_process=2))
        assert [forms(d) for d in parallel] == [forms(nlp(t)) for t in texts]
        cues = [[tuple(c) for c in d._.jc_cues] for d in parallel]  # lists after crossing processes
        assert cues == [[tuple(c) for c in nlp(t)._.jc_cues] for t in texts]

    def test_importing_the_package_builds_nothing(self):
        code = (
            "import jobcareer, jobcareer.preprocess as p, sys;"
            "import spacy.language as L;"
            "print(any(isinstance(v, L.Language) for v in vars(p).values()))"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "False"


class TestFillers:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("um I want to uh learn", ["um", "uh"]),
            ("so yeah i need the money", ["so", "yeah"]),
            ("it's like ten minutes from my place", ["like"]),
            ("i need you know something steady", ["you", "know"]),
            ("i mean the hours are good", ["i", "mean"]),
        ],
    )
    def test_marks_fillers_in_transcripts(self, nlp, text, expected):
        assert fillers(nlp(text)) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "I like the people here",
            "I would like to lead a team",
            "it feels like a family",
            "you know the owner",
            "I mean it",
        ],
    )
    def test_leaves_the_verb_and_the_comparison_alone(self, nlp, text):
        assert fillers(nlp(text)) == []

    def test_marks_the_first_copy_of_a_repeated_word_or_phrase(self, nlp):
        doc = nlp("i i want to i want to learn")
        assert [t.i for t in doc if t._.jc_is_filler] == [0, 1, 2, 3]
        assert forms(doc) == ["i", "want", "to", "learn"]

    def test_keeps_intended_repetitions(self, nlp):
        assert fillers(nlp("it was very very hard")) == []

    def test_features_skip_fillers(self, nlp):
        assert forms(nlp("um i uh want to learn")) == forms(nlp("i want to learn"))


class TestNegation:
    def test_negation_changes_the_features(self, nlp):
        negative = forms(nlp("I'm not here for the money"))
        positive = forms(nlp("I'm here for the money"))
        assert "not_money" in negative and "money" not in negative
        assert "money" in positive and "not_money" not in positive

    def test_scope_ends_at_a_clause_boundary(self, nlp):
        doc = nlp("It's not about the money, I want to learn")
        assert negated(doc) == ["about", "the", "money"]

    def test_scope_ends_at_but_in_unpunctuated_transcripts(self, nlp):
        doc = nlp("i dont care about the pay but i want to grow")
        assert negated(doc) == ["care", "about", "the", "pay"]

    def test_not_just_and_not_only_are_cues(self, nlp):
        assert "money" in negated(nlp("it is not just about money"))
        assert "paycheck" in negated(nlp("not only the paycheck"))

    @pytest.mark.parametrize("cue", ["never", "without", "no", "nor"])
    def test_other_cues(self, nlp, cue):
        assert "weekends" in negated(nlp(f"{cue} weekends"))

    def test_scope_is_bounded_by_the_window(self, nlp):
        doc = nlp("not a b c d e f g h i j")
        assert len(negated(doc)) == 6

    def test_fillers_do_not_use_up_the_window(self, nlp):
        assert negated(nlp("not um about uh the money")) == ["about", "the", "money"]


class TestOccupations:
    @pytest.mark.parametrize(
        "other",
        ["surgeon", "registered nurse", "software engineer", "barista", "forklift operator"],
    )
    def test_occupations_give_identical_feature_tokens(self, nlp, other):
        assert forms(nlp("As a cashier I want to grow")) == forms(nlp(f"As a {other} I want to grow"))

    def test_the_placeholder_covers_the_whole_title(self, nlp):
        doc = nlp("I worked as a registered nurse for years")
        sent = content_tokens(doc)[0]
        (tokens,) = [toks for form, toks in sent if form == OCCUPATION_TOKEN]
        assert [doc[i].text for i in tokens] == ["registered", "nurse"]

    def test_matching_ignores_case(self, nlp):
        assert OCCUPATION_TOKEN in forms(nlp("I am a Software Engineer"))

    def test_lexicon_has_at_least_400_entries(self):
        from jobcareer.lexicons import load_list

        assert len(load_list("occupations.txt")) >= 400


class TestNumbers:
    @pytest.mark.parametrize("horizon", ["in 5 years", "in five years", "by 2030", "in a few years"])
    def test_time_horizons_share_one_token(self, nlp, horizon):
        assert "<years>" in forms(nlp(f"I want to lead a team {horizon}"))

    def test_units_are_absorbed_into_the_placeholder(self, nlp):
        assert forms(nlp("in 5 years")) == ["in", "<years>"]
        assert forms(nlp("five-year plan")) == ["<years>", "plan"]

    def test_months_hours_money_and_plain_numbers(self, nlp):
        assert forms(nlp("for 6 months")) == ["for", "<months>"]
        assert forms(nlp("40 hours a week")) == ["<hours>", "a", "week"]
        assert forms(nlp("$20 or 60k")) == ["<money>", "or", "<money>"]
        assert forms(nlp("3 kids")) == ["<num>", "kid"]

    def test_one_day_stays_a_phrase(self, nlp):
        assert forms(nlp("one day")) == ["one", "day"]


class TestCues:
    def test_finds_motive_and_horizon_cues(self, nlp):
        doc = nlp("I need a bigger paycheck and someday I want to run the place")
        names = {name for name, _, _ in doc._.jc_cues}
        assert "motive:pay" in names
        assert "horizon:long" in names

    def test_cue_spans_point_at_the_cue_tokens(self, nlp):
        doc = nlp("honestly the paycheck matters")
        spans = [(name, doc[s:e].text) for name, s, e in doc._.jc_cues]
        assert ("motive:pay", "paycheck") in spans


class TestInputChecks:
    @pytest.mark.parametrize("bad", [None, b"bytes", 3, ["a list"]])
    def test_non_strings_raise_type_error_naming_the_type(self, bad):
        with pytest.raises(TypeError, match=type(bad).__name__):
            check_text(bad)

    def test_batch_errors_name_the_index(self, nlp):
        with pytest.raises(TypeError, match="index 1"):
            list(make_docs(nlp, ["fine", None]))

    def test_overlong_text_raises_value_error_with_the_limit(self):
        with pytest.raises(ValueError, match=f"{MAX_CHARS:,}"):
            check_text("a" * (MAX_CHARS + 1))

    def test_text_at_the_limit_is_accepted(self, nlp):
        text = ("I want to learn. " * (MAX_CHARS // 17))[:MAX_CHARS]
        assert len(nlp(check_text(text))) > 0
