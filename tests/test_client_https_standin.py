"""The client against an HTTPS server the sandbox's authors did not shape: TLS as users meet it.

The stand-in (``tests/support/https_standin.py``) answers as the documentation allows but
unlike the sandbox; its certificate comes from a private test CA. Requests are counted by
the stand-in, so retry rules are facts, not assumptions.
"""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from comprimato_companion.comprimato.client import ComprimatoClient, _tls_context_for, tls_context
from comprimato_companion.comprimato.errors import (
    ApiRedirected,
    CertificateProblem,
    CreateOutcomeUnknown,
    RequestTimedOut,
    ServerError,
    StreamNotFound,
)
from comprimato_companion.golive.view_state import AREA_LIST, FIX_NONE, FIX_SETTINGS, fix_for
from tests.support.https_standin import HttpsStandIn, Reply

ATTEMPTS = 3


@pytest.fixture
def standin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HttpsStandIn]:
    """A stand-in with a trusted certificate: its CA is named in ``SSL_CERT_FILE``."""
    with HttpsStandIn(tmp_path) as server:
        monkeypatch.setenv("SSL_CERT_FILE", str(server.ca_file))
        yield server


@pytest.fixture
async def client(standin: HttpsStandIn) -> AsyncIterator[ComprimatoClient]:
    async with ComprimatoClient(
        standin.api_url, standin.api_key, max_attempts=ATTEMPTS, backoff_base=0.01,
        read_timeout=1.0, connect_timeout=2.0, retry_after_cap=2.0,
    ) as api:
        yield api


# --- TLS ------------------------------------------------------------------------------------


async def test_a_ca_named_in_ssl_cert_file_is_trusted(client: ComprimatoClient) -> None:
    made = await client.create_stream()
    assert made.id


async def test_without_ssl_cert_file_the_test_ca_is_untrusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with HttpsStandIn(tmp_path) as server:
        monkeypatch.delenv("SSL_CERT_FILE", raising=False)
        async with ComprimatoClient(server.api_url, server.api_key) as api:
            with pytest.raises(CertificateProblem) as caught:
                await api.list_streams()
    assert caught.value.kind == "untrusted"
    assert server.state.count("GET", "/v1/streams") == 0  # nothing was sent


@pytest.mark.parametrize(
    ("cert", "kind", "words"),
    [
        ("untrusted", "untrusted", "SSL_CERT_FILE"),
        ("expired", "expired", "date and time"),
        ("wrong-host", "wrong-host", "API address"),
    ],
)
@pytest.mark.parametrize("operation", ["create", "list"])
async def test_a_certificate_problem_is_named_with_the_next_step_and_never_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cert: str, kind: str, words: str,
    operation: str,
) -> None:
    with HttpsStandIn(tmp_path, cert=cert) as server:
        monkeypatch.setenv("SSL_CERT_FILE", str(server.ca_file))
        async with ComprimatoClient(
            server.api_url, server.api_key, max_attempts=ATTEMPTS, backoff_base=0.01
        ) as api:
            call = api.create_stream if operation == "create" else api.list_streams
            with pytest.raises(CertificateProblem) as caught:
                await call()
        failures = server.state.wait_handshake_failures(1)
    error = caught.value
    assert error.kind == kind
    assert error.exit_code == 4
    assert "internet connection" not in str(error)  # the old, wrong advice
    assert words in error.next_step
    assert failures == 1  # one handshake: a certificate problem is not retried
    # The window offers Settings where the sentence sends the user there; a clock problem
    # is not fixed in Settings.
    assert fix_for(error) == (FIX_SETTINGS if "Settings" in error.next_step else FIX_NONE)
    assert fix_for(error) == (FIX_NONE if kind == "expired" else FIX_SETTINGS)


async def test_the_window_offers_settings_for_an_untrusted_certificate(
    tmp_path: Path, isolated_user_dirs: Path, monkeypatch: pytest.MonkeyPatch, closed_port: int
) -> None:
    """Real mode against a server whose CA is not trusted: the list's notice names the
    problem, and its button opens Settings (where the API address is)."""
    from comprimato_companion.golive.session import CompanionSession

    with HttpsStandIn(tmp_path) as server:
        monkeypatch.delenv("SSL_CERT_FILE", raising=False)
        env = {"COMPRIMATO_API_URL": server.api_url, "COMPRIMATO_API_KEY": server.api_key,
               "OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}"}
        session = CompanionSession(env=env)
        try:
            await session.start()
            with pytest.raises(CertificateProblem):
                await session.refresh()
            notice = session.state.notices[AREA_LIST]
        finally:
            await session.close()
    assert "not from an authority this computer trusts" in notice.message
    assert notice.fix == FIX_SETTINGS


