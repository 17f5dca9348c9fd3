"""Taking secrets out of text before it is shown, copied or written to a log.

Known values (the API key, the OBS password, streamer keys) are replaced wherever they
appear, and so is anything shaped like a secret (an ``obsws://`` password, an SRT
``streamid``, an ``Authorization`` header, ``password=...``), known or not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

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


def _forms(value: str) -> set[str]:
    """The ways ``value`` is written in text: as is, URL-quoted (either case of hex),
    ``repr``-escaped and JSON-escaped (ASCII-only or not)."""
    quoted = {quote(value, safe=""), quote(value), quote_plus(value)}
    lower = {re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), form) for form in quoted}
    return {
        value,
        *quoted,
        *lower,
        repr(value)[1:-1],
        json.dumps(value)[1:-1],
        json.dumps(value, ensure_ascii=False)[1:-1],
    }


def scrub(text: str, secrets: Iterable[str | None] = ()) -> str:
    """``text`` with every known secret value, and anything shaped like a secret, replaced.

    Known values are replaced in every written form (``_forms``). One shorter than four
    characters is replaced only where it stands alone (not inside a longer word or
    number), so a three-letter password is scrubbed without mangling ordinary words.
    """
    values = sorted({s for s in secrets if s}, key=len, reverse=True)
    for value in values:
        for form in sorted(_forms(value), key=len, reverse=True):
            if len(form) >= 4:
                text = text.replace(form, REDACTED)
            else:
                text = re.sub(rf"(?<![\w]){re.escape(form)}(?![\w])", REDACTED, text)
    for pattern, replacement in _SECRET_SHAPES:
        text = pattern.sub(replacement, text)
    return text


__all__ = ["REDACTED", "scrub"]
