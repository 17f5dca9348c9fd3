"""Czech is complete for every string the window marks for translation, and is used.

pyside6-lupdate reads every ``tr()``/``translate()`` string of the window; each must have
a finished Czech translation in ``resources/translations/companion_cs.ts``, and the
committed ``.qm`` must be the compiled ``.ts``.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from comprimato_companion.window.translation import install_translators, resolve_language

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
TOOLS = Path(sys.executable).parent


def _messages(ts: Path) -> dict[tuple[str, str], str | None]:
    found: dict[tuple[str, str], str | None] = {}
    for context in ET.parse(ts).getroot().iter("context"):  # noqa: S314 - our own file
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            finished = translation is not None and translation.get("type") not in (
                "unfinished", "vanished", "obsolete")
            text = translation.text if translation is not None and finished else None
            found[(name, message.findtext("source") or "")] = text or None
    return found


def test_every_window_string_has_a_czech_translation(tmp_path: Path) -> None:
    extracted = tmp_path / "extracted.ts"
    sources = sorted(str(path) for path in (ROOT / "app" / "window").glob("*.py"))
    done = subprocess.run(
        [str(TOOLS / "pyside6-lupdate"), *sources, "-ts", str(extracted)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    wanted = _messages(extracted)
    czech = _messages(TRANSLATIONS / "companion_cs.ts")
    assert len(wanted) >= 50
    missing = sorted(f"{context}: {source}" for context, source in wanted
                     if not czech.get((context, source)))
    assert missing == [], "no Czech for:\n" + "\n".join(missing)


def test_the_committed_catalog_is_the_compiled_ts(tmp_path: Path) -> None:
    compiled = tmp_path / "companion_cs.qm"
    subprocess.run(
        [str(TOOLS / "pyside6-lrelease"), str(TRANSLATIONS / "companion_cs.ts"), "-qm",
         str(compiled)], capture_output=True, timeout=120, check=True,
    )
    assert compiled.read_bytes() == (TRANSLATIONS / "companion_cs.qm").read_bytes()


@pytest.fixture
def czech(qapp: QApplication) -> Iterator[QApplication]:
    assert install_translators(qapp, "cs") == "cs"
    try:
        yield qapp
    finally:
        install_translators(qapp, "en")
        QLocale.setDefault(QLocale(QLocale.Language.English))


def test_czech_reaches_the_window_and_qts_own_buttons(czech: QApplication, qtbot: QtBot) -> None:
    from comprimato_companion.window.main_window import MainWindow

    assert QCoreApplication.translate("MainWindow", "&File") == "&Soubor"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel is not None and cancel.text().replace("&", "") == "Zrušit"  # qtbase_cs.qm
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.file_menu.title() == "&Soubor" and window.help_menu.title() == "&Nápověda"


def test_the_language_follows_the_system_unless_chosen() -> None:
    assert resolve_language("system", QLocale("cs_CZ")) == "cs"
    assert resolve_language("system", QLocale("de_DE")) == "en"
    assert resolve_language("en", QLocale("cs_CZ")) == "en"
    assert resolve_language("cs", QLocale("en_US")) == "cs"


def test_settings_offer_the_language(qtbot: QtBot) -> None:
    from comprimato_companion.storage.settings import Settings
    from comprimato_companion.window.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings(language="cs"), has_api_key=False, has_obs_password=False,
                            obs_summary="", sandbox_mode=True)
    qtbot.addWidget(dialog)
    assert dialog.language_box.currentData() == "cs"
    assert [dialog.language_box.itemData(i) for i in range(dialog.language_box.count())] == [
        "system", "en", "cs"]
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("en"))
    assert dialog.changes().settings.language == "en"
