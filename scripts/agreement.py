"""Second, independent labeling pass: draw the blind sample and measure agreement.

``python scripts/agreement.py sample [--writers w1-w6] [--size 400] [--tag NAME]``
    draws a reproducible random sample of answers by the given writers from
    ``data/answers.jsonl`` and writes ``data/agreement/[NAME_]sample.jsonl`` with ``id``,
    ``question`` and ``text`` only (no label, motive or hard-case fields), for a second
    labeler who has seen only the guide. The defaults redraw the first sample (400 of w1-w6's
    answers); the fourth round's is ``--writers w18-w32 --size 300 --tag round4``, the fifth's
    ``--writers w33-w38 --size 150 --tag round5``.
``python scripts/agreement.py score [--tag NAME]``
    compares ``data/agreement/[NAME_]second_pass.jsonl`` (``id``, ``label``) with the
    first-pass labels, prints Cohen's kappa (scikit-learn) and lists every disagreement for
    adjudication.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "answers.jsonl"
FOLDER = ROOT / "data" / "agreement"
SAMPLE_SEED = 400
SAMPLE_SIZE = 400


def read(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def writer_number(batch: str) -> int:
    """The writer's number of a writing pass (``"w12p3"`` -> 12)."""
    return int(re.match(r"w(\d+)p", batch).group(1))


def writer_range(text: str) -> range:
    """``"w18-w32"`` -> the writer numbers 18 to 32."""
    found = re.fullmatch(r"w(\d+)-w(\d+)", text)
    if not found:
        raise argparse.ArgumentTypeError(f"expected writers as wFIRST-wLAST (e.g. w18-w32), got {text!r}")
    return range(int(found.group(1)), int(found.group(2)) + 1)


def file_name(tag: str, name: str) -> Path:
    return FOLDER / (f"{tag}_{name}" if tag else name)


def sample(writers: range, size: int, tag: str) -> None:
    rows = [r for r in read(CORPUS) if writer_number(r["batch"]) in writers]
    chosen = random.Random(SAMPLE_SEED).sample(rows, size)
    FOLDER.mkdir(exist_ok=True)
    out = file_name(tag, "sample.jsonl")
    with out.open("w", encoding="utf-8") as handle:
        for r in chosen:
            handle.write(json.dumps({"id": r["id"], "question": r["question"], "text": r["text"]},
                                    ensure_ascii=False) + "\n")
    print(f"wrote {size} unlabeled answers to {out}")


def score(tag: str) -> None:
    first = {r["id"]: r for r in read(CORPUS)}
    second = {r["id"]: r["label"] for r in read(file_name(tag, "second_pass.jsonl"))}
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
    parser.add_argument("--writers", type=writer_range, default=range(1, 7),
                        help="the writers to sample from, e.g. w18-w32 (default w1-w6)")
    parser.add_argument("--size", type=int, default=SAMPLE_SIZE, help=f"answers to draw (default {SAMPLE_SIZE})")
    parser.add_argument("--tag", default="", help="prefix of the sample's files (default: none)")
    args = parser.parse_args()
    if args.command == "sample":
        sample(args.writers, args.size, args.tag)
    else:
        score(args.tag)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
