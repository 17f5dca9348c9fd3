"""SecretStore against a real Secret Service: gnome-keyring-daemon on a private D-Bus bus."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from comprimato_companion.storage.atomic import StorageError
from comprimato_companion.storage.paths import config_dir
from comprimato_companion.storage.secrets import LOCKED, SecretLocation, SecretsLocked, SecretStore
from tests.support.keyring_fixtures import SecretServiceSession

REPO = Path(__file__).resolve().parents[1]
SECRET = "ck_live_5b2e8f0a4d91"

READ_IN_ANOTHER_PROCESS = """
from comprimato_companion.storage.secrets import SecretStore
print(SecretStore().get(SecretStore.API_KEY))
"""


def read_in_another_process() -> str:
    result = subprocess.run(
        [sys.executable, "-c", READ_IN_ANOTHER_PROCESS],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_round_trip_through_the_system_keyring(secret_service: SecretServiceSession) -> None:
    store = SecretStore()
    status = store.status()
    assert status.available and status.problem is None
    assert status.backend == "SecretService Keyring"

    assert store.set(SecretStore.API_KEY, SECRET) is SecretLocation.KEYRING
    assert store.get(SecretStore.API_KEY) == SECRET
    assert SecretStore().get(SecretStore.API_KEY) == SECRET
    assert read_in_another_process() == SECRET  # it lives in the daemon, not this process

    # gnome-keyring stores it encrypted: no file under HOME holds it in plain text.
    assert (secret_service.keyrings_dir / "login.keyring").stat().st_size > 0
    assert secret_service.files_containing(SECRET.encode()) == []
    assert not (config_dir() / "secrets.json").exists()

    store.delete(SecretStore.API_KEY)
    assert store.get(SecretStore.API_KEY) is None
    assert read_in_another_process() == "None"
    store.delete(SecretStore.API_KEY)  # deleting what is not there is fine


def test_keyring_wins_over_the_file_and_removes_the_plain_copy(
    secret_service: SecretServiceSession,
) -> None:
    filed = SecretStore(use_file=True)
    filed.file_path.parent.mkdir(parents=True)
    filed.file_path.write_text('{"version": 1, "secrets": {"api-key": "old"}}')
    assert filed.set(SecretStore.API_KEY, SECRET) is SecretLocation.KEYRING
    assert "old" not in filed.file_path.read_text()
    assert secret_service.files_containing(SECRET.encode()) == []


async def test_async_wrappers_with_the_system_keyring(
    secret_service: SecretServiceSession,
) -> None:
    store = SecretStore()
    assert await store.aset(SecretStore.OBS_PASSWORD, SECRET) is SecretLocation.KEYRING
    assert await store.aget(SecretStore.OBS_PASSWORD) == SECRET
    assert (await store.astatus()).available
    await store.adelete(SecretStore.OBS_PASSWORD)
    assert await store.aget(SecretStore.OBS_PASSWORD) is None


def test_locked_keyring_is_reported_and_the_key_kept_for_the_session(
    secret_service: SecretServiceSession, caplog: pytest.LogCaptureFixture
) -> None:
    store = SecretStore()
    assert store.set(SecretStore.API_KEY, "saved-earlier") is SecretLocation.KEYRING
    secret_service.lock_default_collection()

    # keyring's SecretService backend leaves its D-Bus connection to the garbage collector
    # when the collection stays locked; collect it here, where that is expected.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        status = store.status()
        assert not status.available
        assert status.problem == LOCKED
        assert store.set(SecretStore.API_KEY, SECRET) is SecretLocation.MEMORY
        assert store.get(SecretStore.API_KEY) == SECRET
        with pytest.raises(StorageError) as caught:
            store.delete(SecretStore.API_KEY)
        assert caught.value.next_step == LOCKED
        del caught
        gc.collect()
    assert SECRET not in caplog.text and "saved-earlier" not in caplog.text


READ_AND_SAY_IF_KEYRING_LOADED = """
import sys
from comprimato_companion.storage.secrets import SecretStore
value = SecretStore().get(SecretStore.API_KEY)
print(value)
print("keyring loaded" if "keyring.core" in sys.modules else "keyring not loaded")
"""


def _read_fresh(*, backend: str | None) -> list[str]:
    """Read the API key in a fresh process: keyring detects its backend, as for a user,
    unless ``backend`` names one."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("PYTHON_KEYRING_BACKEND", None)
    if backend is not None:
        env["PYTHON_KEYRING_BACKEND"] = backend
    result = subprocess.run(
        [sys.executable, "-c", READ_AND_SAY_IF_KEYRING_LOADED],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=60, check=True,
    )
    return result.stdout.strip().splitlines()


def test_a_saved_key_is_read_straight_from_the_secret_service(
    secret_service: SecretServiceSession,
) -> None:
    """Saved through keyring, read back without loading keyring at all (its backend
    detection costs about 0.1 s of start-up), and the same value keyring reads."""
    assert SecretStore().set(SecretStore.API_KEY, SECRET) is SecretLocation.KEYRING
    assert _read_fresh(backend=None) == [SECRET, "keyring not loaded"]
    # A backend named by the user is keyring's business: it is loaded, and agrees.
    named = "keyring.backends.SecretService.Keyring"
    assert _read_fresh(backend=named) == [SECRET, "keyring loaded"]
    # So is an entry the Secret Service does not hold: keyring is asked (nothing found).
    SecretStore().delete(SecretStore.API_KEY)
    assert _read_fresh(backend=None) == ["None", "keyring loaded"]


def test_a_locked_collection_is_left_to_keyring(
    secret_service: SecretServiceSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No prompt from the quick read: a locked keyring is reported exactly as before."""
    assert SecretStore().set(SecretStore.API_KEY, SECRET) is SecretLocation.KEYRING
    secret_service.lock_default_collection()
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
    # keyring's backend leaves its D-Bus connection to the garbage collector when the
    # collection stays locked (the quick read closes its own).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        with pytest.raises(SecretsLocked):
            SecretStore().get(SecretStore.API_KEY)
        gc.collect()
    secret_service.unlock_default_collection()
    assert SecretStore().get(SecretStore.API_KEY) == SECRET
