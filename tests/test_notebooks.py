"""Every notebook in notebooks/ runs top to bottom from a clean kernel without an error.

Each notebook is executed with nbclient in a fresh ``python3`` kernel whose working
directory is ``notebooks/`` (as when a user opens it in Jupyter), headless: matplotlib
draws with a non-interactive backend. The notebooks are committed without outputs, so this
is the only place they are run.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
CellExecutionError = pytest.importorskip("nbclient.exceptions").CellExecutionError
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPECTED = {
    "01-corpus.ipynb",
    "02-model-evaluation.ipynb",
    "03-explanations.ipynb",
    "04-retrain.ipynb",
    "05-transcript.ipynb",
}
CELL_TIMEOUT = 120  # seconds per cell
KERNEL = "python3"


def test_the_notebooks_exist() -> None:
    names = {p.name for p in NOTEBOOKS}
    missing = EXPECTED - names
    assert not missing, f"missing notebooks: {sorted(missing)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    with_outputs = [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code" and cell.get("outputs")]
    assert not with_outputs, f"{path.name}: clear the outputs of cells {with_outputs} before committing"
    first = notebook.cells[0] if notebook.cells else None
    assert first is not None and first.cell_type == "markdown", (
        f"{path.name} must start with a markdown cell saying what it shows"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The kernel inherits this environment: no display, a non-interactive backend (the
    # notebooks switch to the inline backend with %matplotlib inline).
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("DISPLAY", raising=False)
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    started = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as err:
        pytest.fail(f"{path.name} failed:\n{err}", pytrace=False)
    print(f"{path.name} ran in {time.perf_counter() - started:.1f} s")
