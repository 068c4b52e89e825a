"""What would change the verdict: the fewest strongest phrases whose removal flips it.

Explanations are exact, so removing phrases is arithmetic: the career logit without a
set of phrases is ``logit - sum(their weights)``, calibrated as usual.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobcareer.decision import calibrated, label_of
from jobcareer.explain import Explanation

__all__ = ["VerdictChange", "verdict_change"]


@dataclass(frozen=True)
class VerdictChange:
    """The phrases to take out of an answer for its label to flip, and the result.

    Attributes
    ----------
    phrases : tuple of str
        The phrases (strongest first) pushing toward the current label whose removal
        flips it; empty when no removal of such phrases flips it.
    score_after : float
        Calibrated P(career) without them.
    label_after : str
        The label without them (the current label when nothing flips it).
    message : str
        One sentence about the answer for people.
    """

    phrases: tuple[str, ...]
    score_after: float
    label_after: str
    message: str


def verdict_change(exp: Explanation) -> VerdictChange:
    """The fewest strongest phrases pushing toward ``exp.label`` whose removal flips it.

    Parameters
    ----------
    exp : Explanation
        An explanation.

    Returns
    -------
    VerdictChange
        The phrases and the verdict without them; when even removing every phrase on the
        label's side leaves the label, ``phrases`` is empty and the message says so.
    """
    other = "job" if exp.label == "career" else "career"
    sign = 1.0 if exp.label == "career" else -1.0
    same_side = sorted(
        (p for p in exp.phrases if p.weight * sign > 0 and not p.is_function_words),  # named reasons only
        key=lambda p: -abs(p.weight),
    )
    logit = exp.logit
    taken: list[str] = []
    for phrase in same_side:
        logit -= phrase.weight
        taken.append(phrase.text)
        score = calibrated(logit, exp.calibration)
        if label_of(score) == other:
            quoted = ", ".join(f"'{t}'" for t in taken)
            message = (
                f"Without {quoted} this answer would read as {other}-oriented "
                f"({round(100 * score)} % career)."
            )
            return VerdictChange(tuple(taken), score, other, message)
    message = (
        f"Removing phrases alone would not make this answer read as {other}-oriented: "
        f"it would need {other}-oriented content of its own."
    )
    return VerdictChange((), exp.score, exp.label, message)
