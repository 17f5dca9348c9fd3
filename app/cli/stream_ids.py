"""A stream named on the command line by its id or any unique start of it.

The window titles a stream without a name by the first 8 characters of its id, so that
short form (or any longer start) must work wherever the command line takes an id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import UsageError

if TYPE_CHECKING:
    from ..storage.stream_store import StreamStore

#: How many matches an ambiguous prefix lists.
SHOWN_MATCHES = 5


def full_stream_id(given: str, store: StreamStore) -> str:
    """The full id of the stream kept here that ``given`` names; ``given`` itself otherwise.

    An exact id wins. A prefix shared by several streams is refused with their ids, so a
    delete can never hit the wrong one. An id not kept here goes on unchanged: Comprimato
    may still know it.

    Raises:
        UsageError: the prefix fits more than one stream.
    """
    wanted = given.strip()
    if not wanted or store.get(wanted) is not None:
        return wanted
    matches = sorted({s.stream.id for s in store.streams() if s.stream.id.startswith(wanted)})
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        shown = ", ".join(matches[:SHOWN_MATCHES])
        more = f" and {len(matches) - SHOWN_MATCHES} more" if len(matches) > SHOWN_MATCHES else ""
        raise UsageError(
            f"'{wanted}' fits {len(matches)} streams: {shown}{more}.",
            "Give more characters of the id.",
        )
    return wanted
