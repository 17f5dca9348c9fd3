"""The preferences owner: where each endpoint comes from, the settings in effect, the
secrets seen, and the language the window starts in."""

from __future__ import annotations

from pathlib import Path

from comprimato_companion import defaults
from comprimato_companion.storage.paths import config_dir
from comprimato_companion.storage.preferences import (
    Preferences,
    resolve_endpoints,
    starting_language,
)
from comprimato_companion.storage.settings import SETTINGS_FILE_NAME, Settings, SettingsFile


def test_each_endpoint_comes_from_the_flag_then_the_environment_then_the_settings() -> None:
    saved = Settings(api_url="https://saved/v1", ingest_url="srt://saved:1",
                     player_url_template="https://saved/{player_key}")
    env = {"COMPRIMATO_API_URL": "https://env/v1", "COMPRIMATO_INGEST_URL": "srt://env:2"}
    endpoints = resolve_endpoints(saved, env, ingest_url="srt://flag:3")
    assert endpoints.api_url == "https://env/v1"
    assert endpoints.ingest_url == "srt://flag:3"
    assert endpoints.player_url_template == "https://saved/{player_key}"
    blank = Settings(api_url="", ingest_url="", player_url_template="")
    fallback = resolve_endpoints(blank, {})
    assert fallback.api_url == defaults.API_URL
    assert fallback.ingest_url == defaults.INGEST_URL
    assert fallback.player_url_template == defaults.PLAYER_URL_TEMPLATE


async def test_saved_settings_are_the_ones_in_effect(tmp_path: Path) -> None:
    settings_file = SettingsFile(tmp_path / "settings.json")
    preferences = Preferences(settings_file, env={"COMPRIMATO_API_KEY": "key-from-env"})
    assert (await preferences.load()) == Settings()
    changed = Settings(ingest_url="srt://mine:9000", welcome_done=True)
    await preferences.save(changed)
    assert preferences.settings == changed == SettingsFile(settings_file.path).load()
    assert preferences.endpoints().ingest_url == "srt://mine:9000"
    assert preferences.api_key_from_env() == "key-from-env"
    assert "key-from-env" in preferences.seen_secrets  # kept out of error reports


def test_the_window_starts_in_the_saved_language() -> None:
    assert starting_language() == "system"  # no settings file yet
    path = config_dir() / SETTINGS_FILE_NAME
    SettingsFile(path).save(Settings(language="cs"))
    assert starting_language() == "cs"
    path.write_text("{not json")
    assert starting_language() == "system"


async def test_update_saves_then_returns_a_failed_secrets_step(tmp_path: Path) -> None:
    """The owner's half of the settings update: an address that may not be used saves
    nothing; a secrets step failing after the save is returned (the new settings are in
    effect and on disk), not raised."""
    import pytest

    from comprimato_companion.errors import UsageError
    from comprimato_companion.storage.atomic import StorageError
    from comprimato_companion.storage.secrets import SECRETS_FILE_NAME

    settings_file = SettingsFile(tmp_path / "settings.json")
    preferences = Preferences(settings_file)
    before = await preferences.load()
    with pytest.raises(UsageError):
        await preferences.update(Settings(api_url="http://10.9.9.9/v1"), obs_password=None)
    assert preferences.settings == before == SettingsFile(settings_file.path).load()
    (config_dir() / f"{SECRETS_FILE_NAME}.lock").mkdir(parents=True)  # the file is unwritable
    after = Settings(welcome_done=True, secrets_in_file=True)
    done = await preferences.update(after, obs_password="typed-in-settings")
    assert isinstance(done.failure, StorageError)
    assert done.old == before and done.obs_password_kept is None
    assert preferences.settings == after == SettingsFile(settings_file.path).load()
    assert "typed-in-settings" not in done.failure.message
