"""What the PyInstaller bundle keeps and leaves out, as plain data the spec and tests share.

PySide6's hooks collect every plugin of each plugin type a Qt module uses (all image
formats, every platform, the TLS backends, ...). The window needs a handful of them: the
lists below name them, and ``keep_binary`` drops the rest together with the Qt libraries
only those dropped plugins load. Kept plugins are named by file stem without the ``lib``
prefix, so one list serves Linux (``libqxcb.so``), Windows (``qwindows.dll``) and macOS
(``libqcocoa.dylib``).
"""

from __future__ import annotations

import plistlib
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent

#: plugin type -> the plugins kept (``None``: all of that type). Types not listed are dropped.
QT_PLUGINS_KEPT: dict[str, frozenset[str] | None] = {
    # A desktop session (X11, Wayland, Windows, macOS) plus offscreen for --self-test.
    "platforms": frozenset({"qxcb", "qwayland", "qwindows", "qcocoa", "qoffscreen"}),
    "xcbglintegrations": None,
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": None,
    "wayland-shell-integration": None,
    # SVG icons and the app icon; PNG is built into QtGui.
    "imageformats": frozenset({"qsvg"}),
    "iconengines": frozenset({"qsvgicon"}),
    # Native file dialogs through the XDG portal (Flatpak, GNOME, KDE). The GTK theme plugin
    # is left out: it would drag GTK and its whole library tree into the bundle.
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    # Dead keys and input methods while typing an API key or a stream name.
    "platforminputcontexts": frozenset(
        {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}
    ),
    # The native look on Windows 10/11 and macOS.
    "styles": frozenset({"qmodernwindowsstyle", "qwindowsvistastyle", "qmacstyle"}),
}

#: Qt libraries reached only through dropped plugins or modules (PDF image format, virtual
#: keyboard, QML tooling). Matched against the library file's stem, any platform's spelling.
QT_LIBRARIES_DROPPED = (
    "Qt6Pdf",
    "Qt6VirtualKeyboard",
    "Qt6Quick",
    "Qt6Qml",
    "Qt6Sql",
    "Qt6PrintSupport",
    "Qt6WaylandCompositor",
)

#: Qt's own translations the bundle keeps: the languages the program speaks besides English
#: (English needs no file). ``qt_cs`` only points at ``qtbase_cs``; the other 90-odd files
#: (7 MiB) translate Qt modules or languages the program does not use.
QT_TRANSLATIONS_KEPT = frozenset({"qt_cs", "qtbase_cs"})

#: Python modules never needed at run time, however they are reached.
EXCLUDED_MODULES = [
    "tkinter",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtUiTools",
    "PySide6.QtPrintSupport",
    "PySide6.QtConcurrent",
    "PySide6.QtXml",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtMultimedia",
    "PySide6.Qt3DCore",
    "PySide6.QtCharts",
    # The single-instance socket uses Python's own; QtNetwork would add 4 MiB of libraries.
    "PySide6.QtNetwork",
    # Test tools that live in the same virtual environment (pygments: pytest's, 4 MiB).
    "pygments",
    "pytest",
    "_pytest",
    "hypothesis",
    "zxingcpp",
]


def _plugin_parts(dest: str) -> tuple[str, str] | None:
    """``(plugin type, plugin stem)`` when ``dest`` is a Qt plugin inside the bundle."""
    parts = PurePath(dest.replace("\\", "/")).parts
    if "plugins" not in parts:
        return None
    at = parts.index("plugins")
    if at == 0 or parts[at - 1] != "Qt" or len(parts) < at + 3:
        return None
    plugin_type = "/".join(parts[at + 1 : -1])
    return plugin_type, _stem(parts[-1])


def _stem(file_name: str) -> str:
    stem = file_name.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep_binary(dest: str) -> bool:
    """Whether a binary (or data file) bound for ``dest`` inside the bundle belongs in it."""
    parts = PurePath(dest.replace("\\", "/")).parts
    if parts[:2] == ("resources", "licences") and parts[-1] != "components.json":
        return False  # the rendered THIRD-PARTY-NOTICES.txt holds these texts
    is_qt = "PySide6" in parts or "Qt" in parts
    if is_qt and len(parts) >= 2 and parts[-2] == "translations" and parts[-1].endswith(".qm"):
        return parts[-1][: -len(".qm")] in QT_TRANSLATIONS_KEPT
    plugin = _plugin_parts(dest)
    if plugin is not None:
        plugin_type, stem = plugin
        if plugin_type not in QT_PLUGINS_KEPT:
            return False
        kept = QT_PLUGINS_KEPT[plugin_type]
        return kept is None or stem in kept
    # libQt6Quick.so.6 (Linux), Qt6Quick.dll (Windows), QtQuick.framework/.../QtQuick (macOS)
    stem = _stem(PurePath(dest.replace("\\", "/")).name)
    if stem.startswith("Qt") and not stem.startswith("Qt6"):
        stem = "Qt6" + stem[2:]
    return not stem.startswith(QT_LIBRARIES_DROPPED)


