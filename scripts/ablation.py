"""Ablation table: what each feature, rule, weighting and data choice does, on real answers too.

For every variant of the classifier this reports, without ever reading the test split:

- ``mean_macro_f1``: cross-validation on the training split, folds grouped by writing
  pass (no pass on both sides of a fold);
- ``writer_shift_macro_f1``: fitted on the first-round writers' passes (w1-w6) and scored
  on every later writer's training passes: phrasing the model was not trained on;
- ``real``: fitted on the whole training split and scored on the real-answer development
  set (``../shared/real-dev.jsonl`` by default), never trained on: macro-F1 on all and on
  clear answers and ECE, each with the calibration refitted on real answers out of fold
  (grouped by source host), and the share of the real answers' |logit| carried by word
  n-grams of function words only.

Rows whose ``hard_case`` is not ``none`` weigh ``hard_case_weight`` in every fit. Writes a
JSON file that ``scripts/model_card.py`` puts into the model card.

Usage: ``python scripts/ablation.py [--data data/answers.jsonl] [--real ../shared/real-dev.jsonl]``
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from jobcareer import JobCareerClassifier
from jobcareer.calibration import source_host
from jobcareer.data import LabeledData, read_labeled
from jobcareer.evaluation import evaluate, evaluate_real
from jobcareer.features import is_function_ngram
from jobcareer.lexicons import cue_lexicons
from jobcareer.token_types import LEMMA_FIXES
from jobcareer.training import HARD_CASE_WEIGHT, hard_case_weights

ROUND_4_MARKER = "# round 4 (real-answer families)"
FIRST_ROUND = {f"w{i}" for i in range(1, 7)}
THIRD_ROUND = {f"w{i}" for i in range(11, 18)}
FOURTH_ROUND = {f"w{i}" for i in range(18, 33)}
FIFTH_ROUND = {f"w{i}" for i in range(33, 39)}

ROOT = Path(__file__).resolve().parent.parent

#: name -> (description, parameters changed from the bundled model's, other changes)
VARIANTS: dict[str, tuple[str, dict, dict]] = {
    "previous": ("the configuration before issue 13's work: sublinear tf-l2, every n-gram, no concession, "
                 "no idioms, denied subjects, round-4 cue phrases or lemma fixes, conceded words kept, hard cases "
                 "weighing 1, no third-, fourth- or fifth-round answers",
                 {"weighting": "sublinear_l2", "content_ngrams": False, "concession": False, "C": 256.0,
                  "skip_conceded_words": False,
                  "lexicons": {"idioms": [], "denied_reasons": [], "cues": "before round 4"}},
                 {"hard_case_weight": 1.0, "drop_writers": THIRD_ROUND | FOURTH_ROUND | FIFTH_ROUND,
                  "lemma_fixes": False}),
    "default": ("the bundled configuration", {}, {}),
    "-denied subjects": ("a negation after 'was' does not deny the subject before it ('money was never why')",
                         {"lexicons": {"denied_reasons": []}}, {}),
    "-fifth round": ("without the fifth-round answers (w33-w38)", {}, {"drop_writers": FIFTH_ROUND}),
    "-fourth round": ("without the fourth-round answers (w18-w32)", {}, {"drop_writers": FOURTH_ROUND}),
    "C 3": ("C = 3 (cross-validation on the corpus scores 3, 10 and 30 alike)", {"C": 3.0}, {}),
    "C 30": ("C = 30", {"C": 30.0}, {}),
    "-idioms": ("cue words inside idioms ('grew up', 'it paid off') count as cues", {"lexicons": {"idioms": []}}, {}),
    "-round 4 cue phrases": ("without the cue phrases added for real-answer families in round 4",
                             {"lexicons": {"cues": "before round 4"}}, {}),
    "hard cases 0.1": ("hard cases weigh 0.1 (the previous weight)", {}, {"hard_case_weight": 0.1}),
    "-third round": ("without the third-round answers (w11-w17)", {}, {"drop_writers": THIRD_ROUND}),
    "hard cases 1.0": ("hard cases weigh as much as plain answers", {}, {"hard_case_weight": 1.0}),
    "hard cases 0": ("no hard cases", {}, {"hard_case_weight": 0.0}),
    "-skip conceded words": ("word n-grams made of conceded clauses too ('the free lunches were great, but ...')",
                             {"skip_conceded_words": False}, {}),
    "-concession": ("no conceded-clause cue features", {"concession": False}, {}),
    "+function n-grams": ("n-grams of function words only kept", {"content_ngrams": False}, {}),
    "sublinear tf-l2": ("1 + log(count), unit length per block (the weighting before binary)",
                        {"weighting": "sublinear_l2", "C": 256.0}, {}),
    "-lemma fixes": ("spacy-lookups-data's lemmas as they are ('does' -> 'doe', 'as' -> 'a')",
                     {}, {"lemma_fixes": False}),
    "-negation": ("no negation marks", {"lexicons": {"negation_cues": []}}, {}),
    "-masking": ("no occupation masking", {"lexicons": {"occupations": []}}, {}),
    "cues only": ("motive, horizon and framing cues only", {"use_words": False}, {}),
    "words only": ("word n-grams only", {"use_cues": False}, {}),
}


@contextmanager
def _lemma_fixes(enabled: bool) -> Iterator[None]:
    """Fit and score with :data:`jobcareer.token_types.LEMMA_FIXES` in force, or without it."""
    saved = dict(LEMMA_FIXES)
    if not enabled:
        LEMMA_FIXES.clear()
    try:
        yield
    finally:
        LEMMA_FIXES.update(saved)


def _weights(data: LabeledData, hard_case_weight: float) -> np.ndarray:
    return hard_case_weights(data.columns.get("hard_case") or ["none"] * len(data), hard_case_weight)


def _grouped_cv(params: dict, data: LabeledData, weight: float, folds: int) -> list[float]:
    groups = data.columns["batch"]
    scores = []
    for fit_rows, held_out in GroupKFold(folds).split(data.texts, data.labels, groups):
        keep = np.zeros(len(data), dtype=bool)
        keep[fit_rows] = True
        part = data.subset(keep.tolist())
        model = JobCareerClassifier(**params).fit(part.texts, part.labels, sample_weight=_weights(part, weight))
        predicted = model.predict([data.texts[i] for i in held_out])
        scores.append(f1_score([data.labels[i] for i in held_out], predicted, average="macro"))
    return scores


def _function_share(model: JobCareerClassifier, texts: list[str]) -> float:
    explanations = model.explain_many(texts)
    total = sum(abs(c.weight) for e in explanations for c in e.contributions)
    function = sum(abs(c.weight) for e in explanations for c in e.contributions if is_function_ngram(c.feature))
    return function / total if total else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "answers.jsonl")
    parser.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "real-dev.jsonl",
                        help="labeled real answers (text, label, clarity, source); never trained on")
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "jobcareer-en",
                        help="model directory whose hyperparameters are the 'default' variant")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--only", nargs="*", help="run only these variants")
    args = parser.parse_args()
    out = args.out or args.model / "ablation.json"

    train = read_labeled(args.data, split="train")
    real = read_labeled(args.real)
    hosts = [source_host(str(s)) for s in real.columns["source"]]
    meta = json.loads((args.model / "meta.json").read_text())
    base = {k: v for k, v in meta["hyperparameters"].items() if k != "lexicons"}
    base["ngram_range"] = tuple(base["ngram_range"])
    base_weight = meta.get("hard_case_weight", HARD_CASE_WEIGHT)

    results = []
    for name, (description, change, other) in VARIANTS.items():
        if args.only and name not in args.only:
            continue
        params = {**base, **change}
        if params.get("lexicons", {}).get("cues") == "before round 4":
            params["lexicons"] = {**params["lexicons"], "cues": cue_lexicons(until=ROUND_4_MARKER)}
        weight = other.get("hard_case_weight", base_weight)
        drop = other.get("drop_writers", set())
        data = train.subset([b.split("p")[0] not in drop for b in train.columns["batch"]])
        writers = [b.split("p")[0] for b in data.columns["batch"]]
        started = time.perf_counter()
        with _lemma_fixes(other.get("lemma_fixes", True)):
            scores = _grouped_cv(params, data, weight, args.folds)
            first = [w in FIRST_ROUND for w in writers]
            old, new = data.subset(first), data.subset([not f for f in first])
            shifted = JobCareerClassifier(**params).fit(old.texts, old.labels, sample_weight=_weights(old, weight))
            shift = evaluate(shifted, new.texts, new.labels)["overall"]["macro_f1"]
            model = JobCareerClassifier(**params).fit(data.texts, data.labels, sample_weight=_weights(data, weight))
            on_real = evaluate_real(model, real.texts, real.labels, clarity=real.columns["clarity"], groups=hosts)
            function_share = _function_share(model, real.texts)
        cv = on_real["grouped_cv"]
        row = {
            "variant": name, "description": description, "n_train": len(data),
            "mean_macro_f1": float(np.mean(scores)), "std_macro_f1": float(np.std(scores)),
            "writer_shift_macro_f1": shift,
            "real": {
                "macro_f1_all": cv["all"]["macro_f1"], "macro_f1_clear": cv["clear"]["macro_f1"],
                "ece": cv["all"]["ece"], "function_word_share": function_share,
                "low_evidence_rate": on_real["low_evidence_rate"],
            },
            "seconds": round(time.perf_counter() - started, 1),
        }
        results.append(row)
        r = row["real"]
        print(f"{name:18s} cv {row['mean_macro_f1']:.3f} ± {row['std_macro_f1']:.3f}  shift {shift:.3f}  "
              f"real all {r['macro_f1_all']:.3f} clear {r['macro_f1_clear']:.3f} ECE {r['ece']:.3f} "
              f"function share {r['function_word_share']:.2f}  ({description})", flush=True)
        _write(out, args, real, train, results)
    print(f"written to {out}")
    return 0


def _write(out: Path, args: argparse.Namespace, real: LabeledData, train: LabeledData, results: list[dict]) -> None:
    """Write the table so far (after every variant: a long run interrupted keeps its rows)."""
    report = {
        "cv": f"GroupKFold({args.folds}) by writing pass, training split only",
        "writer_shift": "fitted on w1-w6 training passes, scored on the later writers' training passes",
        "real": (f"{args.real.name}: {len(real)} real answers, never trained on; calibration refitted "
                 "on their logits out of fold, grouped by source host"),
        "n_train": len(train),
        "variants": results,
    }
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
