"""SecretStore without a keyring (memory, the opt-in file) and with backends that fail."""

from __future__ import annotations

import json
import logging
import stat
from pathlib import Path

import pytest

from comprimato_companion.storage.atomic import StorageError
from comprimato_companion.storage.paths import config_dir
from comprimato_companion.storage.secrets import (
    LOCKED,
    NO_KEYRING,
    KeyringStatus,
    SecretLocation,
    SecretStore,
)

SECRET = "ck_live_7f3a9e1d2c"


def all_file_bytes(root: Path) -> list[tuple[Path, bytes]]:
    return [(p, p.read_bytes()) for p in root.rglob("*") if p.is_file()]


def test_without_a_keyring_secrets_stay_in_memory_only(
    isolated_user_dirs: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    store = SecretStore()
    status = store.status()
    assert status == KeyringStatus(available=False, backend="fail Keyring", problem=NO_KEYRING)
    assert store.get(SecretStore.API_KEY) is None
    assert store.set(SecretStore.API_KEY, SECRET) is SecretLocation.MEMORY
    assert store.get(SecretStore.API_KEY) == SECRET
    assert SecretStore().get(SecretStore.API_KEY) is None  # another process would not see it
    assert not any(SECRET.encode() in data for _, data in all_file_bytes(isolated_user_dirs))
    assert SECRET not in repr(store)
    assert SECRET not in caplog.text
    store.delete(SecretStore.API_KEY)
    assert store.get(SecretStore.API_KEY) is None


def test_the_file_is_used_only_when_the_user_chooses_it() -> None:
    store = SecretStore(use_file=True)
    assert store.file_path == config_dir() / "secrets.json"
    problem = store.status().problem
    assert problem is not None and str(store.file_path) in problem
    assert store.set(SecretStore.OBS_PASSWORD, SECRET) is SecretLocation.FILE
    assert stat.S_IMODE(store.file_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.file_path.parent.stat().st_mode) == 0o700
    document = json.loads(store.file_path.read_text())
    assert document == {"version": 1, "secrets": {"obs-password": SECRET}}

    assert SecretStore(use_file=True).get(SecretStore.OBS_PASSWORD) == SECRET
    assert SecretStore(use_file=False).get(SecretStore.OBS_PASSWORD) is None
    SecretStore(use_file=False).delete(SecretStore.OBS_PASSWORD)  # delete cleans the file anyway
    assert SecretStore(use_file=True).get(SecretStore.OBS_PASSWORD) is None


def test_corrupt_secrets_file_is_set_aside() -> None:
    store = SecretStore(use_file=True)
    store.file_path.parent.mkdir(parents=True)
    store.file_path.write_bytes(b"\x00garbage")
    assert store.get(SecretStore.API_KEY) is None
    assert store.notice is not None and "set aside" in store.notice
    assert len(list(store.file_path.parent.glob("secrets.json.corrupt-*"))) == 1
    assert store.set(SecretStore.API_KEY, SECRET) is SecretLocation.FILE
    assert SecretStore(use_file=True).get(SecretStore.API_KEY) == SECRET


def test_a_keyring_failing_on_use_falls_back_to_memory(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.support.keyring_fixtures.ExplodingKeyring")
    caplog.set_level(logging.DEBUG)
    store = SecretStore()
    assert store.status() == KeyringStatus(False, "keyring fixtures ExplodingKeyring", NO_KEYRING)
    assert store.set(SecretStore.API_KEY, SECRET) is SecretLocation.MEMORY
    assert store.get(SecretStore.API_KEY) == SECRET
    with pytest.raises(StorageError) as caught:
        store.delete(SecretStore.API_KEY)
    assert caught.value.next_step == NO_KEYRING
    assert store.get(SecretStore.API_KEY) is None  # gone from memory all the same
    assert SECRET not in caplog.text


def test_no_dbus_means_no_keyring(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.SecretService.Keyring")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-such-bus")
    store = SecretStore()
    status = store.status()
    assert not status.available and status.problem == NO_KEYRING
    assert store.set(SecretStore.API_KEY, SECRET) is SecretLocation.MEMORY


def test_unknown_backend_name_means_no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "no.such.Backend")
    status = SecretStore().status()
    assert not status.available and status.problem == NO_KEYRING


async def test_async_wrappers_run_the_same_calls() -> None:
    store = SecretStore()
    assert await store.aset(SecretStore.API_KEY, SECRET) is SecretLocation.MEMORY
    assert await store.aget(SecretStore.API_KEY) == SECRET
    assert (await store.astatus()).problem == NO_KEYRING
    await store.adelete(SecretStore.API_KEY)
    assert await store.aget(SecretStore.API_KEY) is None


def test_locked_sentence_is_plain() -> None:
    assert LOCKED == "Your system keyring is locked; unlock it and try again."


@pytest.mark.parametrize("backend", ["fail", "null"])
def test_a_keyring_turned_off_is_not_even_imported(tmp_path: Path, backend: str) -> None:
    # keyring and its plugin lookup hold MiBs for the life of the window: not when it is off.
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from comprimato_companion.storage.secrets import SecretStore\n"
        "store = SecretStore()\n"
        "assert store.get(SecretStore.OBS_PASSWORD) is None\n"
        "print(store.status().backend, 'keyring' in sys.modules)\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
        "PYTHON_KEYRING_BACKEND": f"keyring.backends.{backend}.Keyring",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [backend, "Keyring", "False"]
