"""Specification of the input checks (jobcareer/validation.py)."""

from __future__ import annotations

import numpy as np
import pytest

from jobcareer.validation import MAX_CHARS, check_text, check_texts


class TestInputChecks:
    @pytest.mark.parametrize("bad", [None, b"bytes", 3, ["a list"]])
    def test_non_strings_raise_type_error_naming_the_type(self, bad):
        with pytest.raises(TypeError, match=type(bad).__name__):
            check_text(bad)

    def test_errors_name_the_index(self):
        with pytest.raises(TypeError, match="index 1"):
            check_text(None, 1)

    def test_overlong_text_raises_value_error_with_the_limit(self):
        with pytest.raises(ValueError, match=f"{MAX_CHARS:,}"):
            check_text("a" * (MAX_CHARS + 1))


class TestBatches:
    def test_a_batch_comes_back_as_a_list_of_str(self):
        answers = np.array(["I need pay.", "I want to grow."])  # numpy.str_ items
        checked = check_texts(answers)
        assert checked == ["I need pay.", "I want to grow."]
        assert all(type(a) is str for a in checked)

    def test_a_single_string_is_refused_with_the_fix(self):
        with pytest.raises(ValueError, match=r"wrap it in a list"):
            check_texts("I need pay.")

    @pytest.mark.parametrize(
        ("bad", "hint"),
        [({"a": "I need pay."}, "keys"), ({"I need pay."}, "no order"), (5, "iterable of answers")],
    )
    def test_inputs_whose_iteration_is_not_the_answers_are_refused(self, bad, hint):
        with pytest.raises(TypeError, match=hint):
            check_texts(bad)

    def test_a_bad_answer_is_named_by_its_index(self):
        with pytest.raises(TypeError, match="index 2"):
            check_texts(["a", "b", None])
        with pytest.raises(ValueError, match=f"index 1 has {MAX_CHARS + 1:,} characters"):
            check_texts(["a", "x" * (MAX_CHARS + 1)])

    def test_blank_answers_are_refused_unless_allowed(self):
        with pytest.raises(ValueError, match="index 1 is empty or blank"):
            check_texts(["I need pay.", "  "])
        assert check_texts(["I need pay.", "  "], allow_blank=True) == ["I need pay.", "  "]
