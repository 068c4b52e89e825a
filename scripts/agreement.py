"""Second, independent labeling pass: draw the blind sample and measure agreement.

``python scripts/agreement.py sample``
    draws a reproducible random sample of 400 answers from ``data/answers.jsonl`` and
    writes ``data/agreement/sample.jsonl`` with ``id``, ``question`` and ``text`` only (no
    label, motive or hard-case fields), for a second labeler who has seen only the guide.
``python scripts/agreement.py score``
    compares ``data/agreement/second_pass.jsonl`` (``id``, ``label``) with the first-pass
    labels, prints Cohen's kappa (scikit-learn) and lists every disagreement for
    adjudication.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "answers.jsonl"
FOLDER = ROOT / "data" / "agreement"
SAMPLE_SEED = 400
SAMPLE_SIZE = 400


def read(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def sample() -> None:
    rows = read(CORPUS)
    chosen = random.Random(SAMPLE_SEED).sample(rows, SAMPLE_SIZE)
    FOLDER.mkdir(exist_ok=True)
    with (FOLDER / "sample.jsonl").open("w", encoding="utf-8") as handle:
        for r in chosen:
            handle.write(json.dumps({"id": r["id"], "question": r["question"], "text": r["text"]},
                                    ensure_ascii=False) + "\n")
    print(f"wrote {SAMPLE_SIZE} unlabeled answers to {FOLDER / 'sample.jsonl'}")


def score() -> None:
    first = {r["id"]: r for r in read(CORPUS)}
    second = {r["id"]: r["label"] for r in read(FOLDER / "second_pass.jsonl")}
    ids = [i for i in second if i in first]
    a = [first[i]["label"] for i in ids]
    b = [second[i] for i in ids]
    kappa = cohen_kappa_score(a, b)
    agree = sum(x == y for x, y in zip(a, b)) / len(ids)
    print(f"{len(ids)} answers labeled twice: raw agreement {agree:.3f}, Cohen's kappa {kappa:.3f}")
    for i in ids:
        if first[i]["label"] != second[i]:
            r = first[i]
            print(f"\n{i} first={r['label']} second={second[i]} hard_case={r['hard_case']} motive={r['motive']}")
            print(f"  {r['text']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["sample", "score"])
    args = parser.parse_args()
    sample() if args.command == "sample" else score()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
