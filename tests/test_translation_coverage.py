"""Every marked text of the whole program, the Qt-free core included, has Czech.

``pyside6-lupdate`` runs over all of ``app/`` (the window's ``tr()`` and the core's
``comprimato_companion.i18n.translate``); each text it finds must have a finished Czech
translation that
keeps the text's ``{fields}``. A marking the extractor cannot read (an f-string, a keyword
argument) fails too, since it would silently stay English.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from comprimato_companion import i18n

ROOT = Path(__file__).resolve().parent.parent
CZECH_TS = ROOT / "resources" / "translations" / "companion_cs.ts"
TOOLS = Path(sys.executable).parent
FIELD = re.compile(r"\{[A-Za-z_]*\}")


def _messages(ts: Path) -> Iterator[tuple[str, str, ET.Element]]:
    for context in ET.parse(ts).getroot().iter("context"):  # noqa: S314 - our own file
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            yield name, message.findtext("source") or "", message


def _finished(message: ET.Element) -> list[str] | None:
    """The translation's text(s), or ``None`` when it is missing or unfinished."""
    translation = message.find("translation")
    if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
        return None
    forms = translation.findall("numerusform")
    texts = [form.text or "" for form in forms] if forms else [translation.text or ""]
    return texts if all(text.strip() for text in texts) else None


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _core_markings() -> tuple[set[tuple[str, str]], list[str]]:
    """``(context, text)`` of every ``translate``/``QT_TRANSLATE_NOOP`` call in ``app/``,
    and the places where a marking would be skipped by the extractor."""
    found: set[tuple[str, str]] = set()
    unreadable: list[str] = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        if path.name == "i18n.py":
            continue  # where they are defined, on variables
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if name in ("tr", "translate") and (
                node.keywords or any(isinstance(arg, ast.JoinedStr) for arg in node.args)
            ):
                unreadable.append(where)  # Qt's tr() too: an f-string is never in a catalogue
                continue
            core = name == "QT_TRANSLATE_NOOP" or (
                name == "translate"
                and (
                    isinstance(node.func, ast.Name)
                    or (isinstance(node.func.value, ast.Name) and node.func.value.id == "i18n")  # type: ignore[attr-defined]
                )
            )
            if not core:
                continue
            literal = [a.value for a in node.args[:2] if isinstance(a, ast.Constant)]
            if len(literal) < 2 or not all(isinstance(value, str) for value in literal):
                unreadable.append(where)
                continue
            found.add((str(literal[0]), str(literal[1])))
    return found, unreadable


def test_every_marking_is_one_the_extractor_reads() -> None:
    found, unreadable = _core_markings()
    assert unreadable == [], (
        "translate()/tr() need a literal context and text, by position (no f-string, no "
        f"keyword; use translate_marked for a text marked elsewhere): {unreadable}"
    )
    assert len(found) > 60  # the errors and the session's sentences are marked


