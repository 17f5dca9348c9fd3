"""The frozen program's entry point: the same ``main`` as ``comprimato-companion``.

PyInstaller runs this file as ``__main__``; it exists so the bundle does not depend on
how the package's ``__main__`` is written.
"""

from comprimato_companion.cli import main

raise SystemExit(main())
