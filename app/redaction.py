"""Taking secrets out of text before it is shown, copied or written to a log.

Known values (the API key, the OBS password, streamer keys) are replaced wherever they
appear, and so is anything shaped like a secret (an ``obsws://`` password, an SRT
``streamid``, an ``Authorization`` header, ``password=...``), known or not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote

REDACTED = "[redacted]"

# Shapes that carry secrets even when the value is not known to us.
_SECRET_SHAPES = (
    # obsws://host:port/password
    (re.compile(r"(obsws://[^\s/'\"]+/)[^\s'\"]+", re.IGNORECASE), r"\1" + REDACTED),
    # srt://host:port?streamid=KEY (and passphrase=...)
    (re.compile(r"((?:streamid|passphrase)=)[^\s&'\"]+", re.IGNORECASE), r"\1" + REDACTED),
    # Authorization: Bearer xyz / X-Api-Key: xyz
    (
        re.compile(
            r"((?:authorization|x-api-key)['\"]?\s*[:=]\s*['\"]?(?:bearer\s+)?)[^\s'\",}]+",
            re.IGNORECASE,
        ),
        r"\1" + REDACTED,
    ),
    # key=value and "key": "value" for names that hold secrets
    (
        re.compile(
            r"((?:api_?key|streamer_?key|stream_?key|password|passwd|secret|token)"
            r"['\"]?\s*[:=]\s*['\"]?)[^\s'\",}&]+",
            re.IGNORECASE,
        ),
        r"\1" + REDACTED,
    ),
)


def scrub(text: str, secrets: Iterable[str | None] = ()) -> str:
    """``text`` with every known secret value, and anything shaped like a secret, replaced.

    Known values are replaced as written, URL-quoted and ``repr``-escaped; values shorter
    than four characters are left alone (they would mangle ordinary words).
    """
    values = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)
    for value in values:
        for form in {value, quote(value, safe=""), repr(value)[1:-1]}:
            text = text.replace(form, REDACTED)
    for pattern, replacement in _SECRET_SHAPES:
        text = pattern.sub(replacement, text)
    return text


__all__ = ["REDACTED", "scrub"]
