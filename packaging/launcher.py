"""The frozen program's entry point: the same ``main`` as ``comprimato-companion``.

PyInstaller runs this file as ``__main__``; it exists so the bundle does not depend on
how ``app/__main__.py`` is written.
"""

from app.cli import main

raise SystemExit(main())
