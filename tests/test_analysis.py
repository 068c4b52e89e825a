"""Specification of the batch analysis of answers (jobcareer/analysis.py)."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from feature_views import content_tokens
from hypothesis import given, settings
from hypothesis import strategies as st

from jobcareer.analysis import PLACEHOLDERS, Analyzer
from jobcareer.lexicons import default_lexicons

OCCUPATION_TOKEN = "<occ>"


class Answer:
    """One answer's analysis, read as lists."""

    def __init__(self, analysis, k=0):
        lo, hi = int(analysis.bounds[k]), int(analysis.bounds[k + 1])
        self.doc = analysis.docs[k]
        self.words = [t.text for t in self.doc]
        self.filler = analysis.filler[lo:hi].tolist()
        self.negated_flags = analysis.negated[lo:hi].tolist()
        self.sent_start = analysis.sent_start[lo:hi].tolist()
        self.norm = [None if v < 0 else PLACEHOLDERS[v] for v in analysis.norm[lo:hi].tolist()]
        self.cues = analysis.cues_of(k)
        self.content = content_tokens(analysis, k)

    def __getitem__(self, i):
        return self.doc[i]


@pytest.fixture(scope="module")
def analyse_many():
    nlp = spacy.blank("en")
    analyzer = Analyzer(nlp)

    def run(texts):
        analysis = analyzer.analyse([nlp.make_doc(t) for t in texts])
        return [Answer(analysis, k) for k in range(len(texts))]

    return run


@pytest.fixture(scope="module")
def nlp(analyse_many):
    """Analyse one answer (named like a pipeline so that the specs read naturally)."""
    return lambda text: analyse_many([text])[0]


def forms(answer) -> list[str]:
    return [f for sent in answer.content for f, _ in sent]


def fillers(answer) -> list[str]:
    return [w for w, f in zip(answer.words, answer.filler) if f]


def negated(answer) -> list[str]:
    return [w for w, f in zip(answer.words, answer.negated_flags) if f]


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
        assert [i for i, f in enumerate(doc.filler) if f] == [0, 1, 2, 3]
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


class TestDeniedSubjects:
    """A negation after "is/was/has been" that says *not the reason* denies the subject before it."""

    @pytest.mark.parametrize(
        ("text", "subject"),
        [
            ("Money has never been why I took a job.", ["Money"]),
            ("The pay isn't the point.", ["The", "pay"]),
            ("Pay had nothing to do with it.", ["Pay"]),
            ("Honestly, the title was never what I wanted.", ["the", "title"]),
            ("the money um was not the reason", ["the", "money"]),
        ],
    )
    def test_the_subject_is_negated(self, nlp, text, subject):
        answer = nlp(text)
        verb = answer.words.index(subject[-1]) + 1 + answer.filler[answer.words.index(subject[-1]) + 1 :].index(False)
        assert [w for w, n in zip(answer.words[:verb], answer.negated_flags) if n] == subject

    @pytest.mark.parametrize(
        "text",
        [
            "The hours aren't bad.",  # no word of reason after the negation
            "The pay is good and I was not sure why.",  # the negation follows no verb after a subject
            "It's not about the money.",  # a subject of function words only
            "The money wasn't. Why would it be?",  # the word of reason is in the next sentence
            "The long drive to the depot every morning was never why I stayed.",  # a subject too long
        ],
    )
    def test_other_negations_leave_the_subject_alone(self, nlp, text):
        answer = nlp(text)
        verb = next(i for i, w in enumerate(answer.words) if w.lower() in ("are", "were", "was", "is", "'s"))
        assert not any(answer.negated_flags[:verb])

    def test_the_subject_is_short_and_within_its_clause(self, nlp):
        listed = nlp("The long drive and the early start and the pay were never why I stayed.")
        assert negated(listed)[:2] == ["the", "pay"]  # "and" starts the clause of the last item
        answer = nlp("I stayed, but the pay was never why.")
        assert negated(answer)[:2] == ["the", "pay"] and "stayed" not in negated(answer)

    def test_an_empty_list_of_reasons_turns_the_rule_off(self):
        lexicons = {**default_lexicons(), "denied_reasons": []}
        nlp = spacy.blank("en")
        analysis = Analyzer(nlp, lexicons).analyse([nlp.make_doc("Money was never why.")])
        assert analysis.negated.tolist()[0] is False


