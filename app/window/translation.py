"""The window's language: English or Czech, following the system unless Settings says.

Two Qt translators are installed, and the Qt-free core's ``app.i18n.translate`` is routed
through them: Qt's own (``qtbase_cs.qm``: the standard dialog buttons,
OK, Cancel, Close, ...) and the program's (``resources/translations/companion_cs.qm``,
compiled from ``companion_cs.ts``). English is the source language and needs neither.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

#: Languages with a translation (English is the source language).
TRANSLATED = ("cs",)
CATALOG = "companion"

_installed: list[QTranslator] = []


def saved_language() -> str:
    """The language chosen in Settings ("system" when none or unreadable): the
    preferences' ``starting_language``, read before the first widget exists."""
    from ..storage.preferences import starting_language

    return starting_language()


def resolve_language(choice: str, system: QLocale | None = None) -> str:
    """``"en"`` or ``"cs"``: the Settings choice, or the system's language for "system"."""
    if choice in ("en", *TRANSLATED):
        return choice
    locale = system if system is not None else QLocale.system()
    for name in locale.uiLanguages() or [locale.name()]:
        language = name.replace("_", "-").split("-")[0].lower()
        if language in TRANSLATED or language == "en":
            return language
    return "en"


def install_translators(app: QCoreApplication, choice: str = "system") -> str:
    """Install the translators for ``choice`` (removing earlier ones); returns the language.

    A missing catalog is logged and English stays: the window works either way.
    """
    from .. import i18n
    from ..resource_paths import resources_dir

    # The Qt-free core's sentences (errors, notices) go through the same catalogues.
    i18n.install(QCoreApplication.translate)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    language = resolve_language(choice)
    if language == "en":
        return language
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in ((f"qtbase_{language}", qt_folder),
                         (f"{CATALOG}_{language}", str(resources_dir() / "translations"))):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            log.warning("no %s translation %s in %s", language, name, folder)
    QLocale.setDefault(QLocale(language))
    return language


__all__ = ["CATALOG", "TRANSLATED", "install_translators", "resolve_language", "saved_language"]
