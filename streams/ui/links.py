"""Which article URLs may become links: absolute http(s) URLs with a host, nothing else.

An article's ``url`` is untrusted data, kept as sent. Made into a link as it is, a
``javascript:`` or ``data:`` URL would run script on the page's origin when clicked, so the
page links only the URL :func:`safe_link` returns and shows the rest as plain data.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

LINK_SCHEMES = frozenset({"http", "https"})
"""The only schemes the page links to."""

# Browsers strip C0 controls and spaces from both ends of a URL and drop every tab and
# newline inside it before they read the scheme ("java\nscript:" is javascript:), so the
# check reads the URL the same way.
_ENDS = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")


def safe_link(url: str | None) -> str | None:
    """``url`` as a browser reads it, when that is an absolute http(s) URL with a host; else None.

    ``" https://example.com/a"`` gives ``"https://example.com/a"``; ``javascript:``,
    ``data:``, ``vbscript:`` (in any case, with spaces, tabs or newlines anywhere), relative
    URLs and ``https:`` without a host give None.
    """
    if not url:
        return None
    cleaned = _TAB_OR_NEWLINE.sub("", url.strip(_ENDS))
    try:
        parts = urlsplit(cleaned)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not host:
        return None
    return cleaned
