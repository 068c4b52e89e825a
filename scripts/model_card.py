"""Write a model directory's MODEL_CARD.md from its metadata, ablation and fairness checks.

Reads ``meta.json`` (test metrics written by training) and ``ablation.json`` (from
``scripts/ablation.py``), measures the fairness and form checks on the held-out test split
and the pair sets in ``tests/data/``, stores those figures in ``meta.json`` under
``fairness``, and writes ``MODEL_CARD.md``.

Usage: ``python scripts/model_card.py [--model models/jobcareer-en] [--data data/answers.jsonl]``
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import jobcareer
from jobcareer.cli.reports import ReportTable, breakdown_table, metrics_table, number
from jobcareer.data import read_labeled
from jobcareer.evaluation import form_invariance, pair_invariance

ROOT = Path(__file__).resolve().parent.parent
#: The models of the metrics table, in its order, and those whose macro-F1 the breakdown tables show.
METRICS_MODELS = ("model", "keywords", "majority")
BREAKDOWN_MODELS = ("model", "keywords")


def pairs(name: str) -> list[tuple[str, str]]:
    rows = [json.loads(x) for x in (ROOT / "tests" / "data" / name).read_text(encoding="utf-8").splitlines() if x]
    return [(r["a"], r["b"]) for r in rows]


def pair_row(title: str, result: dict) -> str:
    return (f"| {title} | mean abs. change of P(career) {result['mean_abs_change']:.4f}, "
            f"max {result['max_abs_change']:.4f}, {result['label_flips']} label flips | ≤ 0.02, no flips |")


def ablation_reading(ablation: dict, meta: dict) -> str:
    """What the ablation table shows, in words, with its own figures."""
    rows = {r["variant"]: r for r in ablation["variants"]}
    figures = meta.get("real_answers") or {}
    calibration_before = number(figures.get("corpus_calibration", {}).get("all", {}).get("ece"))
    calibration_after = number((figures.get("calibrated_on_real_grouped_cv") or {}).get("all", {}).get("ece"))

    def real(name: str) -> str:
        r = rows.get(name, {}).get("real")
        return "n/a" if not r else f"{r['macro_f1_clear']:.3f} clear / {r['macro_f1_all']:.3f} all"

    def shift(name: str) -> str:
        return number(rows.get(name, {}).get("writer_shift_macro_f1"))

    def ece(name: str) -> str:
        return number(rows.get(name, {}).get("real", {}).get("ece"))

    return (
        "How to read it: on real answers a difference of one or two points is three to six answers, "
        "within the noise of one run, so no single row here is decisive. What it shows: "
        f"the configuration before issue 13's work (trained on the first two rounds' answers, as it was) "
        f"scores {real('previous')}, the bundled one {real('default')}; calibration refitted on real answers "
        f"brings ECE from {calibration_before} (the corpus's calibration) to {calibration_after}. The two "
        f"largest single gains are the round-4 cue phrases (without them {real('-round 4 cue phrases')}) and "
        f"the fourth round of corpus answers (without them {real('-fourth round')}). Both were aimed at kinds "
        "of answers real-dev's errors showed (motives told as stories, by sentence structure, without motive "
        "words; the crew and the atmosphere; habit and comfort; a line on a CV; the stock career vocabulary "
        "in its ordinary sense), so these rows overstate what they bring to answers from other sources. "
        f"Without the third-round answers: {real('-third round')}. The fifth round (900 plain answers in "
        "which the stock words of career talk, 'growth', 'opportunity', 'passion', keep their career sense) "
        f"measures no gain here (without it {real('-fifth round')}, writer shift {shift('-fifth round')}); it "
        "stays because it corrects a measured skew of the corpus (those words were far commoner in tricky job "
        "answers than in plain career answers) that real-dev, with a handful of such answers, cannot show. "
        "Conceded clauses make no word n-grams (their motives count through the ':conc' cue features only): "
        f"without that, {real('-skip conceded words')} with ECE {ece('-skip conceded words')}. Measured three "
        "times as the corpus and the rules changed, it went 0.892 -> 0.902 clear (fourth-round corpus), "
        "0.899 -> 0.899 (with the fifth round), and now the row above (after a granted sentence and a "
        "concessive clause were made to end at a contrast marker, and 'anything but' stopped being a "
        "contrast): noise each time, a few answers either way. It stays because the guide says a conceded "
        "motive is not the one argued for, and because of calibration (ECE above 0.05 without it). "
        "Denied subjects ('money was never why', "
        f"the subject negated by a negation after it) measure no gain here (without: "
        f"{real('-denied subjects')}); they stay because the guide's negation rule covers that order too "
        "and the tests pin it. Idioms that hold a cue word ('grew up', 'it paid off') are no cue: without "
        f"that rule {real('-idioms')} (ECE {ece('-idioms')} against {ece('default')}), within the noise; "
        "kept for the readable highlights. C = 10 was chosen on "
        f"real answers in an earlier round (cross-validation on the corpus scores 3, 10 and 30 alike): C = 3 "
        f"now scores {real('C 3')} with ECE {ece('C 3')} (against {ece('default')}), C = 30 {real('C 30')}; "
        "between 3 and 10 real answers do not choose. Hard cases weigh 0.3: 0.1 scores "
        f"{real('hard cases 0.1')} (ECE {ece('hard cases 0.1')}), 1.0 {real('hard cases 1.0')}, none "
        f"{real('hard cases 0')}. Keeping n-grams of function words only now scores lower on clear answers "
        f"({real('+function n-grams')}) and puts about half of every real answer's logit on words such as "
        "'the', 'i', 'be do' and 'honestly'; they stay out. Binary weighting beats sublinear tf-l2 "
        f"({real('sublinear tf-l2')}, ECE {ece('sublinear tf-l2')}). Without conceded-clause cues: "
        f"{real('-concession')}, writer shift {shift('-concession')} (bundled {shift('default')}). Without "
        f"negation marks: {real('-negation')}, writer shift {shift('-negation')}: fewer answers right over "
        "all, the unclear ones above all; negation as marked stays. Without occupation masking: "
        f"{real('-masking')} (ECE {ece('-masking')}), within the noise; masking stays because an occupation "
        "must not decide the label (the fairness checks below). The lemma fixes ('does' was 'doe') are for readable "
        f"feature names; without them {real('-lemma fixes')}. The writer-shift figures score the first "
        "round's writers' model on every later writer, fourth and fifth rounds included, so they are lower "
        "than before the fourth round was written and are comparable only within this table."
    )


def real_row(figures: dict) -> str:
    clear, everything = figures["clear"], figures["all"]
    return (f"{clear['macro_f1']:.3f} | {everything['macro_f1']:.3f} | {everything['ece']:.3f} | "
            f"{everything['brier']:.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "jobcareer-en")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "answers.jsonl")
    args = parser.parse_args()

    meta_path = args.model / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    clf = jobcareer.load(args.model)
    test = read_labeled(args.data, split="test")
    fairness = {
        "occupation_pairs": pair_invariance(clf, pairs("occupation_pairs.jsonl")),
        "name_pronoun_pairs": pair_invariance(clf, pairs("name_pronoun_pairs.jsonl")),
        "transcript_form": form_invariance(clf, test.texts, test.labels),
    }
    meta["fairness"] = fairness
    meta_path.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")

    ablation_path = args.model / "ablation.json"
    ablation = json.loads(ablation_path.read_text(encoding="utf-8")) if ablation_path.is_file() else None
    metrics = meta["test_metrics"]
    overall = metrics["model"]["overall"]
    worst_style = min(metrics["model"]["by"]["style"].items(), key=lambda kv: kv[1]["macro_f1"])
    worst_hard = min(metrics["model"]["by"]["hard_case"].items(), key=lambda kv: kv[1]["macro_f1"])
    sel = meta["selection"]
    td = meta["training_data"]
    occ, names, form = fairness["occupation_pairs"], fairness["name_pronoun_pairs"], fairness["transcript_form"]

    abl_lines = ""
    if ablation:
        titles = ("variant", "what it is", "train", "grouped-CV macro-F1", "writer shift", "real: all",
                  "real: clear", "real: ECE", "real: function-word share")
        rows = []
        for r in ablation["variants"]:
            real = r.get("real", {})
            rows.append((
                r["variant"], r["description"], str(r.get("n_train", ablation["n_train"])),
                f"{r['mean_macro_f1']:.3f} ± {r['std_macro_f1']:.3f}", number(r.get("writer_shift_macro_f1")),
                number(real.get("macro_f1_all")), number(real.get("macro_f1_clear")), number(real.get("ece")),
                number(real.get("function_word_share")),
            ))
        ablation_table = ReportTable(titles, titles, tuple(rows))
        abl_lines = (
            "## Ablation\n\n"
            f"Grouped CV: {ablation['cv']}. *Writer shift*: {ablation.get('writer_shift', 'n/a')}. "
            f"*Real*: {ablation.get('real', 'n/a')}. The test split was not used. Each variant changes one "
            "thing from the bundled configuration (`previous` undoes all of this round's changes at once).\n\n"
            + ablation_table.markdown()
            + "\n\n" + ablation_reading(ablation, meta) + "\n"
        )

    real = meta.get("real_answers") or {}
    real_lines = ""
    if real:
        cv = real["calibrated_on_real_grouped_cv"]
        before = real["corpus_calibration"]
        real_lines = f"""## Real answers (read this first)

