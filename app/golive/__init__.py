"""The go-live flow on top of Comprimato and OBS: create, apply, start, watch until live.

``flow`` holds the one-call flow (``go_live``), ``live_watch`` the
combined live status. Import them from their modules; this package imports nothing, so
importing one part does not pull in the others.
"""