class TestOccupations:
    @pytest.mark.parametrize(
        "other",
        ["surgeon", "registered nurse", "software engineer", "barista", "forklift operator"],
    )
    def test_occupations_give_identical_feature_tokens(self, nlp, other):
        assert forms(nlp("As a cashier I want to grow")) == forms(nlp(f"As a {other} I want to grow"))

    def test_the_placeholder_covers_the_whole_title(self, nlp):
        doc = nlp("I worked as a registered nurse for years")
        sent = doc.content[0]
        (tokens,) = [toks for form, toks in sent if form == OCCUPATION_TOKEN]
        assert [doc.words[i] for i in tokens] == ["registered", "nurse"]

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
        names = {name for name, _, _ in doc.cues}
        assert "motive:pay" in names
        assert "horizon:long" in names

    def test_cue_spans_point_at_the_cue_tokens(self, nlp):
        doc = nlp("honestly the paycheck matters")
        spans = [(name, doc.doc[s:e].text) for name, s, e in doc.cues]
        assert ("motive:pay", "paycheck") in spans



class TestSentences:
    def test_follow_spacys_sentencizer(self, nlp):
        text = "I need pay. Honestly!! Is that bad? ... maybe \n not. Ok"
        reference = spacy.blank("en")
        reference.add_pipe("sentencizer")
        expected = [t.is_sent_start for t in reference(text)]
        assert nlp(text).sent_start == [bool(s) for s in expected]

    def test_every_answer_starts_a_sentence(self, analyse_many):
        answers = analyse_many(["no full stop", ". starts with one", "fine."])
        assert all(a.sent_start[0] for a in answers)


class TestBatches:
    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.lists(st.sampled_from(
        ["i", "I", "not", "never", "um", "uh", "like", "you", "know", "mean", "a", "few", "5",
         "years", "$", "20", "60k", "of", "-", ".", "!", ",", "but", "money", "pay", "nurse",
         "registered", "so", "yeah", "want", "to", "learn", "grow", "one", "day", "2030"]),
        max_size=12).map(" ".join), min_size=1, max_size=6))
    def test_an_answer_is_analysed_the_same_alone_or_in_any_batch(self, analyse_many, texts):
        together = analyse_many(texts)
        for text, answer in zip(texts, together):
            alone = analyse_many([text])[0]
            assert (answer.filler, answer.negated_flags, answer.sent_start, answer.norm, answer.cues) == (
                alone.filler, alone.negated_flags, alone.sent_start, alone.norm, alone.cues
            )

    def test_docs_from_another_vocabulary_are_analysed_alike(self):
        ours, theirs = spacy.blank("en"), spacy.blank("en")
        analyzer = Analyzer(ours)
        text = "I'm not here for the zorblax money, I want to grow as a welder"
        other = analyzer.analyse([theirs.make_doc(text)])  # first: new words unknown to ours
        mine = analyzer.analyse([ours.make_doc(text)])
        assert np.array_equal(mine.form, other.form)
        assert np.array_equal(mine.negated, other.negated)

    def test_an_empty_batch_and_empty_answers_are_fine(self, analyse_many):
        assert analyse_many([]) == []
        (empty,) = analyse_many([""])
        assert empty.words == [] and empty.cues == []


class TestSettings:
    def test_custom_word_lists_replace_the_bundled_ones(self):
        nlp = spacy.blank("en")
        analyzer = Analyzer(nlp, {"fillers": ["blah"], "occupations": ["wizard"], "cues": {"motive:magic": ["spells"]}})
        answer = Answer(analyzer.analyse([nlp.make_doc("um blah I cast spells as a wizard")]))
        assert fillers(answer) == ["blah"]
        assert forms(answer)[-1] == OCCUPATION_TOKEN
        assert [c[0] for c in answer.cues] == ["motive:magic"]

    def test_the_window_must_be_positive(self):
        with pytest.raises(ValueError, match="window"):
            Analyzer(spacy.blank("en"), negation_window=0)


