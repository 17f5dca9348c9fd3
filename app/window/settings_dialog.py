"""Settings: the Comprimato account and addresses, and how to reach OBS Studio.

Every field is checked as it is typed and explains itself next to the field; Save stays
disabled while something is wrong. The SRT ingest address and the player link template
are labelled as the assumptions they are. Secrets (API key, OBS password) are masked,
never pre-filled (the dialog is told only whether one is saved) and returned only when
the user typed a new one.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import defaults
from ..errors import UsageError
from ..i18n import QT_TRANSLATE_NOOP, translate, translate_marked
from ..obs.connection import parse_obsws_url
from ..storage.settings import Settings
from .theme import colors_for
from .welcome_dialog import add_reveal_action, muted

SECRETS_FILE_WARNING = QT_TRANSLATE_NOOP(
    "SettingsDialog",
    "Without a system keyring, the API key and OBS password are otherwise kept only until "
    "you quit. The file is plain text: anyone who can read your files or backups can read it.",
)

ASSUMPTION_NOTE = QT_TRANSLATE_NOOP(
    "SettingsDialog",
    "Comprimato does not document the SRT ingest address or the player link; the values "
    "here are assumptions. Change them if your account uses other addresses.",
)


@dataclass
class SettingsChanges:
    """What the dialog hands back.

    Attributes:
        settings: the edited settings (a new object; the original is not touched).
        api_key: a newly typed API key, or None when unchanged.
        obs_password: a newly typed (or pasted) OBS password, None when unchanged; ""
            means the user emptied it (OBS without a password).
    """

    settings: Settings
    api_key: str | None = field(repr=False)
    obs_password: str | None = field(repr=False)


# -- checks: a sentence for the user, or None when the value is fine -------------------


def check_api_url(text: str) -> str | None:
    """The API base URL must be an http(s) address."""
    parts = urlsplit(text.strip())
    if not text.strip():
        return translate("SettingsDialog", "Enter the API address, for example {example}.").format(
            example=defaults.API_URL
        )
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in text.strip():
        return translate(
            "SettingsDialog", "Enter the API address as https://host/path, for example {example}."
        ).format(example=defaults.API_URL)
    return _port_problem(parts.netloc)


def check_ingest_url(text: str) -> str | None:
    """The ingest must be ``srt://host:port``, without the streamer key."""
    value = text.strip()
    example = defaults.INGEST_URL
    if not value:
        return translate(
            "SettingsDialog", "Enter the SRT ingest address, for example {example}."
        ).format(example=example)
    parts = urlsplit(value)
    if parts.scheme != "srt" or not parts.hostname or " " in value:
        return translate(
            "SettingsDialog",
            "Enter the SRT ingest address as srt://host:port, for example {example}.",
        ).format(example=example)
    problem = _port_problem(parts.netloc)
    if problem:
        return problem
    if parts.port is None:
        return translate(
            "SettingsDialog", "Add the port after the host, for example {example}."
        ).format(example=example)
    if "streamid=" in parts.query:
        return translate(
            "SettingsDialog", "Leave out the streamid: the streamer key is added for each stream."
        )
    return None


def check_player_template(text: str) -> str | None:
    """The player link template must be an http(s) address containing ``{player_key}``."""
    value = text.strip()
    example = defaults.PLAYER_URL_TEMPLATE
    if not value:
        return translate(
            "SettingsDialog", "Enter the player link template, for example {example}."
        ).format(example=example)
    parts = urlsplit(value.replace("{player_key}", "key"))
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value:
        return translate(
            "SettingsDialog", "Enter the player link as an https:// address, for example {example}."
        ).format(example=example)
    if "{player_key}" not in value:
        return translate(
            "SettingsDialog", "Put {player_key} where the player key goes, for example {example}."
        ).format(player_key="{player_key}", example=example)
    return _port_problem(parts.netloc)


def check_obs_host(text: str) -> str | None:
    """A host name or IP address, nothing more."""
    value = text.strip()
    if not value:
        return translate(
            "SettingsDialog",
            "Enter the computer OBS runs on, for example localhost or 192.168.1.20.",
        )
    if "://" in value:
        return translate(
            "SettingsDialog",
            "Enter only the host here; paste a whole obsws:// address in the field below.",
        )
    if any(ch.isspace() for ch in value) or "/" in value:
        return translate(
            "SettingsDialog", "Enter a host name or an IP address, without spaces or slashes."
        )
    return None


def check_port(text: str) -> str | None:
    """A TCP port number."""
    value = text.strip()
    if not value.isascii() or not value.isdigit() or not 0 < int(value) < 65536:
        return translate(
            "SettingsDialog", "The port is a number from 1 to 65535 (OBS uses 4455 unless changed)."
        )
    return None


