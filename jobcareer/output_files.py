"""Writing the command line's output files without losing or exposing anything.

The rules (also in the README):

- ``-`` or no path is standard output.
- A regular file (new or existing) is written to a temporary file beside it and renamed
  over it only when everything was written, so a failed run never leaves half a file nor
  destroys the old one. An existing file keeps its permissions and owner; a file with
  several hard links, or one whose owner cannot be kept, is rewritten in place from the
  finished temporary file instead, so the other names and the owner stay.
- A symbolic link is followed: the file it points to is written, the link stays.
- Anything else (a device such as ``/dev/null``, a FIFO, a socket) is written through,
  never replaced.
- The output may not be one of the input files (the same file, whatever the name).

In CSV output, a cell that a spreadsheet would run as a formula is neutralised
(:func:`neutralise_csv_cell`). Text is written as UTF-8; a lone surrogate code point (which UTF-8 cannot hold, e.g. from
a ``"\\ud800"`` escape in a JSON input) is written as the escape ``\\ud800``.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

__all__ = ["OutputPathError", "format_from_suffix", "neutralise_csv_cell", "open_output"]


#: First characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def neutralise_csv_cell(value: object) -> object:
    """A CSV cell that no spreadsheet will run as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading single quote (``'=SUM(A1)``), as OWASP recommends against CSV injection;
    plain numbers (``-2.5``) and non-text values are left as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


class OutputPathError(ValueError):
    """An output path that cannot or must not be written (a usage error)."""


def format_from_suffix(path: str | None, formats: dict[str, str]) -> str | None:
    """The format named by ``path``'s extension in ``formats`` (e.g. ``{".csv": "csv"}``), or None."""
    if path is None or path == "-":
        return None
    return formats.get(Path(path).suffix.lower())


def _refuse_inputs(target: Path, option: str, inputs: Iterable[str | Path | None]) -> None:
    if not target.exists():
        return
    for source in inputs:
        if source is not None and Path(source).exists() and os.path.samefile(target, source):
            raise OutputPathError(
                f"{option} {target}: is the input file {source}; writing it would destroy the "
                "input. Choose another output file"
            )


def _keep_owner(temporary: str, existing: os.stat_result) -> bool:
    """Give ``temporary`` the owner and group of ``existing``; False if not allowed."""
    current = os.stat(temporary)
    if (current.st_uid, current.st_gid) == (existing.st_uid, existing.st_gid):
        return True
    try:
        os.chown(temporary, existing.st_uid, existing.st_gid)
    except PermissionError:
        return False
    return True


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _install(temporary: str, target: Path) -> None:
    """Put the finished ``temporary`` file in place of ``target`` (see the module rules)."""
    try:
        existing = os.stat(target)
    except FileNotFoundError:
        os.chmod(temporary, _new_file_mode())
        os.replace(temporary, target)
        return
    if existing.st_nlink > 1 or not _keep_owner(temporary, existing):
        shutil.copyfile(temporary, target)  # same inode: links, mode and owner stay
        os.unlink(temporary)
        return
    os.chmod(temporary, stat.S_IMODE(existing.st_mode))
    os.replace(temporary, target)


@contextmanager
def open_output(
    path: str | None, *, option: str = "--output", inputs: Iterable[str | Path | None] = ()
) -> Iterator[TextIO]:
    """Standard output, or ``path`` written by the rules of this module.

    Parameters
    ----------
    path : str or None
        The output path; ``None`` or ``"-"`` is standard output.
    option : str
        The option that named it, for messages.
    inputs : iterable of path
        Files the command reads; the output may be none of them.

    Raises
    ------
    OutputPathError
        If ``path`` is a directory, its directory does not exist, or it is an input.
    """
    if path is None or path == "-":
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(errors="backslashreplace")
        yield sys.stdout
        sys.stdout.flush()
        return
    given = Path(path)
    _refuse_inputs(given, option, inputs)
    target = Path(os.path.realpath(given))  # through symbolic links
    if target.is_dir():
        raise OutputPathError(f"{option} {path}: is a directory")
    if target.exists() and not target.is_file():  # a device, FIFO or socket
        with open(target, "w", encoding="utf-8", errors="backslashreplace", newline="") as handle:
            yield handle
        return
    parent = target.parent
    if not parent.is_dir():
        raise OutputPathError(f"{option} {path}: directory {str(parent)!r} does not exist")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=parent)
    try:
        with open(descriptor, "w", encoding="utf-8", errors="backslashreplace", newline="") as handle:
            yield handle
        _install(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
