"""Specification of the renderings (jobcareer/render.py).

Golden tests use a hand-built Explanation, so they pin the rendering itself and do not
change when the model is retrained.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

from jobcareer.explain import Contribution, Explanation, Phrase, SentenceScore

TEXT = "The pay is fine. I want to grow into a lead."
CAL = (1.0, 0.0)


def sig(x: float) -> float:
    import math

    return 1 / (1 + math.exp(-x))


def make(text: str = TEXT, low_evidence: bool = False) -> Explanation:
    job = Phrase("The pay", 0, 7, -1.0, "job", sig(1.5 + 1.0))
    career = Phrase("want to grow into a lead", 19, 43, 2.0, "career", sig(1.5 - 2.0))
    if text != TEXT:
        job = Phrase(text[0:7], 0, 7, -1.0, "job", sig(2.5))
        career = Phrase(text[8:20], 8, 20, 2.0, "career", sig(-0.5))
    return Explanation(
        text=text,
        label="career",
        score=sig(1.5),
        logit=1.5,
        bias=0.5,
        contributions=(
            Contribution("w:grow", 1.2, 2.0, ((27, 31),)),
            Contribution("w:pay", 1.0, -1.0, ((4, 7),)),
        ),
        phrases=(job, career),
        sentences=(
            SentenceScore("The pay is fine.", 0, 16, -1.0, sig(-0.5), "job"),
            SentenceScore("I want to grow into a lead.", 17, 44, 2.0, sig(2.5), "career"),
        ),
        unattributed=0.0,
        evidence=2,
        low_evidence=low_evidence,
        calibration=CAL,
    )


class TestText:
    def test_plain_markers_when_not_a_terminal(self):
        assert make().to_text(color=False) == (
            "Reads as career-oriented (82 %): strongest signals 'want to grow into a lead'; "
            "toward job: 'The pay'.\n"
            "\n"
            "[-job: The pay] is fine. I [+career: want to grow into a lead].\n"
            "\n"
            "     job  62 %  The pay is fine.\n"
            "  career  92 %  I want to grow into a lead.\n"
        )

    def test_colour_codes_only_when_asked(self):
        coloured = make().to_text(color=True)
        assert "\x1b[1;34mwant to grow into a lead\x1b[0m" in coloured
        assert "[+career" not in coloured


class TestDict:
    def test_is_json_serialisable_with_stable_keys(self):
        data = json.loads(json.dumps(make().to_dict()))
        assert list(data) == [
            "schema", "text", "label", "score", "logit", "bias", "unattributed", "evidence",
            "low_evidence", "summary", "phrases", "sentences", "contributions",
        ]
        assert data["schema"] == 1
        assert list(data["phrases"][0]) == ["text", "start", "end", "weight", "label", "score_without"]
        assert list(data["sentences"][0]) == ["text", "start", "end", "weight", "score", "label"]
        assert data["contributions"][0] == {"feature": "w:grow", "value": 1.2, "weight": 2.0, "spans": [[27, 31]]}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.titles: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.titles += [v for k, v in attrs if k == "title"]

    def handle_data(self, data):
        self.text.append(data)


class TestHtml:
    def test_golden_structure(self):
        parser = _Collector()
        parser.feed(make().to_html())
        assert parser.tags.count("mark") == 2
        assert "table" in parser.tags
        assert any("career +2.000" in t for t in parser.titles)
        # once in the highlighted answer, once in the sentence view
        assert "".join(parser.text).count("The pay is fine.") == 2

    def test_user_text_is_escaped(self):
        hostile = '<script>alert("x")</script> & <b>bold</b> the rest'
        html = make(text=hostile).to_html()
        parser = _Collector()
        parser.feed(html)
        assert "script" not in parser.tags and "b" not in parser.tags
        assert '<script>alert("x")</script>' in "".join(parser.text)

    def test_is_self_contained(self):
        html = make().to_html()
        for forbidden in ("<script", "<link", "src=", "href=", "@import", "url("):
            assert forbidden not in html

    def test_uses_two_colour_blind_safe_colours(self):
        html = make().to_html()
        assert "rgba(0,114,178" in html and "rgba(230,159,0" in html

    def test_notebooks_render_the_html(self):
        exp = make()
        assert exp._repr_html_() == exp.to_html()

    def test_low_evidence_is_stated(self):
        assert "Low evidence" in make(low_evidence=True).to_html()


class TestHighlightsAndSummaryAgree:
    def weak_job_phrase(self) -> Explanation:
        """The job phrase at 15 % of the career phrase: real, but below the highlight share."""
        import dataclasses

        exp = make()
        job, career = exp.phrases
        return dataclasses.replace(exp, phrases=(dataclasses.replace(job, weight=-0.3), career))

    def test_a_minor_phrase_is_neither_highlighted_nor_named(self):
        exp = self.weak_job_phrase()
        assert [p.text for p in exp.highlighted] == ["want to grow into a lead"]
        assert "toward job" not in exp.summary
        assert "[-job: The pay]" not in exp.to_text(color=False)

    def test_highlighted_phrases_are_named_and_marked(self):
        exp = make()
        assert [p.text for p in exp.highlighted] == ["The pay", "want to grow into a lead"]
        assert "toward job: 'The pay'" in exp.summary
        assert "[-job: The pay]" in exp.to_text(color=False)


class TestTheWeakerSide:
    def strongly_career(self) -> Explanation:
        """A job phrase at 16 % of a strong career phrase: well over half a log-odds unit."""
        import dataclasses

        exp = make()
        job, career = exp.phrases
        return dataclasses.replace(
            exp, phrases=(dataclasses.replace(job, weight=-0.8), dataclasses.replace(career, weight=5.0))
        )

    def test_job_phrases_of_a_strongly_career_answer_are_highlighted(self):
        exp = self.strongly_career()
        assert [p.text for p in exp.highlighted] == ["The pay", "want to grow into a lead"]
        assert exp.to_html().count("<mark") == 2
        assert "[-job: The pay]" in exp.to_text(color=False)

    def test_the_legend_says_what_a_weight_is(self):
        assert "log-odds" in make().to_html()
