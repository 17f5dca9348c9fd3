"""Typed errors of the Comprimato API, each with the sentence and next step a user needs."""

from __future__ import annotations

from app.errors import CompanionError, ExitCode


class ComprimatoError(CompanionError):
    """Any failure talking to Comprimato."""

    exit_code = ExitCode.COMPRIMATO


class ApiKeyRejected(ComprimatoError):
    """401 or 403: the API key is wrong, revoked or missing."""

    exit_code = ExitCode.API_KEY_REJECTED

    def __init__(self, status: int) -> None:
        super().__init__(
            f"Comprimato rejected the API key (HTTP {status}).",
            "Enter a valid API key in Settings, or set COMPRIMATO_API_KEY.",
        )
        self.status = status


class StreamNotFound(ComprimatoError):
    """404 on one stream: it was deleted, or belongs to another account."""

    #: Not a Comprimato or network failure: the id names nothing (a typo, or deleted).
    exit_code = ExitCode.OTHER

    def __init__(self, stream_id: str) -> None:
        super().__init__(
            f"Comprimato has no stream {stream_id}.",
            "Check the id with 'comprimato-companion streams list' (its first 8 characters "
            "are enough), or create a new stream.",
        )
        self.stream_id = stream_id


class FeatureUnavailable(ComprimatoError):
    """404/405 on an endpoint the documentation does not promise (list, get, delete)."""

    def __init__(self, what: str, status: int) -> None:
        super().__init__(
            f"This Comprimato API does not offer {what} (HTTP {status}).",
            "Your streams are still kept on this computer.",
        )
        self.what = what
        self.status = status


class RateLimited(ComprimatoError):
    """429 that outlived the retries; ``retry_after`` is the server's wait, in seconds."""

    def __init__(self, retry_after: float | None) -> None:
        wait = f" for {retry_after:.0f} s" if retry_after else ""
        super().__init__(
            "Comprimato is limiting requests right now.",
            f"Wait{wait} and try again.",
        )
        self.retry_after = retry_after


class ServerError(ComprimatoError):
    """Any other HTTP error status, with the server's own message when it gave one."""

    def __init__(self, status: int, detail: str | None = None) -> None:
        said = f": {detail}" if detail else ""
        super().__init__(
            f"Comprimato answered with an error (HTTP {status}){said}.",
            "Try again in a moment; if it persists, check Comprimato's status page.",
        )
        self.status = status
        self.detail = detail


class NetworkUnreachable(ComprimatoError):
    """No connection could be made (DNS, refused, reset before an answer)."""

    def __init__(self, host: str) -> None:
        super().__init__(
            f"Cannot reach Comprimato at {host}.",
            "Check your internet connection and the API address in Settings.",
        )
        self.host = host


class RequestTimedOut(ComprimatoError):
    """Connected, but no complete answer within the read timeout."""

    def __init__(self, host: str) -> None:
        super().__init__(
            f"Comprimato at {host} did not answer in time.",
            "Try again; if it keeps happening, check your connection.",
        )
        self.host = host


class ResponseNotUnderstood(ComprimatoError):
    """A 2xx answer whose body is not what the API documents."""

    def __init__(self, why: str) -> None:
        super().__init__(
            f"Comprimato's answer was not understood ({why}).",
            "Check that the API address in Settings points to Comprimato.",
        )
        self.why = why


class CreateOutcomeUnknown(ComprimatoError):
    """A create request may have reached the server but no answer came back.

    It is never retried (a retry could make a second stream). The user is told, and the
    stream list is refreshed so a stream made anyway is not lost.
    """

    def __init__(self, cause: str, *, answered: bool = False) -> None:
        what = "its answer could not be read" if answered else "no answer came back"
        super().__init__(
            f"The create request was sent, but {what} ({cause}).",
            "It was not repeated, to avoid a duplicate; refresh your streams to see "
            "whether it was made.",
        )
        self.cause = cause


class ApiKeyUnusable(ComprimatoError):
    """The API key cannot even be sent: empty, or characters an HTTP header cannot carry.

    Caught before any request, so the key never reaches an HTTP library's error message.
    """

    exit_code = ExitCode.API_KEY_REJECTED

    def __init__(self) -> None:
        super().__init__(
            "The API key is empty or contains characters that cannot be sent "
            "(spaces, line breaks or non-ASCII letters).",
            "Copy the key again from your Comprimato account, without surrounding text.",
        )


class ApiUrlInvalid(ComprimatoError):
    """The API address is not an http(s) URL with a host."""

    exit_code = ExitCode.USAGE

    def __init__(self, api_url: str) -> None:
        super().__init__(
            f"The Comprimato API address {api_url!r} is not an http:// or https:// URL.",
            "Use an address such as https://api.comprimato.com/v1.",
        )
        self.api_url = api_url
