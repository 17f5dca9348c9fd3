"""Comprimato Companion: one-click live streaming from OBS Studio to Comprimato."""

__version__ = "0.1.0"
APP_NAME = "Comprimato Companion"
APP_ID = "com.comprimato.Companion"
DIST_NAME = "comprimato-companion"
