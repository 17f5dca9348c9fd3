"""Typed errors of the Comprimato API, each with the sentence and next step a user needs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from ..errors import CompanionError, ExitCode
from ..i18n import QT_TRANSLATE_NOOP, translate, translate_marked
from ..program_command import command_line

if TYPE_CHECKING:
    import ssl


class ComprimatoError(CompanionError):
    """Any failure talking to Comprimato."""

    exit_code = ExitCode.COMPRIMATO


class ApiKeyRejected(ComprimatoError):
    """401 or 403: the API key is wrong, revoked or missing."""

    exit_code = ExitCode.API_KEY_REJECTED

    def __init__(self, status: int) -> None:
        super().__init__(
            translate("ComprimatoError", "Comprimato rejected the API key (HTTP {status}).").format(
                status=status
            ),
            translate(
                "ComprimatoError", "Enter a valid API key in Settings, or set COMPRIMATO_API_KEY."
            ),
        )
        self.status = status


class StreamNotFound(ComprimatoError):
    """404 on one stream: it was deleted, or belongs to another account."""

    #: Not a Comprimato or network failure: the id names nothing (a typo, or deleted).
    exit_code = ExitCode.OTHER

    def __init__(self, stream_id: str) -> None:
        super().__init__(
            translate("ComprimatoError", "Comprimato has no stream {stream_id}.").format(
                stream_id=stream_id
            ),
            translate(
                "ComprimatoError",
                "Check the id with '{command}' (its first 8 characters are enough), or "
                "create a new stream.",
            ).format(command=command_line("streams list")),
        )
        self.stream_id = stream_id


class FeatureUnavailable(ComprimatoError):
    """404/405 on an endpoint the documentation does not promise (list, get, delete)."""

    def __init__(self, what: str, status: int) -> None:
        super().__init__(
            translate(
                "ComprimatoError", "This Comprimato API does not offer {what} (HTTP {status})."
            ).format(what=translate_marked("ComprimatoClient", what), status=status),
            translate("ComprimatoError", "Your streams are still kept on this computer."),
        )
        self.what = what
        self.status = status


class RateLimited(ComprimatoError):
    """429 that outlived the retries; ``retry_after`` is the server's wait, in seconds."""

    def __init__(self, retry_after: float | None) -> None:
        if retry_after:
            wait = translate("ComprimatoError", "Wait for {seconds} s and try again.").format(
                seconds=f"{retry_after:.0f}"
            )
        else:
            wait = translate("ComprimatoError", "Wait and try again.")
        super().__init__(
            translate("ComprimatoError", "Comprimato is limiting requests right now."), wait
        )
        self.retry_after = retry_after


class ServerError(ComprimatoError):
    """Any other HTTP error status, with the server's own message when it gave one."""

    def __init__(self, status: int, detail: str | None = None) -> None:
        if detail:
            message = translate(
                "ComprimatoError", "Comprimato answered with an error (HTTP {status}): {detail}."
            ).format(status=status, detail=detail.rstrip("."))  # the server's own full stop
        else:
            message = translate(
                "ComprimatoError", "Comprimato answered with an error (HTTP {status})."
            ).format(status=status)
        super().__init__(
            message,
            translate(
                "ComprimatoError",
                "Try again in a moment; if it persists, check Comprimato's status page.",
            ),
        )
        self.status = status
        self.detail = detail


class NetworkUnreachable(ComprimatoError):
    """No connection could be made (DNS, refused, reset before an answer)."""

    def __init__(self, host: str) -> None:
        if _on_this_computer(host):  # no internet involved: a local sandbox is not running
            super().__init__(
                translate(
                    "ComprimatoError",
                    "Nothing answers at {host}: the sandbox (or other server) at that address "
                    "on this computer is not running.",
                ).format(host=host),
                translate(
                    "ComprimatoError",
                    "Start the sandbox with {command} (it prints the address and key to use), "
                    "choose 'Try it with the sandbox' in the window, or correct the API address.",
                ).format(command=f"`{command_line('sandbox')}`"),
            )
        else:
            super().__init__(
                translate("ComprimatoError", "Cannot reach Comprimato at {host}.").format(
                    host=host
                ),
                translate(
                    "ComprimatoError",
                    "Check your internet connection and the API address in Settings.",
                ),
            )
        self.host = host


def _on_this_computer(host: str) -> bool:
    """Whether ``host`` (``name``, ``name:port``, ``::1:port`` as httpx gives it) is here."""
    from ..loopback import is_loopback

    return is_loopback(host) or is_loopback(host.rpartition(":")[0])


