"""Reading the product's versioned JSON files: ``{"version": N, ...}``.

A file is usable when it is a JSON object whose ``version`` has the major version this
program writes; keys it does not know are left for the caller to ignore or keep. Anything
else is sorted into "corrupt" (cannot be read as such) or "newer" (a later version wrote
it), so the caller can set it aside with a sentence that says which.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .. import APP_NAME
from ..i18n import translate

#: The reasons a file is set aside; they become part of its new name.
Reason = Literal["corrupt", "newer"]

#: Files larger than this are not ours: they are set aside rather than parsed into memory.
MAX_FILE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Unusable:
    """Why a file cannot be used.

    Attributes:
        reason: ``corrupt`` or ``newer``; names the set-aside file.
        detail: a short phrase for the user's sentence ("not valid JSON", ...).
    """

    reason: Reason
    detail: str

    @property
    def why(self) -> str:
        """The phrase after "The <file>": "was written by a newer version of ...", ..."""
        if self.reason == "newer":
            return translate("StoredFile", "was written by a newer version of {app}").format(
                app=APP_NAME
            )
        return translate("StoredFile", "could not be read ({detail})").format(detail=self.detail)


def too_large() -> str:
    """The detail for a file far larger than any this program writes."""
    return translate("StoredFile", "far too large to be a file of this program")


def read_document(path: Path, version: int) -> dict[str, Any] | Unusable | None:
    """The file's JSON object, why it is unusable, or ``None`` when there is no file.

    Raises ``OSError`` only when the file exists but cannot be opened (permissions, I/O).
    """
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return None
    if len(raw) > MAX_FILE_BYTES:
        return Unusable("corrupt", too_large())
    return parse_document(raw, version)


def parse_document(raw: bytes, version: int) -> dict[str, Any] | Unusable:
    """Decode ``raw`` and check its version; see :func:`read_document`."""
    try:
        document = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return Unusable("corrupt", translate("StoredFile", "not valid JSON"))
    if not isinstance(document, dict):
        return Unusable("corrupt", translate("StoredFile", "not a JSON object"))
    found = document.get("version")
    if isinstance(found, bool) or not isinstance(found, int | float) or not math.isfinite(found):
        return Unusable("corrupt", translate("StoredFile", "it has no version number"))
    major = math.floor(found)
    if major > version:
        return Unusable(
            "newer",
            translate("StoredFile", "it was written by a newer version (format {format})").format(
                format=found
            ),
        )
    if major < 1:
        return Unusable(
            "corrupt",
            translate("StoredFile", "it has an unknown version number ({version})").format(
                version=found
            ),
        )
    return document


#: Compact JSON for one value; made once (``json.dumps`` with options makes one per call).
_COMPACT = json.JSONEncoder(ensure_ascii=False)


def encode_document(document: dict[str, Any]) -> bytes:
    """Readable, stable JSON, so a user can inspect or repair the file by hand.

    One top-level key per line, and one line per item of a list (a stored stream): as easy
    to read and edit as an indented file, and about twice as fast to write, because each
    line comes from the C encoder (``indent`` makes ``json`` fall back to pure Python).
    """
    lines: list[str] = []
    for key, value in document.items():
        if isinstance(value, list) and value:
            items = ",\n    ".join(map(_COMPACT.encode, value))
            text = f"[\n    {items}\n  ]"
        else:
            text = _COMPACT.encode(value)
        lines.append(f"  {_COMPACT.encode(key)}: {text}")
    body = ",\n".join(lines)
    return (f"{{\n{body}\n}}\n" if lines else "{}\n").encode("utf-8")


def _reject_constant(name: str) -> float:
    """NaN and Infinity are not JSON; a file holding them was not written by this program."""
    raise ValueError(f"{name} is not valid JSON")