def _port_problem(netloc: str) -> str | None:
    try:
        port = urlsplit(f"//{netloc}").port
    except ValueError:
        port = 0
    if port == 0:
        return translate(
            "SettingsDialog", "The port after the host must be a number from 1 to 65535."
        )
    return None


class _CheckedField:
    """A line edit with its check and the message shown under it."""

    def __init__(self, edit: QLineEdit, check: Callable[[str], str | None], dialog: SettingsDialog):
        self.edit = edit
        self.check = check
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        self._dialog = dialog
        self._base_description = edit.accessibleDescription()
        edit.textChanged.connect(self.refresh)

    def problem(self) -> str | None:
        if not self.edit.isEnabled():
            return None
        return self.check(self.edit.text())

    def refresh(self) -> None:
        problem = self.problem()
        if problem:
            palette = self.message.palette()
            palette.setColor(QPalette.ColorRole.WindowText, colors_for(self.edit).error)
            self.message.setPalette(palette)
            self.message.setText(problem)
            self.edit.setAccessibleDescription(problem)
        else:
            self.message.clear()
            self.edit.setAccessibleDescription(self._base_description)
        holder = self.message.parentWidget()
        form = holder.layout() if holder is not None else None
        if isinstance(form, QFormLayout) and form.indexOf(self.message) >= 0:
            # A hidden row would still leave its spacing behind.
            form.setRowVisible(self.message, bool(problem))
        else:
            self.message.setVisible(bool(problem))
        self._dialog.update_save_button()