#: OpenSSL's verification codes (``X509_V_ERR_*``) for each kind of certificate problem.
_EXPIRED_CODES: Final = frozenset({10})
_NOT_YET_VALID_CODES: Final = frozenset({9})
_WRONG_HOST_CODES: Final = frozenset({62, 64})
_UNTRUSTED_CODES: Final = frozenset({2, 18, 19, 20, 21, 27})


class CertificateProblem(ComprimatoError):
    """TLS refused the server's certificate: nothing was sent, and retrying cannot help.

    Attributes:
        host: the address connected to.
        kind: ``"untrusted"``, ``"expired"``, ``"not-yet-valid"``, ``"wrong-host"`` or
            ``"other"``.
    """

    _SENTENCES: Final = {
        "untrusted": (
            QT_TRANSLATE_NOOP(
                "ComprimatoError",
                "The certificate of {host} is not from an authority this computer trusts.",
            ),
            QT_TRANSLATE_NOOP(
                "ComprimatoError",
                "Behind a company proxy? Add its CA certificate to the system (or name it in "
                "SSL_CERT_FILE); otherwise check the API address in Settings.",
            ),
        ),
        "expired": (
            QT_TRANSLATE_NOOP("ComprimatoError", "The certificate of {host} has expired."),
            QT_TRANSLATE_NOOP(
                "ComprimatoError",
                "Check this computer's date and time; if they are right, the server must renew it.",
            ),
        ),
        "not-yet-valid": (
            QT_TRANSLATE_NOOP("ComprimatoError", "The certificate of {host} is not valid yet."),
            QT_TRANSLATE_NOOP("ComprimatoError", "Check this computer's date and time."),
        ),
        "wrong-host": (
            QT_TRANSLATE_NOOP(
                "ComprimatoError", "The certificate at {host} was made for another address."
            ),
            QT_TRANSLATE_NOOP(
                "ComprimatoError",
                "Check the API address in Settings; a proxy in the way can also cause this.",
            ),
        ),
        "other": (
            QT_TRANSLATE_NOOP(
                "ComprimatoError", "The certificate of {host} was refused ({detail})."
            ),
            QT_TRANSLATE_NOOP(
                "ComprimatoError",
                "Check the API address in Settings and this computer's date and time.",
            ),
        ),
    }

    def __init__(self, host: str, kind: str, detail: str = "") -> None:
        message, next_step = self._SENTENCES.get(kind, self._SENTENCES["other"])
        super().__init__(
            translate_marked("ComprimatoError", message).format(
                host=host, detail=detail or translate("ComprimatoError", "unknown reason")
            ),
            translate_marked("ComprimatoError", next_step),
        )
        self.host = host
        self.kind = kind

    @classmethod
    def from_verification(
        cls, host: str, failure: ssl.SSLCertVerificationError
    ) -> CertificateProblem:
        """Name the problem from OpenSSL's code or, on other verifiers, their sentence."""
        code = getattr(failure, "verify_code", None)
        text = str(getattr(failure, "verify_message", "") or failure).lower()
        if code in _EXPIRED_CODES or "expired" in text:
            kind = "expired"
        elif code in _NOT_YET_VALID_CODES or "not yet valid" in text:
            kind = "not-yet-valid"
        elif code in _WRONG_HOST_CODES or "mismatch" in text or "match" in text:
            kind = "wrong-host"
        elif code in _UNTRUSTED_CODES or "issuer" in text or "self-signed" in text or (
            "self signed" in text or "untrusted" in text or "not trusted" in text
        ):
            kind = "untrusted"
        else:
            kind = "other"
        detail = str(getattr(failure, "verify_message", "") or "")[:120]
        return cls(host, kind, detail)


class RequestTimedOut(ComprimatoError):
    """Connected, but no complete answer within the read timeout."""

    def __init__(self, host: str) -> None:
        super().__init__(
            translate("ComprimatoError", "Comprimato at {host} did not answer in time.").format(
                host=host
            ),
            translate(
                "ComprimatoError", "Try again; if it keeps happening, check your connection."
            ),
        )
        self.host = host


class ClientClosed(ComprimatoError):
    """A request after the client was closed: the program is quitting or changing accounts."""

    def __init__(self) -> None:
        super().__init__(
            translate(
                "ComprimatoError",
                "This connection to Comprimato was closed (the program is quitting or "
                "changing accounts), so nothing was sent.",
            ),
            translate("ComprimatoError", "Try again once the program is ready."),
        )


