from __future__ import annotations

import base64

import pytest

from upg.api.pagination import connection, decode_cursor, encode_cursor, skip_after
from upg.errors import Invalid
from upg.model.query import Page


@pytest.mark.parametrize("offset", [0, 1, 99, 123_456])
def test_cursor_round_trip(offset: int) -> None:
    assert decode_cursor(encode_cursor(offset)) == offset
    assert skip_after(encode_cursor(offset)) == offset + 1


def test_no_cursor_starts_at_the_beginning() -> None:
    assert skip_after(None) == skip_after("") == 0


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "!!!",
        "bzo",
        *(
            base64.b64encode(t).decode()
            for t in [b"o:", b"o:-1", b"x:1", b"o:1e3", b"o:" + b"9" * 12]
        ),
    ],
)
def test_bad_cursors_name_after(cursor: str) -> None:
    with pytest.raises(Invalid) as raised:
        decode_cursor(cursor)
    assert raised.value.field == "after"


def test_connection_page_info() -> None:
    page = Page(("c", "d"), total=5, offset=2)
    result = connection(page, str.upper)
    assert [(e.cursor, e.node) for e in result.edges] == [
        (encode_cursor(2), "C"),
        (encode_cursor(3), "D"),
    ]
    info = result.page_info
    assert (info.has_next_page, info.has_previous_page) == (True, True)
    assert (info.start_cursor, info.end_cursor) == (encode_cursor(2), encode_cursor(3))
    assert result.total_count == 5


def test_empty_page() -> None:
    result = connection(Page((), total=0, offset=0), str)
    info = result.page_info
    assert result.edges == []
    assert (info.has_next_page, info.has_previous_page, info.start_cursor, info.end_cursor) == (
        False,
        False,
        None,
        None,
    )
