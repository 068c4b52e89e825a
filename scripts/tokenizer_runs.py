"""Print how long the classifier takes on answers made of long punctuation runs.

spaCy's tokenizer is quadratic on whitespace-free chunks that split into many tokens
(``!!!!...``, ``'s's's...``, emoji). ``jobcareer.tokenizing`` breaks such chunks before
tokenising; this script prints the wall time of ``explain`` on the worst inputs at the
length limit, next to the bare tokenizer on a short run for comparison.

    python scripts/tokenizer_runs.py
"""

from __future__ import annotations

import time

import spacy

import jobcareer
from jobcareer.validation import MAX_CHARS

CASES = {
    "'!' x limit": "!" * MAX_CHARS,
    "\"'s\" x limit/2": "'s" * (MAX_CHARS // 2),
    "emoji x limit": "\U0001f600" * MAX_CHARS,
    "'(' x limit": "(" * MAX_CHARS,
    "answer + '!' run": "I want to grow into a lead role. " + "!" * (MAX_CHARS - 40),
}


def main() -> None:
    clf = jobcareer.load()
    clf.explain("warm up")
    print(f"{'input':<22}{'chars':>9}{'explain s':>11}{'predict s':>11}")
    for name, text in CASES.items():
        started = time.perf_counter()
        clf.explain(text)
        explain = time.perf_counter() - started
        started = time.perf_counter()
        clf.predict([text])
        predict = time.perf_counter() - started
        print(f"{name:<22}{len(text):>9,}{explain:>11.3f}{predict:>11.3f}")
    nlp = spacy.blank("en")
    for n in (2_500, 5_000):
        started = time.perf_counter()
        nlp.tokenizer("!" * n)
        print(f"bare spaCy tokenizer on {n:,} '!': {time.perf_counter() - started:.2f} s (quadratic)")


if __name__ == "__main__":
    main()
