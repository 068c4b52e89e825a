"""Merge the writing passes (``data/batches/*.jsonl``) into ``data/answers.jsonl``.

Assigns the frozen train/test split by writing pass (:data:`TEST_BATCHES`): about 20 % of
the corpus is held out and no pass spans both sides. The list was drawn once (one pass per
writer for w1-w6 with ``random.Random(20261126)``; for the later two-pass writers w7-w10,
one pass of two of them) before the passes it names were written or read, and is frozen:
a pass file not covered by it is an error, so the split can never shift silently. Rows listed in
``data/adjudication.jsonl`` (written after the second labeling pass) get their label
corrected or are dropped there.

Usage: ``python scripts/build_corpus.py [--batches data/batches] [--out data/answers.jsonl]``
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The frozen test passes. Every other pass is training data.
TEST_BATCHES = frozenset({
    "w1p4", "w2p4", "w3p1", "w4p5", "w5p1", "w6p3", "w8p2", "w10p1",
    # third round (w11-w17, real-answer registers), fixed before those passes were written
    "w11p3", "w12p3", "w13p3", "w14p3", "w15p3", "w16p3", "w17p3",
    # fourth round (w18-w32: stories, short and informal answers, structure, stock words, motives
    # said without motive words, ...), fixed in their brief before those passes were written
    "w18p3", "w19p3", "w20p3", "w21p3", "w22p3", "w23p3", "w24p3", "w25p3", "w26p3", "w27p3", "w28p3",
    "w29p3", "w30p3", "w31p3", "w32p3",
    # fifth round (w33-w38: plain answers in the common vocabulary of career and job talk), fixed
    # in their brief before those passes were written
    "w33p3", "w34p3", "w35p3", "w36p3", "w37p3", "w38p3",
})
KNOWN_WRITERS = frozenset(f"w{i}" for i in range(1, 39))
FIELD_ORDER = [
    "id", "text", "label", "question", "occupation", "style", "hard_case", "motive",
    "register", "speaker", "batch", "split",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=Path, default=ROOT / "data" / "batches")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "answers.jsonl")
    parser.add_argument("--adjudication", type=Path, default=ROOT / "data" / "adjudication.jsonl")
    args = parser.parse_args()

    files = sorted(args.batches.glob("*.jsonl"))
    passes: dict[str, list[str]] = defaultdict(list)
    for f in files:
        writer = re.match(r"(w\d+)p\d+$", f.stem)
        if writer is None:
            raise SystemExit(f"unexpected batch file name {f.name}; expected w<N>p<M>.jsonl")
        passes[writer.group(1)].append(f.stem)
    unknown = sorted(set(passes) - KNOWN_WRITERS)
    if unknown:
        raise SystemExit(f"writers {unknown} are not covered by the frozen split; add their test pass "
                         "to TEST_BATCHES (decided before reading their answers) and KNOWN_WRITERS")

    fixes: dict[str, dict] = {}
    if args.adjudication.is_file():
        for line in args.adjudication.read_text(encoding="utf-8").splitlines():
            if line.strip():
                fix = json.loads(line)
                fixes[fix["id"]] = fix

    rows = []
    dropped = relabeled = 0
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            fix = fixes.get(row["id"])
            if fix is not None:
                if fix["action"] == "drop":
                    dropped += 1
                    continue
                if fix["action"] == "relabel":
                    row["label"] = fix["label"]
                    row["hard_case"] = fix.get("hard_case", row["hard_case"])
                    row["motive"] = fix.get("motive", row["motive"])
                    relabeled += 1
            row["split"] = "test" if row["batch"] in TEST_BATCHES else "train"
            rows.append({k: row[k] for k in FIELD_ORDER})
    with args.out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    n_test = sum(r["split"] == "test" for r in rows)
    test_passes = sorted({r["batch"] for r in rows if r["split"] == "test"})
    print(f"{len(rows)} rows from {len(files)} passes -> {args.out} "
          f"({n_test} test from passes {test_passes}); "
          f"adjudication: {relabeled} relabeled, {dropped} dropped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
