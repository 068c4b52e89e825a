"""Specification of the bundled word lists (jobcareer/lexicons.py and resources/)."""

from __future__ import annotations

import re

from jobcareer.lexicons import (
    MOTIVE_LABELS,
    cue_lexicons,
    default_lexicons,
    load_horizons,
    load_list,
    load_motives,
    read_list,
)


def test_read_list_lowercases_strips_and_drops_comments_blanks_and_repeats():
    text = "# a comment\n  Pay Check \n\npaycheck\npay   check\n#another\n"
    assert read_list(text) == ["pay check", "paycheck"]


def test_there_is_one_cue_file_per_motive_of_the_guide():
    motives = load_motives()
    assert set(motives) == set(MOTIVE_LABELS)
    assert all(len(cues) >= 40 for cues in motives.values())


def test_motive_labels_cover_twelve_motives_per_side():
    sides = list(MOTIVE_LABELS.values())
    assert sides.count("job") == 12 and sides.count("career") == 12


def test_a_cue_belongs_to_one_motive_only():
    seen: dict[str, str] = {}
    for motive, cues in load_motives().items():
        for cue in cues:
            assert cue not in seen, f"{cue!r} is in both {seen.get(cue)} and {motive}"
            seen[cue] = motive


def test_time_horizons_have_a_long_and_a_now_list():
    horizons = load_horizons()
    assert set(horizons) == {"long", "now"}
    assert "in five years" in horizons["long"] and "for now" in horizons["now"]


def test_occupations_exclude_words_that_carry_orientation():
    occupations = set(load_list("occupations.txt"))
    assert len(occupations) >= 400
    assert {"cashier", "surgeon", "registered nurse"} <= occupations
    assert not {"job", "career", "manager", "boss", "intern", "leader"} & occupations


def test_default_lexicons_are_plain_data_for_the_model_artifact():
    lex = default_lexicons()
    assert set(lex) == {
        "fillers", "negation_cues", "scope_breakers", "occupations", "cues",
        "contrast_cues", "concessive_cues", "concessive_initial_cues", "granting_cues", "idioms",
        "denied_reasons",
    }
    assert "frame:pressure" in lex["cues"]
    assert "motive:pay" in lex["cues"] and "horizon:long" in lex["cues"]
    assert all(isinstance(v, list) for v in lex["cues"].values())


def test_idioms_are_phrases_that_contain_a_cue_word():
    lex = default_lexicons()
    def words(phrase: str) -> list[str]:
        return re.split(r"[\s-]+", phrase)

    cue_words = {w for phrases in lex["cues"].values() for p in phrases for w in words(p)}
    assert lex["idioms"], "the idiom list is empty"
    for idiom in lex["idioms"]:
        assert len(words(idiom)) > 1, f"{idiom!r}: an idiom is a phrase, not a single word"
        assert set(words(idiom)) & cue_words, f"{idiom!r} holds no cue word, so it blocks nothing"


def test_cue_lexicons_can_stop_at_a_marker_line_in_every_file():
    whole, before = cue_lexicons(), cue_lexicons(until="# round 4 (real-answer families)")
    assert set(whole) == set(before) and "motive:pay" in whole and "frame:pressure" in whole
    assert all(set(before[name]) <= set(whole[name]) for name in whole)
    assert sum(map(len, before.values())) < sum(map(len, whole.values()))


def test_denied_reasons_are_single_words():
    reasons = default_lexicons()["denied_reasons"]
    assert {"why", "reason", "point", "nothing"} <= set(reasons)
    assert all(" " not in r for r in reasons)