def test_every_text_of_the_program_has_finished_czech(tmp_path: Path) -> None:
    extracted = tmp_path / "extracted.ts"
    done = subprocess.run(
        [
            str(TOOLS / "pyside6-lupdate"),
            "-locations",
            "none",
            "-extensions",
            "py",
            str(ROOT / "app"),
            "-ts",
            str(extracted),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    wanted = {(context, source) for context, source, _ in _messages(extracted)}
    core, _ = _core_markings()
    assert core <= wanted, f"marked but not extracted: {sorted(core - wanted)}"
    czech = {
        (context, source)
        for context, source, message in _messages(CZECH_TS)
        if _finished(message) is not None
    }
    missing = sorted(f"{context}: {source!r}" for context, source in wanted - czech)
    assert missing == [], f"{len(missing)} texts have no Czech in {CZECH_TS.name}:\n" + "\n".join(
        missing
    )


def test_czech_keeps_every_field_of_its_source() -> None:
    wrong = []
    for context, source, message in _messages(CZECH_TS):
        for text in _finished(message) or []:
            if sorted(FIELD.findall(text)) != sorted(FIELD.findall(source)):
                wrong.append(f"{context}: {source!r} -> {text!r}")
    assert wrong == [], "a translation must keep its source's {fields}:\n" + "\n".join(wrong)


@pytest.fixture
def czech(qapp: QApplication) -> Iterator[QApplication]:
    from comprimato_companion.window.translation import install_translators

    assert install_translators(qapp, "cs") == "cs"
    try:
        yield qapp
    finally:
        install_translators(qapp, "en")


def test_the_core_speaks_czech_once_the_window_does(czech: QApplication) -> None:
    from comprimato_companion.comprimato.errors import NetworkUnreachable
    from comprimato_companion.golive.errors import NoStreamSelected
    from comprimato_companion.obs.errors import ObsAuthFailed, ObsNotRunning

    assert ObsAuthFailed().message == "OBS odmítlo heslo k WebSocketu."
    refused = ObsNotRunning("127.0.0.1", 4455)
    assert "127.0.0.1:4455" in refused.message and refused.message.startswith("OBS neběží")
    assert NetworkUnreachable("api.example.com").message == (
        "Comprimato na adrese api.example.com není dostupné."
    )
    assert NoStreamSelected().next_step == "Vytvořte stream nebo vyberte některý ze seznamu."


def test_back_in_english_the_core_is_english_again(czech: QApplication) -> None:
    from comprimato_companion.obs.errors import ObsAuthFailed
    from comprimato_companion.window.translation import install_translators

    install_translators(czech, "en")
    assert ObsAuthFailed().message == "OBS rejected the WebSocket password."


def test_without_the_window_the_core_is_english() -> None:
    from comprimato_companion.obs.errors import ObsTimedOut

    i18n.install(None)
    assert ObsTimedOut("OBS", 2.5).message == "OBS did not answer within 2.5 s."
    assert i18n.translate("x", "%n streams", None, 3) == "3 streams"


#: Literal sentences in app/window that are not for translation: a bug report's version
#: line (read by us, in English), a proper name, a programming error's message, and the
#: second launch's line on the terminal (English, like the command line).
NOT_FOR_TRANSLATION = frozenset(
    {
        ", Python ",
        ", PySide6 ",
        ", Qt ",
        "OBS Studio",
        "unknown tray state ",
    }
)
#: What prints to the terminal speaks English, like the command line: the self-test, and
#: the start-up's lines (a second launch, ``--quit-when-ready``).
NOT_SCANNED = frozenset({"self_test.py", "__init__.py"})
#: Window modules whose own sentences are not all translated yet (none).
STILL_IN_ENGLISH: frozenset[str] = frozenset()
#: Calls whose string arguments are not shown as text (style sheets, names, logs).
QUIET_CALLS = frozenset(
    {
        "tr",
        "translate",
        "translate_marked",
        "QT_TRANSLATE_NOOP",
        "setObjectName",
        "setStyleSheet",
        "getLogger",
        "debug",
        "info",
        "warning",
        "error",
        "exception",
        "critical",
        "compile",
    }
)


def _untranslated_literals(path: Path) -> list[str]:
    """Sentence-like string literals in ``path`` outside any translation call."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        text = node.value
        if len(text.split()) < 2 or not any(c.isalpha() for c in text[:3]):
            continue  # a word, a key, a format: not a sentence
        if text in NOT_FOR_TRANSLATION or text.lstrip().startswith(("Q", "#", ";")):
            continue  # style sheet pieces start with a selector or a semicolon
        above = parents.get(node)
        quiet = False
        while above is not None and not isinstance(above, ast.FunctionDef | ast.ClassDef):
            if isinstance(above, ast.Expr) and isinstance(above.value, ast.Constant):
                quiet = True  # a docstring
                break
            if isinstance(above, ast.Call):
                func = above.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in QUIET_CALLS:
                    quiet = True
                    break
            above = parents.get(above)
        if not quiet:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text[:70]!r}")
    return found


def test_no_sentence_in_the_window_escapes_translation() -> None:
    found = [
        line
        for path in sorted((ROOT / "app" / "window").glob("*.py"))
        if path.name not in NOT_SCANNED | STILL_IN_ENGLISH
        for line in _untranslated_literals(path)
    ]
    assert found == [], "wrap these in tr()/translate() and translate them:\n" + "\n".join(found)
