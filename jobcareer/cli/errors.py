"""How the ``jobcareer`` command reports problems: one line on stderr and an exit status.

Problems the user can fix are printed as ``jobcareer: error: ...`` and never as a
traceback; warnings as ``jobcareer: warning: ...``. The exit statuses are listed in
:mod:`jobcareer.cli`.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from jobcareer.data import DataFileError
from jobcareer.io import ModelFileError
from jobcareer.output_files import OutputPathError
from jobcareer.render import terminal_safe

__all__ = [
    "EXIT_DATA",
    "EXIT_INTERRUPTED",
    "EXIT_USAGE",
    "CLIError",
    "OneLineErrorParser",
    "exit_status_of",
    "warn",
    "warnings_as_lines",
]

#: The data is bad: a malformed row, an empty answer, a corrupt model directory...
EXIT_DATA = 1
#: The command line is wrong: an unknown option, a file or column that does not exist...
EXIT_USAGE = 2
#: Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130


class CLIError(Exception):
    """A problem the user can fix: printed as one line, then the command exits.

    Parameters
    ----------
    message : str
        The line to print after ``jobcareer: error:``.
    code : int, default EXIT_DATA
        Exit status: :data:`EXIT_DATA` (1) for bad data, :data:`EXIT_USAGE` (2) for a
        wrong command line.
    """

    def __init__(self, message: str, code: int = EXIT_DATA) -> None:
        super().__init__(message)
        self.code = code


class OneLineErrorParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors are one line and exit status 2 (its subcommands'
    parsers are of the same class)."""

    def error(self, message: str) -> NoReturn:
        raise CLIError(f"{message} (see '{self.prog} --help')", EXIT_USAGE)


def warn(message: str) -> None:
    """Print ``jobcareer: warning: MESSAGE`` on stderr (control characters shown, not sent)."""
    print(f"jobcareer: warning: {terminal_safe(message)}", file=sys.stderr)


def _fail(message: str, code: int) -> int:
    print(f"jobcareer: error: {terminal_safe(message)}", file=sys.stderr)
    return code


@contextmanager
def warnings_as_lines() -> Iterator[None]:
    """Show the library's warnings as ``jobcareer: warning: ...`` lines, each once."""

    def show(message: Warning | str, *_: Any, **__: Any) -> None:
        warn(str(message))

    with warnings.catch_warnings():
        warnings.simplefilter("default", UserWarning)
        warnings.showwarning = show
        yield


def exit_status_of(command: Callable[[], int]) -> int:
    """Run ``command`` and return its exit status, reporting any problem as one line.

    Parameters
    ----------
    command : callable
        Parses the command line and runs a subcommand; returns its exit status.

    Returns
    -------
    int
        ``command``'s status; for ``--help``/``--version`` 0; otherwise :data:`EXIT_DATA`
        for bad data, model files and I/O failures, :data:`EXIT_USAGE` for a wrong command
        line or output path, :data:`EXIT_INTERRUPTED` for Ctrl-C.
    """
    try:
        return int(command())
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else 0
    except CLIError as err:
        return _fail(str(err), err.code)
    except (ModelFileError, DataFileError) as err:
        return _fail(str(err), EXIT_DATA)
    except OutputPathError as err:
        return _fail(str(err), EXIT_USAGE)
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); silence the flush at exit too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_DATA
    except UnicodeDecodeError as err:
        return _fail(f"the input is not UTF-8 text ({err.reason} at byte {err.start})", EXIT_DATA)
    except OSError as err:  # permission denied, disk full...
        where = f"{err.filename}: " if err.filename else ""
        return _fail(f"{where}{err.strerror or err}", EXIT_DATA)
