"""``jobcareer serve``: the local practice page and JSON API (needs the ``web`` extra)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from jobcareer.cli.arguments import add_command, add_model_option, positive_int
from jobcareer.cli.errors import EXIT_DATA, EXIT_USAGE, CLIError

__all__ = ["add_serve_command", "run_serve"]

#: The command's line in ``jobcareer --help``, and the top of ``jobcareer serve --help``.
HELP = "serve the practice page and the JSON API (needs the web extra)"
DESCRIPTION = (
    "Serve a local practice page and a JSON API (/api/explain, /api/classify, "
    "/api/info; docs at /docs). Binds to 127.0.0.1 unless --host says otherwise."
)


def _existing_model(model: str | None) -> str | None:
    if model is not None and not Path(model).is_dir():
        raise CLIError(f"--model {model}: no such model directory", EXIT_DATA)
    return model


def run_serve(args: argparse.Namespace) -> int:
    """Serve until interrupted; returns 0."""
    try:
        from jobcareer.web import serve
    except ImportError as err:
        raise CLIError(f"the web page needs the web extra ({err.name} is missing): "
                       "pip install 'jobcareer[web]'", EXIT_USAGE) from None
    serve(args.host, args.port, _existing_model(args.model))
    return 0


def add_serve_command(commands: Any) -> None:
    """Register ``serve`` on the ``jobcareer`` command's subparsers."""
    p = add_command(commands, "serve", HELP, DESCRIPTION, run_serve)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=positive_int, default=8000, help="TCP port (default 8000)")
    add_model_option(p)
