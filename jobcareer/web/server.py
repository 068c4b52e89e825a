"""Running the web app with uvicorn (``jobcareer serve``)."""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

__all__ = ["serve"]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(host: str = "127.0.0.1", port: int = 8000, model: str | Path | None = None) -> None:
    """Serve the practice page and the JSON API until interrupted.

    Parameters
    ----------
    host : str, default "127.0.0.1"
        Address to bind. The default is reachable from this machine only; another address
        exposes the page to the network (a warning is printed).
    port : int, default 8000
        TCP port.
    model : str, Path or None
        A model directory; None for the bundled model.
    """
    import uvicorn

    from jobcareer.web.app import create_app

    if not _is_loopback(host):
        print(
            f"jobcareer: warning: serving on {host}, reachable from other machines; the page has "
            "no login. Use the default 127.0.0.1 unless that is what you want.",
            file=sys.stderr,
        )
    app = create_app(model)
    print(f"jobcareer: the practice page is at http://{host}:{port}/ (API docs at /docs); Ctrl+C stops it",
          file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning")
