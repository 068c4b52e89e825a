"""Specification of the command line's output files (jobcareer/output_files.py)."""

from __future__ import annotations

import os
import stat

import pytest

from jobcareer.output_files import OutputPathError, format_from_suffix, neutralise_csv_cell, open_output


def write(path, text: str = "new\n", **kwargs) -> None:
    with open_output(str(path), **kwargs) as out:
        out.write(text)


def test_a_new_file_is_created_with_the_umask_mode(tmp_path):
    target = tmp_path / "out.txt"
    write(target)
    umask = os.umask(0)
    os.umask(umask)
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_an_existing_file_keeps_its_mode(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    target.chmod(0o600)
    write(target)
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="changing owners needs root")
def test_an_existing_file_keeps_its_owner(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    os.chown(target, 12345, 23456)
    write(target)
    assert (target.stat().st_uid, target.stat().st_gid) == (12345, 23456)


def test_a_symbolic_link_is_followed_and_kept(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old\n")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write(link)
    assert link.is_symlink()
    assert real.read_text() == "new\n"


def test_a_hard_linked_file_is_rewritten_in_place(tmp_path):
    first = tmp_path / "a.txt"
    first.write_text("old\n")
    second = tmp_path / "b.txt"
    os.link(first, second)
    write(second)
    assert first.read_text() == "new\n"
    assert os.path.samefile(first, second)


def test_a_fifo_is_written_through_not_replaced(tmp_path):
    """As ``/dev/null`` or any special file: written to, never renamed over."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write(fifo)
        assert os.read(reader, 100) == b"new\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_the_output_may_not_be_an_input_whatever_its_name(tmp_path):
    source = tmp_path / "answers.jsonl"
    source.write_text("keep\n")
    alias = tmp_path / "alias.jsonl"
    os.link(source, alias)
    for name in (source, alias):
        with pytest.raises(OutputPathError, match="is the input file"):
            write(name, inputs=[source])
    assert source.read_text() == "keep\n"


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), open_output(str(target)) as out:
        out.write("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_the_format_follows_the_extension():
    formats = {".csv": "csv", ".jsonl": "jsonl"}
    assert format_from_suffix("scored.CSV", formats) == "csv"
    assert format_from_suffix("scored.txt", formats) is None
    assert format_from_suffix(None, formats) is None


@pytest.mark.parametrize(
    "cell", ["=HYPERLINK(\"x\")", "+1+2", "-cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx", "-need (-2.85)"]
)
def test_formula_cells_are_neutralised_with_a_quote(cell):
    assert neutralise_csv_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["I need the pay", "-2.5", "+3", "1e-3", 0.25, True, ""])
def test_plain_text_numbers_and_values_are_left_alone(cell):
    assert neutralise_csv_cell(cell) == cell
