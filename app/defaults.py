"""Every default the product assumes about Comprimato and OBS, in one place.

The Comprimato documentation names only the API base URL. The SRT ingest address and the
player URL are not documented: the values below are ASSUMPTIONS, shown as such in the
README and the settings, and the user can change both.
"""

from typing import Final

#: Documented: the base URL of the REST API.
API_URL: Final = "https://api.comprimato.com/v1"

#: ASSUMPTION (undocumented): where encoders send SRT. The streamer key travels as the
#: SRT ``streamid``.
INGEST_URL: Final = "srt://ingest.comprimato.com:9000"

#: ASSUMPTION (undocumented): where viewers watch; ``{player_key}`` is replaced.
PLAYER_URL_TEMPLATE: Final = "https://player.comprimato.com/{player_key}"

#: obs-websocket 5's default port (OBS 28 and newer).
OBS_PORT: Final = 4455
OBS_HOST: Final = "localhost"

#: The environment variable that gives the API key for this run (scripts, CI): when set,
#: the keyring is not read.
API_KEY_ENV: Final = "COMPRIMATO_API_KEY"

#: Request timeouts, seconds: nothing waits forever.
CONNECT_TIMEOUT: Final = 5.0
READ_TIMEOUT: Final = 15.0