class TestWordTables:
    def test_words_sharing_a_cache_slot_keep_their_own_facts(self, monkeypatch):
        import jobcareer.token_types as token_types

        monkeypatch.setattr(token_types, "CACHE_SLOTS", 4)  # four slots: nearly every word collides
        nlp = spacy.blank("en")
        small, reference = Analyzer(nlp), None
        text = "um I am not here for the money, I want to grow as a nurse in 5 years"
        got = Answer(small.analyse([nlp.make_doc(text)] * 3), 2)
        monkeypatch.undo()
        reference = Answer(Analyzer(nlp).analyse([nlp.make_doc(text)]))
        assert (got.filler, got.negated_flags, got.norm, got.cues, got.content) == (
            reference.filler, reference.negated_flags, reference.norm, reference.cues, reference.content
        )


class TestConcession:
    """Conceded clauses: what an answer grants before it argues for something else."""

    @staticmethod
    def conceded_words(text: str) -> list[str]:
        nlp = spacy.blank("en")
        doc = nlp.make_doc(text)
        analysis = Analyzer(nlp).analyse([doc])
        return [t.text for t, c in zip(doc, analysis.conceded) if c]

    def test_words_before_a_contrast_marker_in_the_sentence_are_conceded(self):
        assert self.conceded_words("The pay is fine, but I want to learn.") == ["The", "pay", "is", "fine", ","]

    def test_a_sentence_opening_with_but_concedes_the_sentence_before(self):
        assert self.conceded_words("It pays well. But I was bored. I left.") == ["It", "pays", "well", "."]

    def test_a_concessive_clause_is_conceded_up_to_its_punctuation(self):
        assert self.conceded_words("Although the money is good, I left.") == ["Although", "the", "money", "is", "good"]
        assert self.conceded_words("I left, even though it paid well.") == ["though", "it", "paid", "well"]

    def test_a_concessive_clause_ends_at_a_contrast_marker(self):
        assert self.conceded_words("Although the salary is good but I want to learn.") == [
            "Although", "the", "salary", "is", "good"
        ]

    def test_while_concedes_only_when_it_opens_a_sentence(self):
        assert self.conceded_words("While the pay is good, I want more.") == ["While", "the", "pay", "is", "good"]
        assert self.conceded_words("I studied while I worked.") == []

    def test_a_granting_word_concedes_its_whole_sentence(self):
        assert self.conceded_words("Sure, I could move up there. Still a no.") == [
            "Sure", ",", "I", "could", "move", "up", "there", "."
        ]

    def test_a_granted_sentence_is_conceded_up_to_its_contrast_marker(self):
        assert self.conceded_words("Sure, the pay is better there, but I want to build something. Sure.") == [
            "Sure", ",", "the", "pay", "is", "better", "there", ",", "Sure", "."
        ]

    def test_but_meaning_except_concedes_nothing(self):
        assert self.conceded_words("I could not see myself doing anything but teaching.") == []
        assert self.conceded_words("Nothing but the money, really.") == []

    def test_concession_never_crosses_answers(self):
        nlp = spacy.blank("en")
        docs = [nlp.make_doc("I need the money."), nlp.make_doc("But I want to grow.")]
        analysis = Analyzer(nlp).analyse(docs)
        assert not analysis.conceded.any()

    def test_plain_answers_concede_nothing(self):
        assert self.conceded_words("I need the money for rent.") == []


