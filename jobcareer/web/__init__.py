"""``jobcareer serve``: a local practice page and a JSON API (the optional ``web`` extra).

>>> from jobcareer.web import create_app      # doctest: +SKIP
>>> app = create_app()                        # a FastAPI app around one shared model

Install with ``pip install "jobcareer[web]"``; every asset (the page, its script and
style, the OpenAPI docs' Swagger UI) is served from the installed packages, so it works
with no network.
"""

from jobcareer.web.app import Limits, create_app
from jobcareer.web.server import serve

__all__ = ["Limits", "create_app", "serve"]
