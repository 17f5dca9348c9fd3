"""Settings, secrets and the local stream store: small private files the user owns.

Every file is JSON with a ``version``, written atomically with mode 0600 in a 0700 folder.
A file that cannot be read, or was written by a newer version, is renamed aside and reported
through a ``notice`` sentence; it is never silently overwritten.

The submodules are imported where needed (``app.storage.settings`` and so on) so that the
command line does not pay for the keyring when it only reads the stream list.
"""
