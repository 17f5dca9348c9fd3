"""Property tests: whatever a server sends, the parser gives streams or a typed error.

Nothing a body contains (JSON of any shape, broken UTF-8, deep nesting, huge numbers) may
escape as another exception: the window and the command line rely on it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from comprimato_companion.comprimato.client import decode_json_body, error_detail, parse_retry_after
from comprimato_companion.comprimato.errors import ResponseNotUnderstood
from comprimato_companion.comprimato.models import (
    Stream,
    StreamState,
    parse_stream,
    parse_stream_list,
    player_url,
    srt_url,
)

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=20,
)
field_values = st.one_of(json_scalars, st.just("ok-value"), st.lists(json_scalars, max_size=2))
stream_like = st.fixed_dictionaries(
    {},
    optional={
        "id": field_values,
        "streamer_key": field_values,
        "player_key": field_values,
        "status": field_values,
        "extra": json_values,
    },
)
list_like = st.one_of(
    st.lists(stream_like, max_size=3),
    st.dictionaries(
        st.sampled_from(["streams", "data", "items", "other"]),
        st.lists(stream_like, max_size=3) | json_values,
        max_size=2,
    ),
    json_values,
)


def parse_either(body: object) -> None:
    """Both parsers on one body: a result or ``ResponseNotUnderstood``, nothing else."""
    for parse in (parse_stream, parse_stream_list):
        try:
            result: Any = parse(body)
        except ResponseNotUnderstood as error:
            assert error.message and error.next_step
        else:
            streams = result if isinstance(result, list) else [result]
            for stream in streams:
                assert isinstance(stream, Stream)
                assert isinstance(stream.status, str)
                assert stream.state in StreamState
                assert "streamer_key" not in repr(stream)


@given(json_values)
def test_any_json_value_parses_or_is_not_understood(body: object) -> None:
    parse_either(body)


@given(stream_like)
def test_stream_like_objects_parse_or_are_not_understood(body: dict[str, Any]) -> None:
    parse_either(body)


@given(list_like)
def test_list_like_bodies_parse_or_are_not_understood(body: object) -> None:
    parse_either(body)


@given(st.binary(max_size=200))
def test_any_bytes_decode_or_are_not_understood(content: bytes) -> None:
    try:
        body = decode_json_body(content)
    except ResponseNotUnderstood:
        return
    parse_either(body)


@given(list_like)
def test_serialised_bodies_round_trip_through_the_client_decoder(body: object) -> None:
    try:
        content = json.dumps(body, allow_nan=False).encode()
    except ValueError:
        return  # NaN and Infinity are not JSON: refused (test_nan_in_an_answer_is_not_json)
    parse_either(decode_json_body(content))


@given(st.binary(max_size=80), st.data())
def test_cut_short_bodies_are_not_understood(content: bytes, data: st.DataObject) -> None:
    whole = json.dumps(
        {"id": "a", "streamer_key": "b", "player_key": "c", "x": content.hex()}
    ).encode()
    assert parse_stream(decode_json_body(whole)).id == "a"  # whole, it is a stream
    cut = data.draw(st.integers(min_value=0, max_value=len(whole) - 1), label="cut")
    with pytest.raises(ResponseNotUnderstood) as caught:
        decode_json_body(whole[:cut])
    assert caught.value.message and caught.value.next_step


@settings(max_examples=25)
@given(st.integers(min_value=1, max_value=50))
def test_hostile_nesting_and_numbers_are_not_understood(depth: int) -> None:
    deep = b"[" * (100_000 + depth) + b"]" * (100_000 + depth)
    with pytest.raises(ResponseNotUnderstood) as nested:
        decode_json_body(deep)
    assert "nested too deeply" in nested.value.message
    huge_number = b"9" * (5000 + depth)
    with pytest.raises(ResponseNotUnderstood) as huge:
        decode_json_body(huge_number)
    assert "not valid JSON" in huge.value.message
    # Nesting within what the decoder takes is JSON like any other: parsed, not refused.
    shallow = b"[" * depth + b"]" * depth
    assert isinstance(decode_json_body(shallow), list)


_hide_text = st.text(alphabet=st.characters(blacklist_characters="*…"), min_size=1, max_size=10)


@given(st.binary(max_size=200), _hide_text)
def test_error_detail_is_a_short_string_or_none(content: bytes, hide: str) -> None:
    detail = error_detail(content, hide=hide)
    assert detail is None or (0 < len(detail) <= 200 and "\n" not in detail)
    assert detail is None or hide not in detail
    try:
        payload = json.loads(content)
    except (ValueError, RecursionError):
        assert detail is None, "a body that is not JSON was shown to the user"
        return
    if not isinstance(payload, dict):
        assert detail is None


def _not_json(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


@given(st.dictionaries(st.sampled_from(["message", "error", "detail", "other"]),
                       json_values | st.dictionaries(st.just("message"), json_scalars),
                       max_size=4),
       _hide_text)
@example({"other": "not a sentence for the user"}, "key")
@example({"message": " ", "error": {"message": "Quota\n exceeded"}}, "key")
@example({"detail": "x" * 300}, "key")
@example({"message": ["a list"], "detail": "Bad   request"}, "key")
@example({"message": float("inf"), "error": "Quota exceeded"}, "key")
def test_error_detail_shows_the_servers_own_sentence(body: dict[str, Any], hide: str) -> None:
    content = json.dumps(body).encode()
    detail = error_detail(content, hide=hide)
    try:
        json.loads(content, parse_constant=_not_json)
    except ValueError:
        # NaN or Infinity somewhere: the body is not JSON, so none of it is shown.
        assert detail is None, "a sentence was taken from a body that is not JSON"
        return
    sentences = []
    for name in ("message", "error", "detail"):
        value = body.get(name)
        if isinstance(value, dict):
            value = value.get("message")
        if isinstance(value, str) and value.strip():
            sentences.append(" ".join(value.split()).replace(hide, "***"))
    if not sentences:
        assert detail is None, "a detail was made up from fields that hold no sentence"
        return
    expected = sentences[0]
    assert detail is not None
    assert hide not in detail
    if len(expected) <= 200:
        assert detail == expected
    else:
        assert detail == expected[:199] + "…"


@given(st.text(max_size=150), _hide_text.filter(lambda h: not any(c.isspace() for c in h)),
       st.text(max_size=150), st.sampled_from(["message", "error", "detail"]))
def test_error_detail_never_shows_the_api_key_echoed_back(
    before: str, hide: str, after: str, field: str
) -> None:
    body = {field: f"{before} {hide} {after}"}
    detail = error_detail(json.dumps(body).encode(), hide=hide)
    assert detail is not None and hide not in detail
    assert "***" in detail or len(" ".join(before.split())) >= 198


@given(json_values)
def test_error_detail_of_anything_but_an_object_is_none(body: object) -> None:
    detail = error_detail(json.dumps(body).encode())
    if not isinstance(body, dict):
        assert detail is None
    else:
        assert detail is None or isinstance(detail, str)


@given(st.text(max_size=40) | st.none())
def test_retry_after_is_a_wait_or_none(header: str | None) -> None:
    wait = parse_retry_after(header)
    assert wait is None or wait >= 0


def test_documented_example_parses() -> None:
    example = {
        "id": "0e00c4e5-3c2a-4e8d-9751-e3cab17f7043",
        "streamer_key": "bec90e60-d3a1-4c7b-9530-7dca33f11b24",
        "player_key": "lU1rTlq0mwc1",
        "status": "Stopped",
    }
    stream = parse_stream(example)
    assert stream.state is StreamState.STOPPED
    assert stream.to_json() == example
    assert parse_stream({**example, "status": "RUNNING"}).is_running
    assert parse_stream({**example, "status": None}).status == "Stopped"
    assert srt_url("srt://ingest.example:9000", stream.streamer_key) == (
        "srt://ingest.example:9000?streamid=bec90e60-d3a1-4c7b-9530-7dca33f11b24"
    )
    assert srt_url("srt://h:1?latency=200", "a b") == "srt://h:1?latency=200&streamid=a%20b"
    assert player_url("https://p.example/{player_key}", "lU1rTlq0mwc1") == (
        "https://p.example/lU1rTlq0mwc1"
    )


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_in_an_answer_is_not_json(constant: str) -> None:
    """Kept in a stream's extra fields, it would make the local store unreadable."""
    body = f'{{"id": "a", "streamer_key": "k", "player_key": "p", "bitrate": {constant}}}'
    with pytest.raises(ResponseNotUnderstood):
        decode_json_body(body.encode())