def test_the_context_trusts_the_extra_file(
    standin: HttpsStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = tls_context()
    assert context.verify_mode.name == "CERT_REQUIRED" and context.check_hostname
    subjects = [dict(item[0] for item in ca["subject"]) for ca in context.get_ca_certs()]
    names = {subject.get("organizationName", "") for subject in subjects}
    assert any("trustme" in name for name in names)  # the SSL_CERT_FILE one
    monkeypatch.delenv("SSL_CERT_FILE")
    assert tls_context() is not context  # another environment, another context


_REAL_PATHS = ssl.get_default_verify_paths()


def _system_paths(cafile: Path, capath: Path) -> ssl.DefaultVerifyPaths:
    real = _REAL_PATHS
    return ssl.DefaultVerifyPaths(real.cafile, real.capath, real.openssl_cafile_env,
                                  str(cafile), real.openssl_capath_env, str(capath))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="OpenSSL's paths: Linux")
@pytest.mark.parametrize("layout", ["hashed folder", "bundle only"])
def test_a_ca_the_system_trusts_is_trusted_with_no_extra_file(
    standin: HttpsStandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    """The system's CAs as Debian (a hashed folder, searched when a chain needs a CA) and
    Fedora (a bundle file, read whole) keep them: the stand-in's CA stands in for one."""
    folder = tmp_path / "certs"
    folder.mkdir()
    bundle = tmp_path / "ca-bundle.crt"
    bundle.write_bytes(standin.ca_file.read_bytes())
    if layout == "hashed folder":
        subject_hash = subprocess.run(
            ["openssl", "x509", "-hash", "-noout", "-in", str(standin.ca_file)],
            capture_output=True, text=True, check=True, timeout=30,
        ).stdout.strip()
        (folder / f"{subject_hash}.0").write_bytes(standin.ca_file.read_bytes())
    # Debian has both the folder and the bundle; Fedora's folder is not hashed.
    monkeypatch.setattr(ssl, "get_default_verify_paths", lambda: _system_paths(bundle, folder))
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    monkeypatch.setattr("comprimato_companion.comprimato.client.LINUX_CA_FILES", ())
    _tls_context_for.cache_clear()  # one context per environment: this one is new
    try:
        if layout == "hashed folder":
            # The bundle is not parsed up front: OpenSSL reads a CA from the folder when
            # a chain needs it.
            assert tls_context().cert_store_stats()["x509_ca"] == 0
        # A TLS handshake that verifies the stand-in's chain against those paths alone.
        with httpx.Client(verify=tls_context(), timeout=10) as client:
            answer = client.get(standin.api_url + "/streams",
                                headers={"Authorization": standin.api_key})
        assert answer.status_code == 200
    finally:
        _tls_context_for.cache_clear()


def test_the_cli_exits_4_with_the_certificate_sentence(tmp_path: Path) -> None:
    with HttpsStandIn(tmp_path, cert="expired") as server:
        env = {**os.environ, "COMPRIMATO_API_URL": server.api_url,
               "COMPRIMATO_API_KEY": server.api_key, "SSL_CERT_FILE": str(server.ca_file)}
        done = subprocess.run(
            [sys.executable, "-m", "comprimato_companion",
             "streams", "list"], env=env, capture_output=True,
            text=True, timeout=60, check=False,
        )
    assert done.returncode == 4, done.stderr
    assert "certificate" in done.stderr and "expired" in done.stderr
    assert "Traceback" not in done.stderr


# --- answers the sandbox never gives --------------------------------------------------------


async def test_200_on_create_lower_case_states_extra_fields_and_a_wrapped_list(
    client: ComprimatoClient, standin: HttpsStandIn
) -> None:
    made = await client.create_stream()
    assert made.status == "stopped" and not made.is_running
    assert made.extra["region"] == "eu-central"
    standin.state.set_status(made.id, "running")
    assert (await client.get_stream(made.id)).is_running
    (listed,) = await client.list_streams()
    assert listed.id == made.id and listed.is_running
    await client.delete_stream(made.id)  # answered 200 with a body, not 204
    with pytest.raises(StreamNotFound):
        await client.get_stream(made.id)
    assert standin.state.count("POST", "/v1/streams") == 1


async def test_same_origin_redirects_are_followed_and_create_is_made_once(
    client: ComprimatoClient, standin: HttpsStandIn
) -> None:
    standin.state.slash_redirects = True
    made = await client.create_stream()
    assert await client.list_streams() == [made]
    assert standin.state.count("POST", "/v1/streams") == 1  # 308 answered, nothing made
    assert standin.state.count("POST", "/v1/streams/") == 1
    assert len(standin.state.streams) == 1


async def test_a_redirect_to_another_origin_is_refused_and_the_key_stays(
    client: ComprimatoClient, standin: HttpsStandIn
) -> None:
    standin.state.script("GET", "/v1/streams", Reply(
        302, b"", {"Location": f"http://127.0.0.1:{standin.port}/v1/streams"}))
    with pytest.raises(ApiRedirected) as caught:
        await client.list_streams()
    assert "http://127.0.0.1" in caught.value.message
    assert standin.api_key not in str(caught.value)


async def test_a_303_after_create_is_not_followed(
    client: ComprimatoClient, standin: HttpsStandIn
) -> None:
    standin.state.script("POST", "/v1/streams", Reply(303, b"", {"Location": "/v1/other"}))
    with pytest.raises(ApiRedirected):
        await client.create_stream()
    assert standin.state.count("GET", "/v1/other") == 0


async def test_a_body_that_trickles_in_is_read_whole(
    client: ComprimatoClient, standin: HttpsStandIn
) -> None:
    made = await client.create_stream()
    standin.state.script("GET", "/v1/streams", Reply(200, trickle=0.02, chunk=16))
    (listed,) = await client.list_streams()
    assert listed.id == made.id
    assert standin.state.count("GET", "/v1/streams") == 1


# --- retry rules, counted -------------------------------------------------------------------


async def test_gateway_errors_on_get_are_retried_until_an_answer(
    client: ComprimatoClient, standin: HttpsStandIn
) -> None:
    standin.state.script("GET", "/v1/streams", Reply(503), Reply(502))
    assert await client.list_streams() == []
    assert standin.state.count("GET", "/v1/streams") == 3


async def test_a_get_whose_body_stalls_is_retried_a_bounded_number_of_times(
    client: ComprimatoClient, standin: HttpsStandIn
) -> None:
    stalled = [Reply(200, stall_after=5, stall_seconds=2.0) for _ in range(ATTEMPTS)]
    standin.state.script("GET", "/v1/streams", *stalled)
    with pytest.raises(RequestTimedOut):
        await client.list_streams()
    assert standin.state.count("GET", "/v1/streams") == ATTEMPTS


async def test_a_dropped_get_is_retried(client: ComprimatoClient, standin: HttpsStandIn) -> None:
    standin.state.script("GET", "/v1/streams", Reply(drop=True))
    assert await client.list_streams() == []
    assert standin.state.count("GET", "/v1/streams") == 2


async def test_retry_after_zero_is_retried_at_once(
    client: ComprimatoClient, standin: HttpsStandIn
) -> None:
    standin.state.script("DELETE", "/v1/streams/x", Reply(429, headers={"Retry-After": "0"}))
    with pytest.raises(StreamNotFound):
        await client.delete_stream("x")
    assert standin.state.count("DELETE", "/v1/streams/x") == 2


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (Reply(503), CreateOutcomeUnknown),
        (Reply(drop=True), CreateOutcomeUnknown),
        (Reply(200, stall_after=10, stall_seconds=2.0), CreateOutcomeUnknown),
        (Reply(500, json.dumps({"message": "boom"}).encode()), CreateOutcomeUnknown),
        (Reply(400, json.dumps({"message": "bad"}).encode()), ServerError),
    ],
)
async def test_create_is_sent_exactly_once_whatever_comes_back(
    client: ComprimatoClient, standin: HttpsStandIn, reply: Reply, error: type[Exception]
) -> None:
    standin.state.script("POST", "/v1/streams", reply)
    with pytest.raises(error):
        await client.create_stream()
    assert standin.state.count("POST", "/v1/streams") == 1