class ResponseNotUnderstood(ComprimatoError):
    """A 2xx answer whose body is not what the API documents."""

    def __init__(self, why: str) -> None:
        super().__init__(
            translate("ComprimatoError", "Comprimato's answer was not understood ({why}).").format(
                why=why
            ),
            translate(
                "ComprimatoError", "Check that the API address in Settings points to Comprimato."
            ),
        )
        self.why = why


class CreateOutcomeUnknown(ComprimatoError):
    """A create request may have reached the server but no answer came back.

    It is never retried (a retry could make a second stream). The user is told, and the
    stream list is refreshed so a stream made anyway is not lost.
    """

    def __init__(self, cause: str, *, answered: bool = False) -> None:
        if answered:
            message = translate(
                "ComprimatoError",
                "The create request was sent, but its answer could not be read ({cause}).",
            )
        else:
            message = translate(
                "ComprimatoError", "The create request was sent, but no answer came back ({cause})."
            )
        super().__init__(
            message.format(cause=translate_marked("ComprimatoClient", cause)),
            translate(
                "ComprimatoError",
                "It was not repeated, to avoid a duplicate; refresh your streams to see "
                "whether it was made.",
            ),
        )
        self.cause = cause


class ApiKeyUnusable(ComprimatoError):
    """The API key cannot even be sent: empty, or characters an HTTP header cannot carry.

    Caught before any request, so the key never reaches an HTTP library's error message.
    """

    exit_code = ExitCode.API_KEY_REJECTED

    def __init__(self) -> None:
        super().__init__(
            translate(
                "ComprimatoError",
                "The API key is empty or contains characters that cannot be sent "
                "(spaces, line breaks or non-ASCII letters).",
            ),
            translate(
                "ComprimatoError",
                "Copy the key again from your Comprimato account, without surrounding text.",
            ),
        )


class ApiUrlInvalid(ComprimatoError):
    """The API address is not an http(s) URL with a host."""

    exit_code = ExitCode.USAGE

    def __init__(self, api_url: str, *, port: int | None = None) -> None:
        if port is not None:  # a port out of range: say which, not "not a URL"
            message = translate(
                "ComprimatoError",
                "The Comprimato API address {address} has port {port}; ports go from 1 to "
                "65535.",
            ).format(address=repr(api_url), port=port)
        else:
            message = translate(
                "ComprimatoError",
                "The Comprimato API address {address} is not an http:// or https:// URL.",
            ).format(address=repr(api_url))
        super().__init__(
            message,
            translate("ComprimatoError", "Use an address such as {example}.").format(
                example="https://api.comprimato.com/v1"
            ),
        )
        self.api_url = api_url


class PlainHttpRefused(ComprimatoError):
    """A plain ``http://`` API address away from this computer: the key would travel in clear."""

    exit_code = ExitCode.USAGE

    def __init__(self, host: str) -> None:
        super().__init__(
            translate(
                "ComprimatoError",
                "The API address uses plain http:// to {host}: the API key would cross the "
                "network unencrypted, so nothing was sent.",
            ).format(host=host),
            translate(
                "ComprimatoError",
                "Use its https:// address; plain http:// is only for this computer "
                "(127.0.0.1 or localhost).",
            ),
        )
        self.host = host


class ResponseTooLarge(ComprimatoError):
    """An answer longer than any the API gives; not read further, so memory stays bounded."""

    def __init__(self, host: str, limit_mib: int) -> None:
        super().__init__(
            translate(
                "ComprimatoError",
                "Comprimato at {host} sent an answer larger than {limit} MiB; it was not read.",
            ).format(host=host, limit=limit_mib),
            translate(
                "ComprimatoError", "Check that the API address in Settings points to Comprimato."
            ),
        )
        self.host = host


class ApiRedirected(ComprimatoError):
    """The API sent a request to another address; not followed, so the key stays put."""

    def __init__(self, host: str, target: tuple[str, str, int | None]) -> None:
        scheme, where, port = target
        shown = f"{scheme}://{where}" + (f":{port}" if port else "")
        super().__init__(
            translate(
                "ComprimatoError",
                "Comprimato at {host} redirected the request to {target}; it was not followed, "
                "so your API key was not sent there.",
            ).format(host=host, target=shown),
            translate(
                "ComprimatoError",
                "If that address is right, enter it as the API address in Settings.",
            ),
        )
        self.host = host
        self.target = shown
