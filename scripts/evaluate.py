"""Evaluate a model against the baselines: ``jobcareer evaluate`` with repository defaults.

Scores the bundled model (or ``--model DIR``) on the ``test`` split of
``data/answers.jsonl`` (relative to the repository), with breakdowns by style and hard
case; every ``jobcareer evaluate`` option works and overrides these defaults.

Usage: ``python scripts/evaluate.py [--model DIR] [--data FILE] [--by COLS] [--json FILE]``
"""

from __future__ import annotations

import sys
from pathlib import Path

from jobcareer.cli import main

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = ["--data", str(ROOT / "data" / "answers.jsonl"), "--by", "style,hard_case"]

if __name__ == "__main__":
    # argparse keeps the last value of an option, so the user's flags win over DEFAULTS.
    sys.exit(main(["evaluate", *DEFAULTS, *sys.argv[1:]]))
