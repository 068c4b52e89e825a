"""Show that ``jobcareer classify`` streams: peak memory does not grow with the file.

Writes CSV files of 10,000 and 100,000 answers (ids per row, texts cycling through a few
dozen varied answers) in a temporary directory, runs
``python -m jobcareer classify --input big.csv --format csv --output out.csv`` on each
in a subprocess, and prints the child's peak resident set size (``os.wait4``'s
``ru_maxrss``, exact for that one process) next to the row count and the time taken.

This is a measurement, not a test. ``--unique-words`` adds a made-up word to every answer,
so the spaCy vocabulary would grow with the file if chunks did not free their strings.

Usage: ``python scripts/stream_memory.py [--model DIR] [--sizes 10000,100000] [--unique-words]``
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ANSWERS = [
    "The hours fit my kids' school run, and it's ten minutes from home.",
    "Honestly, I need the paycheck: rent is due and my savings are gone.",
    "um so yeah the shifts work around my classes you know so that's the main thing",
    "It pays two dollars more an hour than the place I'm at now.",
    "The benefits are good and I need health insurance for my family right now.",
    "It's only for the summer, until I go back to school in September.",
    "I just need something steady for now, until my lease is up.",
    "There's no weekend work and the schedule is flexible; that's why I applied.",
    "I can do the duties listed, stocking shelves and running the till, no problem.",
    "It's a great opportunity because the office is right by my bus stop.",
    "I'm not trying to climb any ladder, I just want a calm job with fair pay.",
    "My bills keep piling up, so any work with regular hours would help.",
    "I want something easy and low-stress where I can clock out at five.",
    "so like my mom needs care in the afternoons and this lets me do mornings only",
    "I aspire to pay my rent on time. That's the whole plan.",
    "A friend works here and said the vibe is relaxed and there's a staff discount.",
    "I lost my last job, so I need income right away; any shift is fine.",
    "Remote work means no commute, and I can stay home with my dog.",
    'My old boss was awful and this place has better hours, that\'s "it".',
    "uh it's near my house and the hours are good so yeah",
    "In five years I want to lead a team, and this role is the first step on that path.",
    "I want to build my expertise in data analysis and grow into a senior role.",
    "i'm not really in it for the money i want to get really good at this craft",
    "The mission matters to me; I want to spend my career making a difference for patients.",
    "I'd like to learn from mentors here who have built products from scratch.",
    "I stopped learning at my last job. I want a challenge that helps me grow.",
    "My long-term goal is to become a project manager, and this role builds those skills.",
    "It's not only about the paycheck, I want to master the trade.",
    "I want to grow with the company and take on more responsibility over time.",
    "I'm changing careers toward nursing because helping people is my calling.",
    "The salary is fair, but what sold me is the chance to grow into leadership.",
    "so yeah i want to learn how the whole warehouse runs so i can move into planning",
    "I see this as a step toward my dream role in product design.",
    "I want stretch assignments and mentorship so I can develop as an engineer.",
    "My five-year plan is to specialise in tax law and become a partner.",
    "I left because there were no prospects to grow; here there's a clear path.",
    "Teaching is my calling. I want to spend my life helping kids learn.",
    "We need the phones covered this month, that's all, nothing long term.",
    "We want to lead this market in three years, and we need partners who think that way.",
    "I'll have your job in ten years, I'm serious about learning this business.",
]


def made_up_word(n: int) -> str:
    """A pronounceable word unique to ``n`` (so every row adds new strings)."""
    consonants, vowels = "bdfgklmnprstvz", "aeiou"
    letters = []
    while True:
        n, c = divmod(n, len(consonants))
        n, v = divmod(n, len(vowels))
        letters.append(consonants[c] + vowels[v])
        if n == 0:
            return "zo" + "".join(letters)


def write_csv(path: Path, rows: int, unique_words: bool) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "source"])
        for i in range(rows):
            text = ANSWERS[i % len(ANSWERS)]
            if unique_words:
                text = f"{text} Ask {made_up_word(i)} about it."
            writer.writerow([f"r{i:06d}", text, "synthetic"])


def classify(big: Path, out: Path, model: str | None) -> tuple[float, float, int]:
    """Run the CLI on ``big``; return (seconds, peak RSS in MiB, exit status)."""
    command = [sys.executable, "-m", "jobcareer", "classify", "--input", str(big),
               "--format", "csv", "--output", str(out)]
    if model:
        command += ["--model", model]
    started = time.perf_counter()
    child = subprocess.Popen(command)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    return seconds, usage.ru_maxrss / 1024, child.returncode  # ru_maxrss is in KiB on Linux


def count_rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model directory (default: the bundled model)")
    parser.add_argument("--sizes", default="10000,100000", help="row counts, comma-separated")
    parser.add_argument("--unique-words", action="store_true", help="a new word in every answer")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'rows':>8} {'input MiB':>10} {'seconds':>8} {'rows/s':>7} {'peak RSS MiB':>13}")
    with tempfile.TemporaryDirectory() as tmp:
        for rows in sizes:
            big, out = Path(tmp) / f"big-{rows}.csv", Path(tmp) / f"out-{rows}.csv"
            write_csv(big, rows, args.unique_words)
            seconds, peak, status = classify(big, out, args.model)
            if status != 0:
                print(f"jobcareer classify failed with exit status {status}", file=sys.stderr)
                return status
            written = count_rows(out)
            if written != rows:
                print(f"expected {rows} output rows, got {written}", file=sys.stderr)
                return 1
            size = big.stat().st_size / 2**20
            print(f"{rows:>8} {size:>10.1f} {seconds:>8.1f} {rows / seconds:>7.0f} {peak:>13.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