`{real['file']}` (SHA-256 `{real['sha256'][:16]}…`): {real['n']} answers people gave in public
(forum and comment threads, blogs, news quotes, testimonials, transcripts, sample answers),
each paraphrased so that no run of six words is kept from its source and labeled by the
labeling guide, with a `clarity` field where the guide leaves an answer uncertain
(borderline). Nobody on the project wrote them. **The classifier never trains on them.**
They are used to choose the configuration (the ablation below), to fit the two numbers of
the calibration, and for these figures:

| calibration | macro-F1, clear answers | macro-F1, all | ECE (all) | Brier (all) |
|---|---|---|---|---|
| refitted on real answers (bundled), figures out of fold by source host | {real_row(cv)} |
| corpus out-of-fold calibration (before) | {real_row(before)} |

The low-evidence flag fires on {real['low_evidence_rate']:.1%} of them; accuracy on the rest is
{number(real['accuracy_without_low_evidence'])}.

What these figures can and cannot show: the set is small ({real['n']} answers from
many sources), it was used to *choose* among configurations, so its figures are a
development estimate, a little optimistic for the other real answers this project is
judged on (different sources); each point of macro-F1 is about three answers. It
says how the model does on the kinds of answers people write online about work decisions;
it says little about live interview speech, which it holds few of.

