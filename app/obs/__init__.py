"""OBS Studio through obs-websocket 5: finding it, the link, SRT settings, the output, supervision.

Only ``app.obs.link`` imports obsws-python; the rest is plain asyncio on top of it.
"""
