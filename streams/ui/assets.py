"""The page's static files, shipped as package data, and the URLs both servers give them."""

from __future__ import annotations

from functools import cache
from importlib import resources

UI_ROOT = "/ui/"
"""Where the index page is served; the worker's ``/`` belongs to Faust."""

PAGES = {"/ui/": "index.html", "/ui/figure": "figure.html"}
"""Page URL -> HTML file."""

STATIC_PREFIX = "/ui/static/"
"""URL prefix of the scripts and style sheet."""

_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}


@cache
def _files() -> dict[str, bytes]:
    folder = resources.files("streams.ui").joinpath("static")
    return {
        entry.name: entry.read_bytes()
        for entry in folder.iterdir()
        if entry.is_file() and _suffix(entry.name) in _CONTENT_TYPES
    }


def _suffix(name: str) -> str:
    return name[name.rfind(".") :] if "." in name else ""


def static_file(name: str) -> tuple[bytes, str] | None:
    """The bytes and content type of a static file, or None for a name that is not shipped.

    Only names listed in the package's ``static`` folder are served, so no request path can
    reach another file.
    """
    body = _files().get(name)
    if body is None:
        return None
    return body, _CONTENT_TYPES[_suffix(name)]