"""

    card = f"""# Model card: jobcareer-en

A linear classifier that reads an interview (or sales-call) answer and says whether it is
**job-oriented** (valued for what the role gives now: pay, hours, commute, benefits, "any
work for now") or **career-oriented** (a step on a longer path: skills, growth,
aspirations, mission, impact), with exact per-phrase explanations. jobcareer
{meta['versions']['jobcareer']}, created {meta['created']}.

{real_lines}## Intended use

- Practice and coaching: feedback on how an answer comes across, highlighting which
  phrases read as job- or career-oriented.
- Research on interview language.

**Not for hiring decisions**, screening, ranking or judging candidates. The label describes
what an answer emphasises, not the person; a job-oriented answer is a legitimate answer.
Low-evidence answers (few known signals) are flagged and should not be read as a verdict.

## Model

spaCy's English tokenizer and lookup lemmas, then our batch analysis (sentences, fillers,
negation scope, conceded clauses, occupation masking, number/time normalisation, lexicon
cues) → word 1-2-gram lemma features with negation marks and an `<occ>` placeholder (only
n-grams with a content word), plus motive, time-horizon and framing cues (with `:neg` and
`:conc` variants) → L2-regularised logistic regression (C = {sel['best_params'].get('C')},
feature weighting `{meta['hyperparameters'].get('weighting', 'sublinear_l2')}`, hard cases
weighted {meta.get('hard_case_weight', 1.0)}) → sigmoid calibration refitted on real answers' logits.
{meta['n_features']:,} features. Hyperparameters chosen by {sel['cv']} on
the training split (best cross-validated macro-F1 {sel['best_cv_macro_f1']:.3f}). Training time
{meta['training_seconds']} s on a 2-core machine.

