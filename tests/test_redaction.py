"""The scrubber: every written form of a known secret, short ones too, and the command
line's own secrets (resolved key and OBS password) in its log lines and --debug tracebacks."""

from __future__ import annotations

import argparse
import json
import logging

import pytest

from comprimato_companion.cli import common
from comprimato_companion.log_file import FORMAT, ScrubbingFormatter
from comprimato_companion.redaction import REDACTED, scrub


@pytest.mark.parametrize(
    "secret", ["pässwörd-ключ", "tajné heslo 1", "ab\"c\\d€"], ids=["cyrillic", "space", "quotes"]
)
def test_json_escaped_forms_of_a_secret_are_scrubbed(secret: str) -> None:
    for text in (json.dumps({"value": secret}), json.dumps([secret], ensure_ascii=False)):
        scrubbed = scrub(text, [secret])
        assert REDACTED in scrubbed
        assert json.dumps(secret)[1:-1] not in scrubbed and secret not in scrubbed


def test_lower_case_percent_encoding_is_scrubbed() -> None:
    secret = "pä/ss wörd"
    text = "GET /x?p=p%c3%a4%2fss%20w%c3%b6rd and p%C3%A4%2Fss+w%C3%B6rd"
    scrubbed = scrub(text, [secret])
    assert "%c3%a4" not in scrubbed.lower(), scrubbed


def test_a_short_secret_is_scrubbed_where_it_stands_alone() -> None:
    scrubbed = scrub("password abc was wrong; abcdef and xabc stay", ["abc"])
    assert scrubbed == f"password {REDACTED} was wrong; abcdef and xabc stay"
    assert scrub("OBS said 12 in 2012", ["12"]) == f"OBS said {REDACTED} in 2012"


@pytest.fixture
def fresh_cli_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "_resolved_secrets", [])


def test_the_command_lines_resolved_key_is_scrubbed_from_its_log(
    fresh_cli_secrets: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPRIMATO_API_KEY", "  key-from-the-environment  ")
    key = common.require_api_key()
    monkeypatch.delenv("COMPRIMATO_API_KEY")  # gone from the environment, still known
    monkeypatch.setenv("OBS_WEBSOCKET_URL", "obsws://127.0.0.1:4455/s3cr%C3%A9t")
    record = logging.LogRecord("x", logging.WARNING, __file__, 1,
                               "key %s, password s3crét as JSON %s", (key, json.dumps("s3crét")),
                               None)
    import comprimato_companion.log_file as log_file

    monkeypatch.setattr(log_file, "_secrets", [])
    log_file.add_secrets(common.known_secrets)
    line = ScrubbingFormatter(FORMAT).format(record)
    assert "key-from-the-environment" not in line and "s3cr" not in line, line


def test_a_debug_traceback_is_scrubbed(
    fresh_cli_secrets: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import comprimato_companion.log_file as log_file

    monkeypatch.setattr(log_file, "_secrets", [common.known_secrets])
    common.remember_secret("the-obs-password")

    def body() -> int:
        raise RuntimeError("could not log in with the-obs-password")

    code = common.run_guarded(argparse.Namespace(debug=True), body)
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" in err and "RuntimeError" in err
    assert "the-obs-password" not in err
