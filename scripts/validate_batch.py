"""Validate one or more corpus writing-pass files (``data/batches/*.jsonl``).

Writers run this on each pass before committing it; ``scripts/check_data.py`` checks the
merged corpus as a whole.

Usage: ``python scripts/validate_batch.py data/batches/w1p1.jsonl [...]``
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

FIELDS = {
    "id", "text", "label", "question", "occupation", "style", "hard_case",
    "motive", "register", "speaker", "batch",
}
LABELS = {"job", "career"}
STYLES = {"written", "spoken", "short", "long", "non_native", "sales_call"}
HARD = {"none", "negation", "mixed", "job_words_career", "career_words_job"}
JOB_MOTIVES = {
    "pay", "bills_debt", "benefits", "hours_schedule", "location_commute",
    "family_logistics", "stability", "easy_comfort", "stop_gap", "perks_social",
    "routine_tasks", "escape_no_direction",
}
CAREER_MOTIVES = {
    "skills_learning", "advancement", "long_term_goal", "field_commitment",
    "calling_impact", "mission_values", "challenge", "mentorship", "specialisation",
    "career_change", "grow_with_company", "leaving_no_prospects",
}
REGISTERS = {
    "interview", "client", "one_liner", "sarcasm", "forum_post", "rambling", "boast",
    "blog", "news_quote", "testimonial",
}
SPEAKERS = {
    "student", "parent_returning", "career_changer", "veteran", "immigrant", "retiree",
    "new_graduate", "senior_professional", "mid_career", "other",
}


def _questions() -> set[str]:
    brief = Path(__file__).resolve().parent.parent / "data" / "WRITING_BRIEF.md"
    return set(re.findall(r"^\d+\. `(.+)`$", brief.read_text(encoding="utf-8"), re.M))


def validate(path: Path, questions: set[str]) -> list[str]:
    """Return a list of problems found in one pass file (empty if it is valid)."""
    problems: list[str] = []
    labels: Counter[str] = Counter()
    by_style: Counter[tuple[str, str]] = Counter()
    seen: set[str] = set()
    batch = path.stem
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            problems.append(f"{where}: invalid JSON ({err})")
            continue
        if set(row) != FIELDS:
            problems.append(f"{where}: fields differ: missing {FIELDS - set(row)}, extra {set(row) - FIELDS}")
            continue
        text = row["text"]
        words = len(text.split())
        if row["id"] in seen or not re.fullmatch(rf"{batch}-\d{{3}}", row["id"]):
            problems.append(f"{where}: bad or repeated id {row['id']!r}")
        seen.add(row["id"])
        if row["batch"] != batch:
            problems.append(f"{where}: batch {row['batch']!r} != file name {batch!r}")
        if row["label"] not in LABELS:
            problems.append(f"{where}: label {row['label']!r}")
        if row["style"] not in STYLES:
            problems.append(f"{where}: style {row['style']!r}")
        if row["hard_case"] not in HARD:
            problems.append(f"{where}: hard_case {row['hard_case']!r}")
        if row["motive"] not in (JOB_MOTIVES | CAREER_MOTIVES):
            problems.append(f"{where}: motive {row['motive']!r}")
        if row["register"] not in REGISTERS:
            problems.append(f"{where}: register {row['register']!r}")
        if row["speaker"] not in SPEAKERS:
            problems.append(f"{where}: speaker {row['speaker']!r}")
        if row["question"] not in questions:
            problems.append(f"{where}: question not in the brief's list: {row['question']!r}")
        occ = row["occupation"]
        if occ is not None and (not isinstance(occ, str) or occ != occ.lower() or not occ.strip()):
            problems.append(f"{where}: occupation must be a lowercase string or null")
        style = row["style"]
        if style == "spoken" and (text != text.lower() or re.search(r"[.,!?;:\"()]", text)):
            problems.append(f"{where}: spoken text must be lowercase with no punctuation")
        if style == "short" and words > 12:
            problems.append(f"{where}: short text has {words} words (max 12)")
        if style == "long" and not 80 <= words <= 200:
            problems.append(f"{where}: long text has {words} words (80-200)")
        if style == "written" and not 13 <= words <= 79:
            problems.append(f"{where}: written text has {words} words (13-79)")
        if row["hard_case"] == "job_words_career" and row["label"] != "career":
            problems.append(f"{where}: job_words_career must be labeled career")
        if row["hard_case"] == "career_words_job" and row["label"] != "job":
            problems.append(f"{where}: career_words_job must be labeled job")
        labels[row["label"]] += 1
        by_style[(style, row["label"])] += 1
    total = sum(labels.values())
    if total and not 0.42 <= labels["career"] / total <= 0.58:
        problems.append(f"{path.name}: label balance {dict(labels)} outside 42-58 %")
    print(f"{path.name}: {total} rows, labels {dict(labels)}, "
          f"styles {dict(sorted(Counter(s for s, _ in by_style.elements()).items()))}")
    return problems


def main(argv: list[str]) -> int:
    questions = _questions()
    problems = [p for arg in argv for p in validate(Path(arg), questions)]
    for problem in problems:
        print("PROBLEM", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