## Data

`data/answers.jsonl` (SHA-256 `{td['sha256'][:16]}…`): {td['n_train'] + td['n_test']} answers written for
this project by several independent writing passes, following the labeling guide; see
`data/README.md`. Train {td['n_train']} answers, held-out test {td['n_test']} answers. The test split
is whole writing passes (see `data/README.md`) that no training pass shares, and was used
only for the figures below, once, after training.

## Test-split figures (our own writers; held out, never used for fitting or selection)

{metrics_table(metrics, models=METRICS_MODELS).markdown()}

`keywords` counts the motive-lexicon cues of each side; `majority` always says the most
frequent training label. Macro-F1 {overall['macro_f1']:.3f} overall; the
weakest style is `{worst_style[0]}` ({worst_style[1]['macro_f1']:.3f}) and the weakest hard-case group
`{worst_hard[0]}` ({worst_hard[1]['macro_f1']:.3f}).

### By style

{breakdown_table(metrics, 'style', models=BREAKDOWN_MODELS).markdown()}

### By hard case

{breakdown_table(metrics, 'hard_case', models=BREAKDOWN_MODELS).markdown()}

### By register

{breakdown_table(metrics, 'register', models=BREAKDOWN_MODELS).markdown()}

{abl_lines}
## Fairness and form checks

| check | figure | limit |
|---|---|---|
{pair_row(f"occupation swapped ({occ['n']} pairs, `tests/data/occupation_pairs.jsonl`)", occ)}
{pair_row(f"names and pronouns swapped ({names['n']} pairs)", names)}
| test split as transcripts (lowercase, no punctuation, fillers) | macro-F1 \
{form['macro_f1_as_written']:.3f} → {form['macro_f1_as_transcript']:.3f} (drop {form['drop']:.3f}) | drop ≤ 0.03 |

These limits are tests (`tests/test_evaluation.py`) that fail when a retrained model
exceeds them. Occupations are masked before features are computed, which is why swapping
them changes nothing when the title is in the lexicon (688 entries); a title missing from
the lexicon is read as ordinary words.

## Using the outputs

- `low_evidence` (a column of `jobcareer classify`, `Explanation.low_evidence`,
  `doc._.jobcareer_low_evidence`, and the summary line of every rendering) marks answers
  with too few known signals; their label is not a verdict.
- CSV written by `jobcareer classify` neutralises cells a spreadsheet would run as a
  formula (a leading `'` before `=`, `+`, `-`, `@`, tab or carriage return, as OWASP
  recommends); use JSON Lines for the exact cells.
- Output files are written completely or not at all: a regular file is replaced by
  rename keeping its permissions and owner, links and devices are written through, and an
  output that is an input file is refused; a model directory is built beside its target
  and renamed into place (`--overwrite` to replace a model).

## Limitations

- Trained on answers written for this project, not transcribed from real interviews: the
  in-corpus test figures are optimistic for real answers. The real-answer figures at the
  top are the ones to trust, and they are lower.
- English only. Other languages, and text with no orientation at all, get low evidence
  rather than a meaningful label.
- Sarcasm, irony and very indirect answers are the hardest cases; read the phrases, not
  just the label.
- A linear bag-of-n-grams model: beyond sentences, negation scope and conceded clauses it
  does not follow an answer's argument. Long stories whose motive is told through events
  ("my mother was sick and the paramedics came ... that's why") are its most common error.
"""
    (args.model / "MODEL_CARD.md").write_text(card, encoding="utf-8")
    print(f"wrote {args.model / 'MODEL_CARD.md'}; fairness figures stored in {meta_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