def macos_info_plist(version: str) -> dict[str, Any]:
    """The macOS bundle's Info.plist entries: the committed file plus the one version."""
    with (PACKAGING / "macos" / "Info.plist").open("rb") as handle:
        entries: dict[str, Any] = plistlib.load(handle)
    entries["CFBundleShortVersionString"] = version
    entries["CFBundleVersion"] = version
    return entries


def numeric_version(version: str) -> tuple[int, int, int, int]:
    """``"1.2.3rc1"`` -> ``(1, 2, 3, 0)``: Windows version resources take four numbers."""
    numbers: list[int] = []
    for part in version.split(".")[:4]:
        digits = ""
        for char in part:
            if not char.isdigit():
                break
            digits += char
        numbers.append(int(digits or 0))
        if digits != part:
            break
    numbers += [0] * (4 - len(numbers))
    return numbers[0], numbers[1], numbers[2], numbers[3]


def windows_version_info(version: str, *, app_name: str, dist_name: str) -> str:
    """The executable's version resource, in PyInstaller's ``VSVersionInfo`` notation."""
    numbers = numeric_version(version)
    strings = {
        "CompanyName": "Comprimato",
        "FileDescription": app_name,
        "FileVersion": version,
        "InternalName": dist_name,
        "OriginalFilename": f"{dist_name}.exe",
        "ProductName": app_name,
        "ProductVersion": version,
    }
    table = ",\n          ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3F, flags=0x0,
                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
          {table}])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])]),
  ],
)
"""


def linux_libsrt() -> list[tuple[str, str]]:
    """libsrt from the build machine, for the sandbox's SRT ingest on Linux.

    The sandbox loads libsrt with ctypes, which PyInstaller cannot see; shipping it lets
    ``--sandbox`` go live where no libsrt is installed. PyInstaller's ctypes hook finds the
    copy at the top of the bundle when the system has none.
    """
    import ctypes.util
    import glob

    if ctypes.util.find_library("srt") is None:
        return []
    for folder in ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64",
                   "/usr/lib", "/usr/local/lib"):
        for pattern in ("libsrt-openssl.so.1.5*", "libsrt.so.1.5*", "libsrt-gnutls.so.1.5*"):
            found = sorted(glob.glob(f"{folder}/{pattern}"))
            if found:
                return [(found[0], ".")]
    return []


def without_dangling_links(
    entries: list[tuple[str, str, str]], kept: list[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """``entries`` less the symbolic links whose target is not in ``kept``.

    PyInstaller adds a top-level link for each shared library it moves into a package
    folder; once the library itself is dropped the link would dangle in the bundle.
    """
    present = {PurePath(dest.replace("\\", "/")) for dest, _, kind in kept if kind != "SYMLINK"}

    def target(dest: str, source: str) -> PurePath:
        parts: list[str] = list(PurePath(dest.replace("\\", "/")).parent.parts)
        for part in PurePath(source.replace("\\", "/")).parts:
            if part == "..":
                parts.pop()
            elif part != ".":
                parts.append(part)
        return PurePath(*parts)

    return [
        entry
        for entry in entries
        if entry[2] != "SYMLINK" or target(entry[0], entry[1]) in present
    ]


def reachable_only(
    entries: list[tuple[str, str, str]], needed: Callable[[str], list[str]]
) -> list[tuple[str, str, str]]:
    """The binaries that something in the bundle loads; the rest are left behind.

    Dropping a Qt plugin leaves the libraries it alone linked (the GTK theme brings GTK,
    cairo, pango, ...). Starting from what is loaded by name (Python extensions, kept Qt
    plugins, libpython, libsrt), this follows each library's link-time ``needed`` names
    and keeps what it reaches.

    Args:
        entries: PyInstaller TOC entries ``(dest, source, typecode)``.
        needed: the file names a library links against, given its source path.
    """
    by_name: dict[str, list[tuple[str, str, str]]] = {}
    for entry in entries:
        by_name.setdefault(PurePath(entry[0]).name, []).append(entry)

    def is_root(entry: tuple[str, str, str]) -> bool:
        name = PurePath(entry[0]).name
        return (
            entry[2] == "EXTENSION"
            or _plugin_parts(entry[0]) is not None
            or name.startswith(("libpython", "libsrt"))
        )

    kept: set[tuple[str, str, str]] = set()
    pending = [entry for entry in entries if is_root(entry)]
    while pending:
        entry = pending.pop()
        if entry in kept:
            continue
        kept.add(entry)
        for name in needed(entry[1]):
            pending.extend(by_name.get(PurePath(name).name, []))
    return [entry for entry in entries if entry in kept]
