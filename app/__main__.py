"""``python -m app`` starts the same entry point as the ``comprimato-companion`` script."""

from .cli import main

raise SystemExit(main())
