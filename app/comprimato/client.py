"""The Comprimato REST client: create, list, read and delete streams, safely.

Follows ``comprimato-api.md``: the raw API key in ``Authorization``, any 2xx for create,
both list shapes, connect and read timeouts on every request, TLS verification always on.

Retry rules, and why:

* ``GET`` and ``DELETE`` are idempotent: they are retried with exponential backoff (with
  jitter) on network errors, timeouts, a cut-short body, 429 and 502/503/504, at most
  ``max_attempts`` times in all.
* ``POST /streams`` is not idempotent: a repeat may make a second stream. It is retried
  only when the request provably never left this computer (connect error or timeout, no
  free pooled connection). Once it may have reached the server it is never repeated: a
  429 raises :class:`RateLimited` with the server's wait (the contract retries only GET
  and DELETE), and a broken or slow answer or any 5xx (a gateway's 502/504 may have
  forwarded it) raises :class:`CreateOutcomeUnknown`; the caller refreshes the list.
* ``Retry-After`` (seconds or an HTTP date) is honoured: a retry never comes sooner than
  the server asked. When it asks for longer than ``retry_after_cap``, the client does not
  wait at all and raises :class:`RateLimited` with the server's wait, so nothing hangs.

Which 404 means "no such stream" and which means "this API has no such endpoint": the
documentation promises only ``POST /streams``, so a 404 can come from a router that does
not know ``/streams/{id}`` at all. A 404 on one stream is :class:`StreamNotFound` when the
body is a JSON object and either its message names the stream (its id, or the word
"stream") or this client has already had a 2xx from a per-stream endpoint (the route
exists). Otherwise (an HTML or empty page, or a bare ``{"detail": "Not Found"}`` from a
route never seen working) it is :class:`FeatureUnavailable`: the window then keeps the
stream locally instead of treating it as deleted. 405 is always ``FeatureUnavailable``.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import functools
import importlib
import json
import logging
import os
import random
import re
import ssl
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Final, Literal
from urllib.parse import quote

import httpx

from .. import __version__, defaults
from ..errors import UsageError
from ..i18n import QT_TRANSLATE_NOOP, translate
from ..loopback import is_loopback
from .errors import (
    ApiKeyRejected,
    ApiKeyUnusable,
    ApiRedirected,
    ApiUrlInvalid,
    CertificateProblem,
    ClientClosed,
    ComprimatoError,
    CreateOutcomeUnknown,
    FeatureUnavailable,
    NetworkUnreachable,
    PlainHttpRefused,
    RateLimited,
    RequestTimedOut,
    ResponseNotUnderstood,
    ResponseTooLarge,
    ServerError,
    StreamNotFound,
)
from .models import Stream, parse_stream, parse_stream_list

log = logging.getLogger(__name__)

Method = Literal["GET", "POST", "DELETE"]

#: Statuses after which an idempotent request is worth repeating.
RETRYABLE_STATUSES: Final = frozenset({429, 502, 503, 504})
#: Redirects that are followed (within the API's origin) before giving up.
MAX_REDIRECTS: Final = 5
REDIRECT_STATUSES: Final = frozenset({301, 302, 303, 307, 308})
#: Longest server message shown to the user; the rest is cut.
DETAIL_LIMIT: Final = 200
#: Fields of an error body that may carry the server's sentence, in order of preference.
DETAIL_FIELDS: Final = ("message", "error", "detail")
#: Longest answer read, in bytes: a list of 10,000 streams is about 2 MiB.
MAX_RESPONSE_BYTES: Final = 32 * 1024 * 1024
#: Longest one attempt may take in all (connecting, sending, the whole answer), in seconds:
#: the read timeout alone would let an answer trickling a byte a second last forever.
REQUEST_DEADLINE: Final = 45.0
#: Ids that are URL dot-segments: the HTTP library removes them, so ``DELETE /streams/..``
#: would become ``DELETE /`` of the whole collection.
_DOT_SEGMENTS: Final = frozenset({".", ".."})


def tls_context() -> ssl.SSLContext:
    """The verifying TLS context every ``https://`` client shares.

    It trusts what the operating system trusts, so a company proxy's CA installed there
    works: on Windows and macOS the system's own verifier (``truststore``), on Linux the
    distribution's hashed CA folder, which OpenSSL searches as needed, or its CA bundle
    where there is no such folder. The CA file named by ``SSL_CERT_FILE`` (and folder
    ``SSL_CERT_DIR``) is trusted as well, as OpenSSL programs do. Certificate and host name
    checks are on; there is deliberately no way to turn them off. Reading a bundle takes
    20-30 ms: the first call belongs off the GUI thread.
    """
    return _tls_context_for(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


def load_transport(*, tls: bool) -> None:
    """Load what the first client and its first request would load on the event loop.

    httpx imports its transport (httpcore, h11) when a client is made and the asyncio
    backend (anyio) at the first connection: some 40 ms of imports in the middle of
    start-up. With ``tls``, the CAs are read too (``tls_context``). Call it in a worker
    thread. A module that a newer httpx no longer uses is simply not preloaded.
    """
    for name in ("httpcore", "h11", "anyio._backends._asyncio", "anyio.streams.tls"):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    if tls:
        tls_context()


#: Where Linux distributions keep their CA bundle, for an OpenSSL whose own default
#: location is missing (a bundled OpenSSL built elsewhere, say).
LINUX_CA_FILES: Final = (
    "/etc/ssl/certs/ca-certificates.crt",  # Debian, Ubuntu, Arch (also via p11-kit)
    "/etc/pki/tls/certs/ca-bundle.crt",  # Fedora, RHEL
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  # Fedora, RHEL (newer)
    "/etc/ssl/ca-bundle.pem",  # openSUSE
    "/etc/ssl/cert.pem",  # Alpine, BSDs, macOS
)


@functools.cache
def _tls_context_for(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """One context per pair of extra trust locations (the environment rarely changes)."""
    context: ssl.SSLContext
    if sys.platform in ("win32", "darwin"):
        import truststore

        context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    else:
        # Read once here: truststore's Linux path re-reads the bundle at every connection,
        # 20-30 ms on the event loop each time.
        # The system's own locations, whatever SSL_CERT_FILE says: that file is added to
        # them below, not put in their place.
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        defaults = ssl.get_default_verify_paths()
        if _is_hashed_folder(defaults.openssl_capath):
            # OpenSSL looks a CA up in a hashed folder when a chain needs it: nothing is
            # parsed now (the bundle's 140-odd CAs took some 30 ms of start-up).
            context.load_verify_locations(capath=defaults.openssl_capath)
        else:
            candidates = (defaults.openssl_cafile, *LINUX_CA_FILES)
            system_file = next((path for path in candidates if os.path.isfile(path)), None)
            if system_file is not None:
                context.load_verify_locations(cafile=system_file)
    # Elsewhere than Linux these become extra anchors of the system's verifier.
    if cert_file and os.path.isfile(cert_file):
        try:
            context.load_verify_locations(cafile=cert_file)
        except (OSError, ssl.SSLError):
            log.warning("SSL_CERT_FILE does not hold a readable PEM certificate; ignored")
    if cert_dir and os.path.isdir(cert_dir):
        context.load_verify_locations(capath=cert_dir)
    return context


def _is_hashed_folder(path: str) -> bool:
    """Whether ``path`` is a CA folder OpenSSL can search (``c_rehash`` names such as
    ``5ad8a5d6.0``; Debian's /etc/ssl/certs is one, Fedora's /etc/pki/tls/certs is not)."""
    try:
        with os.scandir(path) as entries:
            return any(_HASHED_NAME.fullmatch(entry.name) for entry in entries)
    except OSError:
        return False


_HASHED_NAME: Final = re.compile(r"[0-9a-f]{8}\.[0-9]+")


@functools.cache
def _plain_http_context() -> ssl.SSLContext:
    """The context of a client whose API is plain ``http://`` (the local sandbox).

    No request of such a client uses TLS (redirects never leave the API's origin), so the CA
    bundle (about 0.1 s and 2 MiB) would buy nothing. Verification stays required, with no
    trusted certificate at all: should TLS ever be attempted, it fails closed.
    """
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def certificate_failure(error: BaseException) -> ssl.SSLCertVerificationError | None:
    """The certificate verification failure behind a connection error, if that was it."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return cause
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return None


def decode_json_body(content: bytes) -> object:
    """Decode a response body as JSON; anything else is :class:`ResponseNotUnderstood`.

    Catches what ``json.loads`` can raise on hostile input: bad UTF-8, bad JSON (NaN and
    Infinity included), integers too long to convert (all ``ValueError``) and nesting too
    deep (``RecursionError``).
    """
    if not content.strip():
        raise ResponseNotUnderstood(translate("ComprimatoClient", "the answer was empty"))
    try:
        return json.loads(content, parse_constant=_reject_constant)
    except RecursionError:
        raise ResponseNotUnderstood(
            translate("ComprimatoClient", "the answer is nested too deeply")
        ) from None
    except ValueError:
        raise ResponseNotUnderstood(
            translate("ComprimatoClient", "the answer is not valid JSON")
        ) from None


def _reject_constant(name: str) -> object:
    """NaN and Infinity are not JSON; kept, they would make the local store unreadable."""
    raise ValueError(f"{name} is not valid JSON")


def error_detail(content: bytes, *, hide: str = "") -> str | None:
    """The server's own sentence from an error body, or ``None``.

    Only a JSON object's ``message``/``error``/``detail`` string counts (also
    ``{"error": {"message": ...}}``); an HTML page or plain text is never shown. ``hide``
    (the API key) is masked should a server echo it back.
    """
    try:
        payload = decode_json_body(content)
    except ResponseNotUnderstood:
        return None
    if not isinstance(payload, Mapping):
        return None
    for name in DETAIL_FIELDS:
        value = payload.get(name)
        if isinstance(value, Mapping):
            value = value.get("message")
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            if hide:
                text = text.replace(hide, "***")
            if len(text) > DETAIL_LIMIT:
                text = text[: DETAIL_LIMIT - 1] + "…"
            return text
    return None


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds or seconds == float("inf"):  # NaN or infinity: not a wait
        return None
    return max(0.0, seconds)


def _names_stream(content: bytes, stream_id: str) -> bool | None:
    """Whether a JSON-object 404 body speaks of this stream; ``None`` if not a JSON object."""
    try:
        payload = decode_json_body(content)
    except ResponseNotUnderstood:
        return None
    if not isinstance(payload, Mapping):
        return None
    words: list[str] = []
    for name in (*DETAIL_FIELDS, "code", "title", "type"):
        value = payload.get(name)
        if isinstance(value, Mapping):
            value = value.get("message")
        if isinstance(value, str):
            words.append(value.lower())
    text = " ".join(words)
    return stream_id.lower() in text or "stream" in text


@dataclass(frozen=True)
class _Answer:
    """A complete HTTP answer: status, headers and the whole body."""

    status: int
    headers: httpx.Headers
    body: bytes


class _Failed(Exception):
    """One attempt failed without an HTTP answer; ``sent`` says whether it may have left,
    ``retry`` whether another attempt could fare better."""

    def __init__(
        self, error: ComprimatoError, *, sent: bool, cause: str, retry: bool = True
    ) -> None:
        super().__init__(cause)
        self.error = error
        self.sent = sent
        self.cause = cause
        self.retry = retry


class ComprimatoClient:
    """Async client of the Comprimato REST API over one shared ``httpx.AsyncClient``.

    Args:
        api_url: the API base, e.g. ``https://api.comprimato.com/v1``.
        api_key: sent as-is in ``Authorization``; never logged, never in ``repr()``.
        http: a shared client to use (the caller closes it); by default the client makes
            its own with TLS verification on and no redirects followed.
        connect_timeout, read_timeout: seconds, applied to every request.
        max_attempts: tries per request in all, first one included.
        retry_after_cap: longest ``Retry-After`` the client waits for, in seconds.
        backoff_base: first backoff delay, in seconds; doubles each retry.
        request_deadline: longest one attempt may take in all, in seconds.
        max_response_bytes: longest answer read; a longer one is :class:`ResponseTooLarge`.

    Plain ``http://`` is refused (:class:`PlainHttpRefused`) unless the host is this
    computer: the key would cross the network in clear. A loopback API is never reached
    through a proxy (``HTTP_PROXY`` and the like are ignored for it).
    """

    def __init__(
        self,
        api_url: str,
        api_key: str,
        *,
        http: httpx.AsyncClient | None = None,
        connect_timeout: float = defaults.CONNECT_TIMEOUT,
        read_timeout: float = defaults.READ_TIMEOUT,
        max_attempts: int = 4,
        retry_after_cap: float = 30.0,
        backoff_base: float = 0.25,
        request_deadline: float = REQUEST_DEADLINE,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        base = api_url.strip().rstrip("/")
        try:
            parsed = httpx.URL(base)
        except (httpx.InvalidURL, TypeError, ValueError):
            raise ApiUrlInvalid(api_url) from None
        if parsed.scheme not in ("http", "https") or not parsed.host:
            raise ApiUrlInvalid(api_url)
        if parsed.port is not None and not 0 < parsed.port <= 65535:
            raise ApiUrlInvalid(api_url, port=parsed.port)
        loopback = is_loopback(parsed.host)
        if parsed.scheme == "http" and not loopback:
            raise PlainHttpRefused(parsed.host)
        key = api_key.strip()
        # Only visible ASCII: anything else would make the HTTP library raise an error
        # whose message quotes the header value, that is the key.
        if not key or not all("!" <= ch <= "~" for ch in key):
            raise ApiKeyUnusable()
        self._api_url = base
        self._host = parsed.host if parsed.port is None else f"{parsed.host}:{parsed.port}"
        self._api_key = key
        self._timeout = httpx.Timeout(
            connect=connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout
        )
        self._max_attempts = max(1, max_attempts)
        self._retry_after_cap = retry_after_cap
        self._backoff_base = backoff_base
        self._request_deadline = request_deadline
        self._max_response_bytes = max_response_bytes
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(
            verify=tls_context() if parsed.scheme == "https" else _plain_http_context(),
            follow_redirects=False,
            timeout=self._timeout,
            headers={"User-Agent": f"comprimato-companion/{__version__}"},
            # The environment's proxy (and .netrc) is for the network, never for this computer.
            trust_env=not loopback,
        )
        self._item_route_seen = False

    @property
    def api_url(self) -> str:
        return self._api_url

    def __repr__(self) -> str:
        return f"ComprimatoClient(api_url={self._api_url!r})"

    async def __aenter__(self) -> ComprimatoClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client if this object made it (a shared one stays open)."""
        if self._owns_http:
            await self._http.aclose()

    # --- the four operations ------------------------------------------------------------

    async def create_stream(self) -> Stream:
        """Create a stream (``POST /streams``, body ``{}``); see the module's retry rules."""
        answer = await self._request("POST", "/streams")
        self._raise_for_status(answer, QT_TRANSLATE_NOOP("ComprimatoClient", "creating streams"))
        try:
            return parse_stream(decode_json_body(answer.body))
        except ResponseNotUnderstood as error:
            # A 2xx means the stream may well exist: "not understood" would invite a retry.
            raise CreateOutcomeUnknown(error.why, answered=True) from None

    async def list_streams(self) -> list[Stream]:
        """All streams of the account; :class:`FeatureUnavailable` if the API cannot list."""
        answer = await self._request("GET", "/streams")
        self._raise_for_status(answer, QT_TRANSLATE_NOOP("ComprimatoClient", "listing streams"))
        return parse_stream_list(decode_json_body(answer.body))

    async def get_stream(self, stream_id: str) -> Stream:
        """One stream with its current status."""
        answer = await self._request("GET", self._item_path(stream_id))
        self._raise_for_status(
            answer, QT_TRANSLATE_NOOP("ComprimatoClient", "reading one stream"), stream_id=stream_id
        )
        return parse_stream(decode_json_body(answer.body))

    async def delete_stream(self, stream_id: str) -> None:
        """Delete a stream; its publisher, if any, is disconnected by Comprimato."""
        answer = await self._request("DELETE", self._item_path(stream_id))
        self._raise_for_status(
            answer, QT_TRANSLATE_NOOP("ComprimatoClient", "deleting streams"), stream_id=stream_id
        )

    # --- mechanics ----------------------------------------------------------------------

    @staticmethod
    def _item_path(stream_id: str) -> str:
        if not stream_id.strip():
            raise UsageError(
                translate("ComprimatoClient", "No stream id was given."),
                translate("ComprimatoClient", "Pass the id shown by `{command}`.").format(
                    command="streams list"
                ),
            )
        if stream_id in _DOT_SEGMENTS:
            raise UsageError(
                translate("ComprimatoClient", "{id} is not a stream id.").format(
                    id=repr(stream_id)
                ),
                translate("ComprimatoClient", "Pass the id shown by `{command}`.").format(
                    command="streams list"
                ),
            )
        return f"/streams/{quote(stream_id, safe='')}"

    def _raise_for_status(self, answer: _Answer, what: str, *, stream_id: str = "") -> None:
        """Turn a final, non-retried answer into a typed error; 2xx passes."""
        status = answer.status
        if 200 <= status < 300:
            if stream_id:
                self._item_route_seen = True
            return
        if status in (401, 403):
            raise ApiKeyRejected(status)
        if status == 404 and stream_id:
            speaks_of_stream = _names_stream(answer.body, stream_id)
            if speaks_of_stream or (speaks_of_stream is not None and self._item_route_seen):
                raise StreamNotFound(stream_id)
            raise FeatureUnavailable(what, status)
        if status in (404, 405):
            if what == "creating streams":  # the one documented endpoint: a wrong address
                raise ResponseNotUnderstood(
                    translate(
                        "ComprimatoClient", "HTTP {status}: no stream endpoint at this address"
                    ).format(status=status)
                )
            raise FeatureUnavailable(what, status)
        if status == 429:
            raise RateLimited(parse_retry_after(answer.headers.get("Retry-After")))
        raise ServerError(status, error_detail(answer.body, hide=self._api_key))

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter, so many clients do not retry in step."""
        delay: float = self._backoff_base * (2 ** (attempt - 1))
        return delay * random.uniform(0.5, 1.0)

    async def _request(self, method: Method, path: str) -> _Answer:
        """Send with the retry rules of the module docstring; returns the final answer."""
        creating = method == "POST"
        attempt = 0
        while True:
            attempt += 1
            last = attempt >= self._max_attempts
            try:
                answer = await self._send_within_deadline(method, path)
            except _Failed as failed:
                if creating and failed.sent:
                    raise CreateOutcomeUnknown(failed.cause) from failed.error
                if last or not failed.retry:
                    raise failed.error from None
                delay = self._backoff(attempt)
                log.debug("%s %s failed (%s); retry in %.2f s", method, path, failed.cause, delay)
                await asyncio.sleep(delay)
                continue
            status = answer.status
            if creating and status >= 500:
                raise CreateOutcomeUnknown(
                    translate("ComprimatoClient", "the server answered HTTP {status}").format(
                        status=status
                    )
                )
            if status not in RETRYABLE_STATUSES or creating:
                return answer
            wanted = parse_retry_after(answer.headers.get("Retry-After"))
            if wanted is not None and wanted > self._retry_after_cap:
                return answer  # the server wants longer than we wait: report it now
            if last:
                return answer
            delay = wanted if wanted is not None else self._backoff(attempt)
            log.debug("%s %s answered %d; retry in %.2f s", method, path, status, delay)
            await asyncio.sleep(delay)

    async def _send_within_deadline(self, method: Method, path: str) -> _Answer:
        """One attempt, cut off after the request deadline whatever its reads do."""
        try:
            async with asyncio.timeout(self._request_deadline):
                return await self._send_once(method, path)
        except TimeoutError:
            # Not retried: an answer that trickled this long would only trickle again, and
            # the caller has waited enough.
            raise _Failed(
                RequestTimedOut(self._host),
                sent=True,
                cause=QT_TRANSLATE_NOOP("ComprimatoClient", "the answer took too long"),
                retry=False,
            ) from None

    async def _send_once(self, method: Method, path: str) -> _Answer:
        """One HTTP exchange; a failure says whether the request may have left.

        Redirects within the API's own origin are followed (a router adding a trailing
        slash, say); one to another origin is refused, so the API key never leaves it.
        POST and DELETE follow only 307/308, which promise the same method was not done.
        """
        headers = {"Authorization": self._api_key, "Accept": "application/json"}
        content: bytes | None = None
        if method == "POST":
            headers["Content-Type"] = "application/json"
            content = b"{}"
        url = httpx.URL(self._api_url + path)
        for _hop in range(MAX_REDIRECTS + 1):
            response = await self._open(method, url, headers, content)
            location = response.headers.get("Location")
            if response.status_code not in REDIRECT_STATUSES or not location:
                break
            await response.aclose()
            try:
                target = url.join(location)
            except (httpx.InvalidURL, ValueError):
                raise ResponseNotUnderstood(
                    translate("ComprimatoClient", "a redirect to an unreadable address")
                ) from None
            if method != "GET" and response.status_code not in (307, 308):
                raise ApiRedirected(self._host, _origin(target))
            if _origin(target) != _origin(url):
                raise ApiRedirected(self._host, _origin(target))
            url = target
        else:
            raise ResponseNotUnderstood(
                translate("ComprimatoClient", "more than {count} redirects").format(
                    count=MAX_REDIRECTS
                )
            )
        try:
            body = await self._read_body(response)
        except httpx.TimeoutException:
            raise _Failed(
                RequestTimedOut(self._host),
                sent=True,
                cause=QT_TRANSLATE_NOOP("ComprimatoClient", "the answer stopped arriving"),
            ) from None
        except httpx.RequestError:
            raise _Failed(
                ResponseNotUnderstood(translate("ComprimatoClient", "the answer was cut short")),
                sent=True,
                cause=QT_TRANSLATE_NOOP("ComprimatoClient", "the answer was cut short"),
            ) from None
        finally:
            await response.aclose()
        log.debug("%s %s -> HTTP %d", method, path, response.status_code)
        return _Answer(response.status_code, response.headers, body)

    async def _read_body(self, response: httpx.Response) -> bytes:
        """The whole body, never more than ``max_response_bytes`` of it."""
        limit = self._max_response_bytes
        too_large = _Failed(
            ResponseTooLarge(self._host, max(1, limit // (1024 * 1024))),
            sent=True,
            cause=QT_TRANSLATE_NOOP("ComprimatoClient", "the answer was too large"),
            retry=False,
        )
        try:
            announced = int(response.headers.get("Content-Length", "0"))
        except ValueError:
            announced = 0
        if announced > limit:
            raise too_large
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise too_large
            chunks.append(chunk)
        return b"".join(chunks)

    async def _open(
        self, method: Method, url: httpx.URL, headers: dict[str, str], content: bytes | None
    ) -> httpx.Response:
        """Send one request and read its headers; the body is still to be read."""
        request = self._http.build_request(
            method, url, headers=headers, content=content, timeout=self._timeout
        )
        if self._http.is_closed:
            # httpx would raise a bare RuntimeError; nothing awaits between here and its check.
            raise ClientClosed()
        try:
            return await self._http.send(request, stream=True)
        except httpx.ConnectError as error:
            refused = certificate_failure(error)
            if refused is not None:  # not transient: never retried, and says what to do
                raise CertificateProblem.from_verification(self._host, refused) from None
            raise _Failed(
                NetworkUnreachable(self._host),
                sent=False,
                cause=QT_TRANSLATE_NOOP("ComprimatoClient", "no connection could be made"),
            ) from None
        except (httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ProxyError):
            raise _Failed(
                NetworkUnreachable(self._host),
                sent=False,
                cause=QT_TRANSLATE_NOOP("ComprimatoClient", "no connection could be made"),
            ) from None
        except httpx.UnsupportedProtocol:
            raise ApiUrlInvalid(self._api_url) from None
        except httpx.TimeoutException:
            raise _Failed(
                RequestTimedOut(self._host),
                sent=True,
                cause=QT_TRANSLATE_NOOP("ComprimatoClient", "no answer in time"),
            ) from None
        except httpx.TransportError:
            raise _Failed(
                NetworkUnreachable(self._host),
                sent=True,
                cause=QT_TRANSLATE_NOOP(
                    "ComprimatoClient", "the connection broke before an answer"
                ),
            ) from None


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    """Scheme, host and port: where a redirect may lead without the key leaving."""
    port = url.port or {"http": 80, "https": 443}.get(url.scheme)
    return (url.scheme, url.host, port)