class TestNamedTokenFacts:
    """The analysis is read through named arrays, not through its packed layout."""

    @staticmethod
    def analyse(*texts):
        nlp = spacy.blank("en")
        return Analyzer(nlp).analyse([nlp.make_doc(t) for t in texts])

    def test_token_facts_match_spacys_lexical_attributes(self):
        analysis = self.analyse("I'm not here for the money ,  really. Never!")
        tokens = list(analysis.docs[0])
        assert analysis.is_punct.tolist() == [t.is_punct for t in tokens]
        assert analysis.is_space.tolist() == [t.is_space for t in tokens]
        assert analysis.is_stop.tolist() == [t.is_stop for t in tokens]

    def test_negation_cues_and_sentence_final_marks_are_named(self):
        analysis = self.analyse("I'm not here for the money. Never!")
        words = [t.text for t in analysis.docs[0]]
        assert [w for w, c in zip(words, analysis.is_negation_cue) if c] == ["not", "Never"]
        assert [w for w, c in zip(words, analysis.is_sentence_final_punct) if c] == [".", "!"]

    def test_absorbed_tokens_are_the_rest_of_a_placeholder_span(self):
        analysis = self.analyse("I worked as a registered nurse for 5 years")
        words = [t.text for t in analysis.docs[0]]
        assert [w for w, a in zip(words, analysis.is_absorbed) if a] == ["nurse", "years"]
        assert analysis.placeholders(0) == [None, None, None, None, "<occ>", "", None, "<years>", ""]

    def test_content_tokens_are_what_word_features_are_made_of(self):
        analysis = self.analyse("um I want, you know, a registered nurse job")
        words = [t.text for t in analysis.docs[0]]
        assert [w for w, c in zip(words, analysis.is_content) if c] == ["I", "want", "a", "registered", "job"]
        assert [analysis.form_name(f) for f, c in zip(analysis.form.tolist(), analysis.is_content) if c] == [
            "i", "want", "a", "<occ>", "job"
        ]

    def test_answers_are_addressed_by_token_range_and_text(self):
        analysis = self.analyse("First answer.", "", "The second one")
        assert [analysis.token_range(k) for k in range(3)] == [(0, 3), (3, 3), (3, 6)]
        assert [analysis.text(k) for k in range(3)] == ["First answer.", "", "The second one"]
        assert analysis.n_tokens == 6

    def test_cue_names_are_carried_by_the_analysis_itself(self):
        nlp = spacy.blank("en")
        analyzer = Analyzer(nlp)
        analysis = analyzer.analyse([nlp.make_doc("I need the paycheck")])
        assert list(analysis.cue_names) == analyzer.cue_names
        assert getattr(analysis, "analyzer", None) is None  # no back-reference to the analyzer
        assert [name for name, _, _ in analysis.cues_of(0)] == ["motive:pay"]


class TestIdioms:
    """A cue word inside an idiom ("grew up", "it paid off") says nothing of a motive."""

    @staticmethod
    def cue_sets(answer) -> set[str]:
        return {name for name, _, _ in answer.cues}

    @pytest.mark.parametrize(
        ("text", "not_cued"),
        [
            ("I grew up two streets from the depot.", "motive:grow_with_company"),
            ("Growing up, we never had a car.", "motive:grow_with_company"),
            ("Looking back, that gamble really paid off.", "motive:pay"),
            ("My plans fell through, that's all.", "motive:long_term_goal"),
            ("Looking back, that gamble really paid off.", "motive:bills_debt"),
        ],
    )
    def test_a_cue_inside_an_idiom_is_not_counted(self, nlp, text, not_cued):
        assert not_cued not in self.cue_sets(nlp(text))

    @pytest.mark.parametrize(
        ("text", "cued"),
        [
            ("I want to grow with the company.", "motive:grow_with_company"),
            ("It pays well and that matters to me.", "motive:pay"),
            ("My plan is to run my own crew.", "motive:long_term_goal"),
        ],
    )
    def test_the_same_words_outside_an_idiom_stay_cues(self, nlp, text, cued):
        assert cued in self.cue_sets(nlp(text))

    def test_an_idiom_in_one_answer_does_not_hide_cues_of_the_next(self, analyse_many):
        _, second = analyse_many(["I grew up", "grow my skills"])
        assert "motive:grow_with_company" in self.cue_sets(second)
