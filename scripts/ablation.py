"""Ablation table: what each feature block and preprocessing step adds, by grouped CV.

Cross-validates variants of the classifier on the **training split only** (folds grouped
by writing pass, so no pass is on both sides of a fold; the test split is never read), and
also reports, still within the training split:

- a *writer shift* figure per variant: fitted on the first-round writers' passes (w1-w6)
  and scored on the second-round writers' passes (w7-w10), who wrote plainer answers with
  everyday career vocabulary: a proxy for phrasing the model was not trained on;
- the default model under leave-one-writer-out folds. Writes a JSON file that ``scripts/model_card.py``
puts into the model card.

Usage: ``python scripts/ablation.py [--data data/answers.jsonl] [--out models/jobcareer-en/ablation.json]``
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold, cross_val_score

from jobcareer import JobCareerClassifier
from jobcareer.data import read_labeled
from jobcareer.evaluation import evaluate

FIRST_ROUND = {f"w{i}" for i in range(1, 7)}

ROOT = Path(__file__).resolve().parent.parent

#: name -> (description, parameters changed from the bundled model's)
VARIANTS: dict[str, tuple[str, dict]] = {
    "unigrams": ("word unigrams only (no cues, no occupation masking, no negation marks)",
                 {"ngram_range": (1, 1), "use_cues": False,
                  "lexicons": {"occupations": [], "negation_cues": []}}),
    "ngrams": ("word 1-2-grams only (no cues, no masking, no negation)",
               {"use_cues": False, "lexicons": {"occupations": [], "negation_cues": []}}),
    "ngrams+preprocessing": ("1-2-grams with occupation masking and negation marks", {"use_cues": False}),
    "cues only": ("motive and time-horizon lexicon cues only", {"use_words": False}),
    "default": ("1-2-grams + cues + masking + negation (bundled configuration)", {}),
    "default+chars": ("default + character 3-5-grams", {"use_chars": True}),
    "default-negation": ("default without negation marks", {"lexicons": {"negation_cues": []}}),
    "default-masking": ("default without occupation masking", {"lexicons": {"occupations": []}}),
    "default+trigrams": ("default with word 1-3-grams", {"ngram_range": (1, 3)}),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "answers.jsonl")
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "jobcareer-en",
                        help="model directory whose hyperparameters are the 'default' variant")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    out = args.out or args.model / "ablation.json"

    train = read_labeled(args.data, split="train")
    batches = train.columns["batch"]
    writers = [b.split("p")[0] for b in batches]
    meta = json.loads((args.model / "meta.json").read_text())
    base = {k: v for k, v in meta["hyperparameters"].items() if k != "lexicons"}
    base["ngram_range"] = tuple(base["ngram_range"])

    results = []
    for name, (description, change) in VARIANTS.items():
        params = {**base, **change}
        started = time.perf_counter()
        scores = cross_val_score(JobCareerClassifier(**params), train.texts, train.labels, groups=batches,
                                 cv=GroupKFold(args.folds), scoring="f1_macro")
        first = [w in FIRST_ROUND for w in writers]
        if any(first) and not all(first):
            old, new = train.subset(first), train.subset([not f for f in first])
            shifted = JobCareerClassifier(**params).fit(old.texts, old.labels)
            shift = evaluate(shifted, new.texts, new.labels)["overall"]["macro_f1"]
        else:
            shift = None
        row = {"variant": name, "description": description, "mean_macro_f1": float(np.mean(scores)),
               "std_macro_f1": float(np.std(scores)), "writer_shift_macro_f1": shift,
               "seconds": round(time.perf_counter() - started, 1)}
        results.append(row)
        shift_text = "n/a" if shift is None else f"{shift:.3f}"
        print(f"{name:22s} {row['mean_macro_f1']:.3f} ± {row['std_macro_f1']:.3f}  shift {shift_text}  "
              f"({description})", flush=True)

    n_writers = len(set(writers))
    lowo = cross_val_score(JobCareerClassifier(**base), train.texts, train.labels, groups=writers,
                           cv=GroupKFold(n_writers), scoring="f1_macro")
    print(f"leave-one-writer-out ({n_writers} writers): {lowo.mean():.3f} ± {lowo.std():.3f}")
    report = {
        "cv": f"GroupKFold({args.folds}) by writing pass, training split only",
        "writer_shift": "fitted on w1-w6 training passes, scored on w7-w10 training passes",
        "n_train": len(train),
        "variants": results,
        "leave_one_writer_out": {"n_writers": n_writers, "mean_macro_f1": float(lowo.mean()),
                                 "std_macro_f1": float(lowo.std()), "per_writer": [float(s) for s in lowo]},
    }
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
