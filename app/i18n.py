"""Translatable text for the whole program, without importing Qt.

Every sentence a user reads is written as ``translate(context, source)``: a name Qt's
``pyside6-lupdate`` extracts from Python, so the catalogue in ``resources/translations``
lists them all. Until the window installs Qt's own translation function (``install``),
``translate`` gives the English source back, so the command line and the Qt-free core
behave exactly as before.

Values go in after translation, as named fields, so a translator can move them::

    translate("obs", "Cannot reach OBS at {address}.").format(address=address)

Text that must be written where no call can run yet (a table of labels at module level)
is marked with ``QT_TRANSLATE_NOOP`` (the name the extractor knows) and passed through
``translate`` where it is shown. The extractor reads only plain string literals given by
position: no f-strings, no keyword arguments (``tests/test_translation_coverage.py``
checks). It marks a plural (``%n``) only when the count is a literal number, so a count is
a ``{count}`` field in a sentence a translator can phrase without a plural form.
"""

from __future__ import annotations

from collections.abc import Callable

#: ``(context, source, disambiguation, n) -> text``: Qt's ``QCoreApplication.translate``.
Translator = Callable[[str, str, "str | None", int], str]

_installed: Translator | None = None


def translate(context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``source`` in the user's language; the English source when no catalogue is installed.

    Args:
        context: the group the text belongs to (a module or a dialog), as in the catalogue.
        source: the English text; ``{name}`` fields are filled in by the caller afterwards.
        disambiguation: tells apart two uses of the same English words.
        n: for a text with ``%n``, the count that picks the plural form.
    """
    if _installed is not None:
        return _installed(context, source, disambiguation, n)
    return source.replace("%n", str(n)) if n >= 0 else source


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Mark ``source`` for the catalogue without translating it now; returns it unchanged."""
    del context
    return source


def translate_marked(context: str, marked: str) -> str:
    """``translate`` for a text marked elsewhere with ``QT_TRANSLATE_NOOP`` (a table entry):
    a variable, so the extractor reads the mark rather than this call."""
    return translate(context, marked)


def install(translator: Translator | None) -> None:
    """Route ``translate`` through ``translator`` (Qt's), or back to English with ``None``."""
    global _installed
    _installed = translator


__all__ = ["QT_TRANSLATE_NOOP", "Translator", "install", "translate", "translate_marked"]
