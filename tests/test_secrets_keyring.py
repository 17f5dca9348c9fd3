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
from comprimato_companion.storage.secret_service import helper_worthwhile
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
from comprimato_companion.storage import secret_service
from comprimato_companion.storage.secrets import SecretStore
if "--ahead" in sys.argv:  # as the window does, before it loads Qt
    secret_service.read_ahead(SecretStore().service, SecretStore.API_KEY)
value = SecretStore().get(SecretStore.API_KEY)
print(value)
print("keyring loaded" if "keyring.core" in sys.modules else "keyring not loaded")
print("read here" if "secretstorage" in sys.modules else "read beside")
"""


def _read_fresh(*, backend: str | None, one_cpu: bool = False, ahead: bool = False) -> list[str]:
    """Read the API key in a fresh process: keyring detects its backend, as for a user,
    unless ``backend`` names one. It says what it loaded: keyring, and the Secret Service
    client (not loaded when a helper process read the key beside it)."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("PYTHON_KEYRING_BACKEND", None)
    if backend is not None:
        env["PYTHON_KEYRING_BACKEND"] = backend
    script = READ_AND_SAY_IF_KEYRING_LOADED
    if one_cpu:
        script = "import os\nos.sched_setaffinity(0, {min(os.sched_getaffinity(0))})\n" + script
    result = subprocess.run(
        [sys.executable, "-c", script, *(["--ahead"] if ahead else [])],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=60, check=True,
    )
    return result.stdout.strip().splitlines()


TWO_CPUS = pytest.mark.skipif(not helper_worthwhile(),
                              reason="the helper process is used with 2 or more CPUs")


def test_a_saved_key_is_read_straight_from_the_secret_service(
    secret_service: SecretServiceSession,
) -> None:
    """Saved through keyring, read back without loading keyring at all (its backend
    detection costs about 0.1 s of start-up), and the same value keyring reads."""
    assert SecretStore().set(SecretStore.API_KEY, SECRET) is SecretLocation.KEYRING
    assert _read_fresh(backend=None) == [SECRET, "keyring not loaded", "read here"]
    # Read ahead (as the window does) with a second CPU: a helper process reads it.
    expected_place = "read beside" if helper_worthwhile() else "read here"
    assert _read_fresh(backend=None, ahead=True) == [SECRET, "keyring not loaded", expected_place]
    # With one CPU a helper would only add a Python start: read in the program itself.
    assert _read_fresh(backend=None, one_cpu=True, ahead=True) == [
        SECRET, "keyring not loaded", "read here"
    ]
    # A backend named by the user is keyring's business: it is loaded, and agrees.
    named = "keyring.backends.SecretService.Keyring"
    assert _read_fresh(backend=named, ahead=True)[:2] == [SECRET, "keyring loaded"]
    # So is an entry the Secret Service does not hold: keyring is asked (nothing found).
    SecretStore().delete(SecretStore.API_KEY)
    assert _read_fresh(backend=None, ahead=True)[:2] == ["None", "keyring loaded"]


