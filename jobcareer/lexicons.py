"""Word lists shipped with jobcareer, read from the data files in ``resources/``.

The lists are data, not code: edit the text files to change them. Each file holds one
entry per line, lowercased; blank lines and lines starting with ``#`` are ignored.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_RESOURCE_PACKAGE = "jobcareer.resources"


def read_list(text: str) -> list[str]:
    """Parse a word-list file's content into its entries, in file order, without repeats.

    Parameters
    ----------
    text : str
        The content of a list file.

    Returns
    -------
    list of str
        Lowercased, stripped entries; comments and blank lines removed.
    """
    seen: dict[str, None] = {}
    for line in text.splitlines():
        entry = line.strip().lower()
        if entry and not entry.startswith("#"):
            seen.setdefault(" ".join(entry.split()), None)
    return list(seen)


def _resource_text(*parts: str) -> str:
    return resources.files(_RESOURCE_PACKAGE).joinpath(*parts).read_text(encoding="utf-8")


def load_list(name: str) -> list[str]:
    """Load one of the bundled word lists by file name (e.g. ``"fillers.txt"``)."""
    return read_list(_resource_text(name))


def _load_directory(name: str, until: str | None = None) -> dict[str, list[str]]:
    folder = resources.files(_RESOURCE_PACKAGE).joinpath(name)
    lists = {}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".txt"):
            text = entry.read_text(encoding="utf-8")
            lists[Path(entry.name).stem] = read_list(text.split(until)[0] if until else text)
    return lists


def load_motives() -> dict[str, list[str]]:
    """Load the motive cue lexicons: motive id (e.g. ``"pay"``) to cue phrases."""
    return _load_directory("motives")


def load_horizons() -> dict[str, list[str]]:
    """Load the time-horizon cue lists: ``"long"`` and ``"now"`` to cue phrases."""
    return _load_directory("horizons")


def load_frames() -> dict[str, list[str]]:
    """Load the framing cue lists (e.g. ``"pressure"``: pressure from others to take work)."""
    return _load_directory("frames")


def cue_lexicons(until: str | None = None) -> dict[str, list[str]]:
    """The cue lists by cue-set name (``"motive:pay"``, ``"horizon:long"``, ``"frame:pressure"``).

    Parameters
    ----------
    until : str, optional
        A marker line: each file is read only up to it (the lists as they were before the
        entries added below the marker; used by the ablation).
    """
    return {
        **{f"motive:{k}": v for k, v in _load_directory("motives", until).items()},
        **{f"horizon:{k}": v for k, v in _load_directory("horizons", until).items()},
        **{f"frame:{k}": v for k, v in _load_directory("frames", until).items()},
    }


def default_lexicons() -> dict[str, object]:
    """Every word list the preprocessing pipeline uses, as plain lists and dicts.

    The result is stored inside a trained model, so that a model keeps the exact lists it
    was trained with even if the bundled files change later.
    """
    return {
        "fillers": load_list("fillers.txt"),
        "negation_cues": load_list("negation.txt"),
        "scope_breakers": load_list("scope_breakers.txt"),
        "contrast_cues": load_list("contrast.txt"),
        "concessive_cues": load_list("concessive.txt"),
        "concessive_initial_cues": load_list("concessive_initial.txt"),
        "granting_cues": load_list("granting.txt"),
        "denied_reasons": load_list("denied_reasons.txt"),
        "occupations": load_list("occupations.txt"),
        "idioms": load_list("idioms.txt"),
        "cues": cue_lexicons(),
    }


#: The motives of the labeling guide, each with the label it argues for.
MOTIVE_LABELS: dict[str, str] = {
    **dict.fromkeys(
        [
            "pay", "bills_debt", "benefits", "hours_schedule", "location_commute",
            "family_logistics", "stability", "easy_comfort", "stop_gap", "perks_social",
            "routine_tasks", "escape_no_direction",
        ],
        "job",
    ),
    **dict.fromkeys(
        [
            "skills_learning", "advancement", "long_term_goal", "field_commitment",
            "calling_impact", "mission_values", "challenge", "mentorship", "specialisation",
            "career_change", "grow_with_company", "leaving_no_prospects",
        ],
        "career",
    ),
}

#: Framing cue lists that are evidence for one side, like the motives (see ``resources/frames``).
FRAME_LABELS: dict[str, str] = {"pressure": "job"}