class SettingsDialog(QDialog):
    """The settings dialog; open it with ``run_dialog`` and read ``changes()`` on accept.

    Attributes:
        tabs: "Comprimato" and "OBS Studio".
        save_button: disabled while a field has a problem.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        has_api_key: bool,
        has_obs_password: bool,
        obs_summary: str,
        sandbox_mode: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self._original = settings
        self._obs_password_touched = False
        self._fields: list[_CheckedField] = []

        self.tabs = QTabWidget()
        self.tabs.addTab(
            self._comprimato_tab(settings, has_api_key, sandbox_mode), self.tr("&Comprimato")
        )
        self.tabs.addTab(
            self._obs_tab(settings, has_obs_password, obs_summary), self.tr("&OBS Studio")
        )

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save is not None
        self.save_button = save
        self.save_button.setText(self.tr("&Save"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(self._language_row(settings.language))
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

        for checked in self._fields:
            checked.refresh()
        self._connection_mode_changed()
        self.update_save_button()

    def _language_row(self, language: str) -> QHBoxLayout:
        """The window's language: the system's, English or Czech (used from the next start)."""
        self.language_box = QComboBox()
        for value, name in (
            ("system", self.tr("System language")),
            ("en", "English"),
            ("cs", "Čeština"),
        ):
            self.language_box.addItem(name, value)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(language)))
        label = QLabel(self.tr("&Language:"))
        label.setBuddy(self.language_box)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.language_box)
        row.addWidget(QLabel(self.tr("(used from the next start)")), 1)
        return row

    # -- the Comprimato tab ---------------------------------------------------------------

    def _comprimato_tab(self, settings: Settings, has_api_key: bool, sandbox: bool) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)

        if sandbox:
            note = QLabel(
                self.tr(
                    "You are trying the local sandbox. Enter your API key here to switch to "
                    "your Comprimato account; the addresses below belong to that account."
                )
            )
            note.setWordWrap(True)
            form.addRow(_with_icon(note, QStyle.StandardPixmap.SP_MessageBoxInformation))
        self.lan_box = QCheckBox(self.tr("Share the sandbox's player with phones on this &network"))
        self.lan_box.setChecked(settings.share_player_on_lan)
        self.lan_box.setToolTip(
            self.tr(
                "Serves the player pages and their video, read-only, on this computer's network "
                "address, and puts that address in the QR code. The API stays on this computer."
            )
        )
        form.addRow(self.lan_box)

        self.api_key_edit = QLineEdit()
        self.api_key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key_edit.setAccessibleName(self.tr("API key"))
        self.api_key_edit.setPlaceholderText(
            self.tr("Saved in the keyring; type a new key to replace it")
            if has_api_key
            else self.tr("Paste your Comprimato API key")
        )
        add_reveal_action(self.api_key_edit, self.tr("API key"))
        self._add_row(form, self.tr("API &key:"), self.api_key_edit)

        self.secrets_in_file_box = QCheckBox(
            self.tr("Keep secrets in a &file when no keyring works")
        )
        self.secrets_in_file_box.setChecked(settings.secrets_in_file)
        secrets_warning = translate_marked("SettingsDialog", SECRETS_FILE_WARNING)
        self.secrets_in_file_box.setAccessibleDescription(secrets_warning)
        secrets_note = QLabel(secrets_warning)
        secrets_note.setWordWrap(True)
        muted(secrets_note)
        secrets_box = QWidget()
        secrets_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        secrets_rows = QVBoxLayout(secrets_box)
        secrets_rows.setContentsMargins(0, 0, 0, 0)
        secrets_rows.setSpacing(2)
        secrets_rows.addWidget(self.secrets_in_file_box)
        secrets_rows.addWidget(secrets_note)
        form.addRow("", secrets_box)

        self.api_url_edit = self._url_edit(settings.api_url, self.tr("API address"))
        self._add_row(form, self.tr("API &address:"), self.api_url_edit, check_api_url)

        self.ingest_edit = self._url_edit(settings.ingest_url, self.tr("SRT ingest address"))
        self._add_row(form, self.tr("SRT &ingest:"), self.ingest_edit, check_ingest_url)

        self.player_edit = self._url_edit(
            settings.player_url_template, self.tr("Player link template")
        )
        self.player_edit.setToolTip(
            self.tr("{player_key} is replaced with each stream's player key.").format(
                player_key="{player_key}"
            )
        )
        self._add_row(form, self.tr("&Player link:"), self.player_edit, check_player_template)

        note = QLabel(translate_marked("SettingsDialog", ASSUMPTION_NOTE))
        note.setWordWrap(True)
        muted(note)
        self.restore_defaults_button = QPushButton(self.tr("Use &Default Addresses"))
        self.restore_defaults_button.setAccessibleDescription(
            self.tr("Puts the default API, ingest and player addresses back")
        )
        self.restore_defaults_button.clicked.connect(self._restore_default_addresses)
        note_box = QWidget()
        note_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        note_row = QVBoxLayout(note_box)
        note_row.setContentsMargins(0, 4, 0, 0)
        note_row.addWidget(note)
        note_row.addWidget(self.restore_defaults_button, 0, Qt.AlignmentFlag.AlignLeft)
        note_row.addStretch(1)
        form.addRow("", note_box)
        return page

    def _url_edit(self, value: str, name: str) -> QLineEdit:
        edit = QLineEdit(value)
        edit.setAccessibleName(name)
        edit.setInputMethodHints(Qt.InputMethodHint.ImhUrlCharactersOnly)
        edit.setCursorPosition(0)
        return edit

    def _add_row(
        self,
        form: QFormLayout | QGridLayout,
        label_text: str,
        edit: QLineEdit,
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        label = QLabel(label_text)
        label.setBuddy(edit)
        if isinstance(form, QFormLayout):
            form.addRow(label, edit)
        if check is not None:
            checked = _CheckedField(edit, check, self)
            self._fields.append(checked)
            if isinstance(form, QFormLayout):
                form.addRow("", checked.message)

    def _restore_default_addresses(self) -> None:
        self.api_url_edit.setText(defaults.API_URL)
        self.ingest_edit.setText(defaults.INGEST_URL)
        self.player_edit.setText(defaults.PLAYER_URL_TEMPLATE)

    # -- the OBS tab ------------------------------------------------------------------------

    def _obs_tab(self, settings: Settings, has_password: bool, summary: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)

        self.detect_radio = QRadioButton(self.tr("&Find OBS on this computer"))
        self.detect_radio.setAccessibleDescription(summary)
        self.manual_radio = QRadioButton(self.tr("Connect to this &address"))
        group = QButtonGroup(page)
        group.addButton(self.detect_radio)
        group.addButton(self.manual_radio)
        manual = settings.obs_host is not None
        (self.manual_radio if manual else self.detect_radio).setChecked(True)
        self.detect_radio.toggled.connect(self._connection_mode_changed)

        self.obs_summary_label = QLabel(summary)
        self.obs_summary_label.setWordWrap(True)
        self.obs_summary_label.setTextFormat(Qt.TextFormat.PlainText)
        muted(self.obs_summary_label)

        self.obs_host_edit = QLineEdit(settings.obs_host or defaults.OBS_HOST)
        self.obs_host_edit.setAccessibleName(self.tr("OBS host"))
        self.obs_port_edit = QLineEdit(str(settings.obs_port or defaults.OBS_PORT))
        self.obs_port_edit.setAccessibleName(self.tr("OBS WebSocket port"))
        self.obs_port_edit.setMaxLength(5)
        self.obs_port_edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.obs_port_edit.setMaximumWidth(90)
        self.obs_password_edit = QLineEdit()
        self.obs_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.obs_password_edit.setAccessibleName(self.tr("OBS WebSocket password"))
        self.obs_password_edit.setPlaceholderText(
            self.tr("Saved; type to replace it") if has_password else self.tr("No password")
        )
        add_reveal_action(self.obs_password_edit, self.tr("OBS password"))
        self.obs_password_edit.textEdited.connect(self._password_edited)

        self.obsws_edit = QLineEdit()
        self.obsws_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.obsws_edit.setAccessibleName(self.tr("OBS connect address"))
        self.obsws_edit.setAccessibleDescription(
            self.tr("Paste an obsws:// address to fill in host, port and password")
        )
        self.obsws_edit.setPlaceholderText("obsws://host:4455/password")
        self.obsws_message = QLabel()
        self.obsws_message.setWordWrap(True)
        self.obsws_message.setTextFormat(Qt.TextFormat.PlainText)
        self.obsws_message.hide()
        self.obsws_edit.textChanged.connect(self._obsws_pasted)

        grid = QGridLayout()
        grid.setContentsMargins(24, 0, 0, 0)
        host_label = QLabel(self.tr("&Host:"))
        host_label.setBuddy(self.obs_host_edit)
        port_label = QLabel(self.tr("P&ort:"))
        port_label.setBuddy(self.obs_port_edit)
        password_label = QLabel(self.tr("Pass&word:"))
        password_label.setBuddy(self.obs_password_edit)
        paste_label = QLabel(self.tr("Or &paste:"))
        paste_label.setBuddy(self.obsws_edit)
        host_row = QHBoxLayout()
        host_row.addWidget(self.obs_host_edit, 1)
        host_row.addWidget(port_label)
        host_row.addWidget(self.obs_port_edit)
        grid.addWidget(host_label, 0, 0)
        grid.addLayout(host_row, 0, 1)
        self._host_field = _CheckedField(self.obs_host_edit, check_obs_host, self)
        self._port_field = _CheckedField(self.obs_port_edit, check_port, self)
        self._fields += [self._host_field, self._port_field]
        grid.addWidget(self._host_field.message, 1, 1)
        grid.addWidget(self._port_field.message, 2, 1)
        grid.addWidget(password_label, 3, 0)
        grid.addWidget(self.obs_password_edit, 3, 1)
        grid.addWidget(paste_label, 4, 0)
        grid.addWidget(self.obsws_edit, 4, 1)
        grid.addWidget(self.obsws_message, 5, 1)
        paste_hint = QLabel(
            self.tr(
                "OBS shows this address as a QR code under Tools → WebSocket Server Settings "
                "→ Show Connect Info."
            )
        )
        paste_hint.setWordWrap(True)
        muted(paste_hint)
        grid.addWidget(paste_hint, 6, 1)
        grid.setColumnStretch(1, 1)
        self._manual_widgets: list[QWidget] = [
            host_label,
            self.obs_host_edit,
            port_label,
            self.obs_port_edit,
            password_label,
            self.obs_password_edit,
        ]

        self.send_automatically_box = QCheckBox(self.tr("Send a new stream to OBS a&utomatically"))
        self.send_automatically_box.setChecked(settings.send_to_obs_automatically)
        self.start_on_send_box = QCheckBox(self.tr("&Start streaming in OBS when sending"))
        self.start_on_send_box.setChecked(settings.start_streaming_on_send)
        self.dedicated_profile_box = QCheckBox(self.tr("Use a &dedicated OBS profile"))
        self.dedicated_profile_box.setChecked(settings.use_dedicated_obs_profile)
        profile_note = QLabel(
            self.tr(
                "Keeps your own OBS profile exactly as it is. A new profile starts with OBS's "
                "default output settings (encoder, bitrate): check them in OBS under "
                "Settings → Output."
            )
        )
        profile_note.setWordWrap(True)
        profile_note.setContentsMargins(24, 0, 0, 0)
        muted(profile_note)
        self.dedicated_profile_box.setAccessibleDescription(profile_note.text())

        layout.addWidget(self.detect_radio)
        summary_wrap = QHBoxLayout()
        summary_wrap.setContentsMargins(24, 0, 0, 6)
        summary_wrap.addWidget(self.obs_summary_label)
        layout.addLayout(summary_wrap)
        layout.addWidget(self.manual_radio)
        layout.addLayout(grid)
        layout.addSpacing(10)
        layout.addWidget(self.send_automatically_box)
        layout.addWidget(self.start_on_send_box)
        layout.addWidget(self.dedicated_profile_box)
        layout.addWidget(profile_note)
        layout.addStretch(1)

        order = [
            self.detect_radio,
            self.manual_radio,
            self.obs_host_edit,
            self.obs_port_edit,
            self.obs_password_edit,
            self.obsws_edit,
            self.send_automatically_box,
            self.start_on_send_box,
            self.dedicated_profile_box,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        return page

    def _connection_mode_changed(self) -> None:
        manual = self.manual_radio.isChecked()
        for widget in self._manual_widgets:
            widget.setEnabled(manual)
        self._host_field.refresh()
        self._port_field.refresh()

    def _password_edited(self, _text: str) -> None:
        self._obs_password_touched = True

    def _obsws_pasted(self, text: str) -> None:
        value = text.strip()
        if not value:
            self.obsws_message.hide()
            return
        try:
            info = parse_obsws_url(value)
        except UsageError:
            palette = self.obsws_message.palette()
            palette.setColor(QPalette.ColorRole.WindowText, colors_for(self).error)
            self.obsws_message.setPalette(palette)
            self.obsws_message.setText(
                self.tr(
                    "That is not an OBS connect address; it looks like "
                    "obsws://192.168.1.20:4455/password."
                )
            )
            self.obsws_message.show()
            return
        self.manual_radio.setChecked(True)
        self.obs_host_edit.setText(info.host)
        self.obs_port_edit.setText(str(info.port))
        self.obs_password_edit.setText(info.password or "")
        self._obs_password_touched = True
        palette = self.obsws_message.palette()
        palette.setColor(QPalette.ColorRole.WindowText, colors_for(self).ok)
        self.obsws_message.setPalette(palette)
        if info.password:
            filled = self.tr("Filled in {host}, port {port} and the password.")
        else:
            filled = self.tr("Filled in {host}, port {port}, no password.")
        self.obsws_message.setText(filled.format(host=info.host, port=info.port))
        self.obsws_message.show()
        # The pasted text holds the password: do not keep it around in a second field.
        self.obsws_edit.blockSignals(True)
        self.obsws_edit.clear()
        self.obsws_edit.blockSignals(False)

    # -- result -----------------------------------------------------------------------------

    def problems(self) -> list[str]:
        """The current problems, one sentence each (empty when everything is fine)."""
        return [p for p in (f.problem() for f in self._fields) if p]

    def update_save_button(self) -> None:
        """Save only when everything is fine; a warning sign on each tab with a problem."""
        if not hasattr(self, "save_button"):
            return  # still building the dialog
        self.save_button.setEnabled(not self.problems())
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            troubled = any(
                f.problem() for f in self._fields if page is not None and page.isAncestorOf(f.edit)
            )
            self.tabs.setTabIcon(index, warning if troubled else QIcon())
            self.tabs.setTabToolTip(
                index, self.tr("Something here needs fixing") if troubled else ""
            )

    def accept(self) -> None:
        if self.problems():
            for checked in self._fields:
                if checked.problem():
                    for index in range(self.tabs.count()):
                        page = self.tabs.widget(index)
                        if page is not None and page.isAncestorOf(checked.edit):
                            self.tabs.setCurrentIndex(index)
                    checked.edit.setFocus()
                    break
            return
        super().accept()

    def changes(self) -> SettingsChanges:
        """The settings as edited, and any newly typed secrets."""
        manual = self.manual_radio.isChecked()
        settings = dataclasses.replace(
            self._original,
            api_url=self.api_url_edit.text().strip().rstrip("/"),
            ingest_url=self.ingest_edit.text().strip(),
            player_url_template=self.player_edit.text().strip(),
            obs_host=self.obs_host_edit.text().strip() if manual else None,
            obs_port=int(self.obs_port_edit.text().strip()) if manual else None,
            use_dedicated_obs_profile=self.dedicated_profile_box.isChecked(),
            send_to_obs_automatically=self.send_automatically_box.isChecked(),
            start_streaming_on_send=self.start_on_send_box.isChecked(),
            secrets_in_file=self.secrets_in_file_box.isChecked(),
            share_player_on_lan=self.lan_box.isChecked(),
            language=str(self.language_box.currentData() or "system"),
        )
        api_key = self.api_key_edit.text().strip() or None
        obs_password = self.obs_password_edit.text() if self._obs_password_touched else None
        return SettingsChanges(settings=settings, api_key=api_key, obs_password=obs_password)


def _with_icon(label: QLabel, pixmap: QStyle.StandardPixmap) -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 6)
    picture = QLabel()
    size = label.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
    picture.setPixmap(label.style().standardIcon(pixmap).pixmap(size, size))
    row.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(label, 1)
    return holder