def _helper_running(command: list[str], monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Helpers run ``command`` (with the real helper's arguments after it); returns the
    list of entries helpers were started for."""
    from comprimato_companion.storage import secret_service as quick_read

    launched: list[list[str]] = []

    def helper_command(service: str, name: str) -> list[str]:
        launched.append([service, name])
        return [*command, str(REPO), service, name]

    monkeypatch.setattr(quick_read, "_helper_command", helper_command)
    return launched


def _real_helper_after(prefix: str) -> list[str]:
    """The real helper's program, with ``prefix`` run first."""
    from comprimato_companion.storage import secret_service as quick_read

    return [sys.executable, "-I", "-c", prefix + quick_read._HELPER_SCRIPT]


@TWO_CPUS
@pytest.mark.parametrize(
    ("helper", "timeout"),
    [
        pytest.param(["/nonexistent/python"], None, id="cannot-start"),
        pytest.param([sys.executable, "-c", "raise SystemExit(9)"], None, id="fails"),
        pytest.param([sys.executable, "-c", "import os; os.write(3, b'?')"], None,
                     id="garbles"),
        pytest.param([sys.executable, "-c", "import time; time.sleep(60)"], 0.5, id="hangs"),
    ],
)
def test_a_helper_that_gives_no_answer_loses_nothing(
    secret_service: SecretServiceSession,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    helper: list[str],
    timeout: float | None,
) -> None:
    """A helper that cannot start, fails, answers nonsense or hangs still gives the saved
    key: read in the program itself, or (after the time limit) by keyring. No secret in
    the log."""
    from comprimato_companion.storage import secret_service as quick_read

    assert SecretStore().set(SecretStore.API_KEY, SECRET) is SecretLocation.KEYRING
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
    launched = _helper_running(helper, monkeypatch)
    if timeout is not None:
        monkeypatch.setattr(quick_read, "HELPER_TIMEOUT", timeout)
    caplog.set_level("DEBUG")
    store = SecretStore()
    quick_read.read_ahead(store.service, store.API_KEY)
    assert store.get(SecretStore.API_KEY) == SECRET
    assert launched == [[store.service, SecretStore.API_KEY]]
    if timeout is not None:
        assert "did not answer" in caplog.text
    assert SECRET not in caplog.text
    assert quick_read._ahead == {}


@TWO_CPUS
def test_a_helper_that_lingers_after_answering_is_not_waited_for(
    secret_service: SecretServiceSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answer counts once its pipe closes; the helper is stopped then, not awaited."""
    from comprimato_companion.storage import secret_service as quick_read

    monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
    lingering = ("import os, time; os.write(3, b'1' + os.environ['SECRET'].encode()); "
                 "os.close(3); time.sleep(60)")
    monkeypatch.setenv("SECRET", SECRET)
    _helper_running([sys.executable, "-c", lingering], monkeypatch)
    quick_read.read_ahead("some-service", "api-key")
    pid = quick_read._ahead[("some-service", "api-key")]._pid
    assert quick_read.read("some-service", "api-key") == SECRET
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # stopped and reaped, not left sleeping


@TWO_CPUS
def test_an_answer_collected_long_after_it_came_is_still_taken(
    secret_service: SecretServiceSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The session may collect the key long after the helper answered (a slow start, a
    suspended laptop): the answer waiting in the pipe is taken, whatever the time limit."""
    import select

    from comprimato_companion.storage import secret_service as quick_read

    assert SecretStore().set(SecretStore.API_KEY, SECRET) is SecretLocation.KEYRING
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
    quick_read.read_ahead(SecretStore().service, SecretStore.API_KEY)
    helper = quick_read._ahead[(SecretStore().service, SecretStore.API_KEY)]
    answered = select.poll()
    answered.register(helper._answers, select.POLLHUP)
    assert answered.poll(30_000), "the helper never answered"
    monkeypatch.setattr(quick_read, "HELPER_TIMEOUT", 0.0)

    def not_here(service: str, name: str) -> str | None:
        raise AssertionError("read in this process, not taken from the helper")

    monkeypatch.setattr(quick_read, "read_here", not_here)
    assert quick_read.read(SecretStore().service, SecretStore.API_KEY) == SECRET


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


@TWO_CPUS
def test_what_the_helpers_python_prints_never_ends_up_in_the_secret(
    secret_service: SecretServiceSession, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Whatever the helper's Python prints (a site hook, say) stays out of the secret: the
    answer has a pipe of its own."""
    from comprimato_companion.storage import secret_service as quick_read

    assert SecretStore().set(SecretStore.API_KEY, SECRET) is SecretLocation.KEYRING
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
    printed = tmp_path / "printed"
    noise = f"print('hello from a site hook'); open({str(printed)!r}, 'w').close()\n"
    _helper_running(_real_helper_after(noise), monkeypatch)

    def not_here(service: str, name: str) -> str | None:
        raise AssertionError("read in this process, not by the helper")

    monkeypatch.setattr(quick_read, "read_here", not_here)
    quick_read.read_ahead(SecretStore().service, SecretStore.API_KEY)
    assert SecretStore().get(SecretStore.API_KEY) == SECRET
    assert printed.exists()  # the noise was made


READ_AHEAD_THEN_READ = """
import sys
from comprimato_companion import DIST_NAME
from comprimato_companion.storage import secret_service
from comprimato_companion.storage.secrets import SecretStore

secret_service.read_ahead(DIST_NAME, SecretStore.API_KEY)

def no_second_helper(*args):
    raise AssertionError("a second helper was started")

secret_service._Helper.start = no_second_helper
print(SecretStore().get(SecretStore.API_KEY))
print("read here" if "secretstorage" in sys.modules else "read beside")
print(SecretStore().get(SecretStore.API_KEY))
print("read here" if "secretstorage" in sys.modules else "read beside")
"""


@TWO_CPUS
def test_a_key_read_ahead_is_collected_by_the_first_read(
    secret_service: SecretServiceSession,
) -> None:
    """The window starts the API key's helper before it loads Qt; the session's first read
    collects that helper's answer. Later reads (a retry, Settings) happen in the program:
    a Python start for each would cost more than it saves."""
    assert SecretStore().set(SecretStore.API_KEY, SECRET) is SecretLocation.KEYRING
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("PYTHON_KEYRING_BACKEND", None)
    result = subprocess.run(
        [sys.executable, "-c", READ_AHEAD_THEN_READ],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=60, check=True,
    )
    assert result.stdout.splitlines() == [SECRET, "read beside", SECRET, "read here"]


READ_AHEAD_AND_LEAVE = """
import os, sys
from comprimato_companion.storage import secret_service
secret_service._helper_command = lambda service, name: [
    sys.executable, "-c", "import time; time.sleep(60)"]
secret_service.read_ahead("some-service", "api-key")
print(secret_service._ahead[("some-service", "api-key")]._pid)
"""


@TWO_CPUS
def test_a_helper_nobody_asks_is_stopped_at_exit(isolated_user_dirs: Path) -> None:
    """A read ahead that is never collected (the window handed over to one already open,
    say) does not outlive the program."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("PYTHON_KEYRING_BACKEND", None)
    done = subprocess.run([sys.executable, "-c", READ_AHEAD_AND_LEAVE], capture_output=True,
                          text=True, cwd=REPO, env=env, timeout=60, check=True)
    pid = int(done.stdout.strip())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # stopped at exit: not left sleeping, not a zombie


@pytest.mark.parametrize(("sandbox", "key_in_env", "reads_ahead"),
                         [(False, False, True), (False, True, False), (True, False, False)])
def test_the_window_reads_the_api_key_ahead_only_when_it_will_need_it(
    monkeypatch: pytest.MonkeyPatch, sandbox: bool, key_in_env: bool, reads_ahead: bool
) -> None:
    """Real mode with no key in COMPRIMATO_API_KEY: the saved key is read ahead. The
    sandbox makes its own key; a key from the environment wins over the keyring."""
    import argparse

    import comprimato_companion.cli
    from comprimato_companion.storage import secret_service as quick_read

    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(quick_read, "read_ahead", lambda *entry: asked.append(entry))
    if key_in_env:
        monkeypatch.setenv("COMPRIMATO_API_KEY", "from-the-environment")
    else:
        monkeypatch.delenv("COMPRIMATO_API_KEY", raising=False)
    monkeypatch.setattr("comprimato_companion.window.run_window", lambda args, after_first_paint: 0)
    args = argparse.Namespace(sandbox=sandbox, quit_after_startup=False, debug=False)
    assert comprimato_companion.cli._open_window(args) == 0
    assert asked == ([("comprimato-companion", "api-key")] if reads_ahead else [])
