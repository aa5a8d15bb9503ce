"""Hostile input over HTTP (issue #6): every case is a 4xx or a GraphQL error with a code, never a
5xx or a masked internal error, never a partial write; legal data is stored verbatim.

The contract for mutations: a document's mutation fields run one after another, each its own
transaction. When one fails, the fields before it stay committed, the failing field carries the
error (with its `path`), and the fields after it do not run; because create mutations return
non-null types, the error nulls the whole `data`. A single mutation with invalid input writes
nothing.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from tests.e2e.api.conftest import Api
from tests.live_server import serve
from upg.api.app import create_app
from upg.api.cost import EVIDENCE_COST
from upg.api.errors import MAX_MESSAGE_CHARS
from upg.api.inputs import MAX_LIST_ITEMS
from upg.api.schema import MAX_ALIASES, MAX_DEPTH
from upg.config import Settings
from upg.model.nodes import DESCRIPTION_MAX, TAG_MAX, TITLE_MAX

CREATE = (
    "mutation($input: ProductInput!) { createProduct(input: $input) { id title description tags } }"
)
NODE = "query($id: ID!) { node(id: $id) { id title description tags } }"
PRODUCTS = "{ products { totalCount } }"

INJECTIONS = [
    '"}) MATCH (n) DETACH DELETE n //',
    "' OR 1=1 --",
    '" OR 1=1 --',
    "`UpgNode`) DETACH DELETE n //",
    "$param",
    "$id}) SET n.title = 'pwned' //",
    "\\u0027; CALL db.clearQueryCaches() //",
    "MATCH (n) RETURN n",
    "{{7*7}} ${7*7} <script>alert(1)</script>",
    "../../../../etc/passwd",
]
UNICODE = [
    "\U0001f600 \U0001f469\u200d\U0001f4bb \U0001f1eb\U0001f1f7",  # emoji, ZWJ sequence, flag
    "e\u0301 a\u0308\u0323 Z\u0351\u0334\u0362",  # combining marks
    "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u202eevil\u202c",  # RTL, override
    "zero\u200bwidth\u200c\u200d\ufeff",  # zero-width characters, BOM
    "\uffff\U0010ffff",  # noncharacters
    "\U0001d518\U0001d52b\U0001d526 \ufdfd",  # math letters, the widest ligature
]
CONTROL = [
    "nul\u0000inside",
    "\x01\x1b[31mred\x1b[0m\x7f",  # an ANSI escape: would recolour a terminal
    "\x1b]0;owned\x07",  # OSC: would retitle the terminal, then BEL
    "c1\x9b2J",  # C1 control sequence introducer
]
"""Control characters (Unicode category Cc): refused in titles, tags and descriptions (#12)."""


async def count_nodes(driver: AsyncDriver, settings: Settings) -> int:
    records, _, _ = await driver.execute_query(
        "MATCH (n:UpgNode) RETURN count(n) AS n", database_=settings.neo4j_database
    )
    count: int = records[0]["n"]
    return count


async def send(
    api: Api, body: bytes, content_type: str | None = "application/json"
) -> httpx.Response:
    """POST raw bytes to /graphql (httpx's `json=` could not send lone surrogates or bad UTF-8)."""
    headers = {} if content_type is None else {"content-type": content_type}
    return await api.client.post("/graphql", content=body, headers=headers)


def codes(response: httpx.Response) -> list[str]:
    """The error codes of a response, after checking it is a sane answer to hostile input."""
    assert response.status_code < 500, response.text
    body = response.json()
    assert isinstance(body, dict), body
    found = [e["extensions"]["code"] for e in body.get("errors") or ()]
    assert "INTERNAL_SERVER_ERROR" not in found, body
    return found


async def create(api: Api, **fields: Any) -> dict[str, Any]:
    response = await api.post(CREATE, {"input": {"title": "t", **fields}})
    assert codes(response) == [], response.text
    node: dict[str, Any] = response.json()["data"]["createProduct"]
    return node


async def read_back(api: Api, node_id: str) -> dict[str, Any]:
    node: dict[str, Any] = (await api.data(NODE, {"id": node_id}))["node"]
    return node


# Injection: stored verbatim, read back equal, the graph untouched --------------------------------


@pytest.mark.parametrize("text", INJECTIONS)
async def test_injection_strings_are_stored_verbatim(
    api: Api, driver: AsyncDriver, settings: Settings, text: str
) -> None:
    bystander = await create(api, title="bystander")
    created = await create(api, title=text, description=text, tags=[text, "x"])
    assert (created["title"], created["description"], created["tags"]) == (text, text, [text, "x"])
    assert await read_back(api, created["id"]) == created
    assert await read_back(api, bystander["id"]) == bystander
    assert await count_nodes(driver, settings) == 2

    found = await api.data(
        "query($t: String, $tags: [String!], $s: [String!]) { products(where: "
        "{title_contains: $t, tags_includes_any: $tags, status_in: $s}) "
        "{ totalCount edges { node { id } } } }",
        {"t": text, "tags": [text], "s": ["active", text]},
    )
    assert found["products"]["edges"] == [{"node": {"id": created["id"]}}]

    updated = await api.data(
        "mutation($id: ID!, $t: String) { updateNode(id: $id, input: {description: $t}) "
        "{ description } }",
        {"id": bystander["id"], "t": text},
    )
    assert updated["updateNode"]["description"] == text
    assert await count_nodes(driver, settings) == 2


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"id": '"}) MATCH (n) DETACH DELETE n //'}, "id"),
        ({"id": "' OR 1=1"}, "id"),
        ({"id": "$id"}, "id"),
    ],
)
async def test_injection_in_ids_is_bad_user_input(
    api: Api, driver: AsyncDriver, settings: Settings, variables: dict[str, str], field: str
) -> None:
    await create(api)
    response = await api.post("mutation($id: ID!) { deleteNode(id: $id) }", variables)
    assert codes(response) == ["BAD_USER_INPUT"]
    assert response.json()["errors"][0]["extensions"]["field"] == field
    assert await count_nodes(driver, settings) == 1


# Huge strings: the model's limits, just under and just over --------------------------------------


@pytest.mark.parametrize(
    ("field", "limit"),
    [("title", TITLE_MAX), ("description", DESCRIPTION_MAX), ("tags", TAG_MAX)],
)
async def test_strings_at_the_limit_are_kept_and_over_it_refused(
    api: Api,
    driver: AsyncDriver,
    settings: Settings,
    field: str,
    limit: int,
) -> None:
    def value(n: int) -> Any:
        text = "\U0001f600" * n  # astral: 2 UTF-16 units, 4 UTF-8 bytes, counted as 1
        return [text] if field == "tags" else text

    created = await create(api, **{field: value(limit)})
    assert created[field] == value(limit)
    assert (await read_back(api, created["id"]))[field] == value(limit)

    response = await api.post(CREATE, {"input": {"title": "t", field: value(limit + 1)}})
    assert codes(response) == ["BAD_USER_INPUT"]
    error = response.json()["errors"][0]
    assert error["extensions"]["field"] == ("tags.0" if field == "tags" else field)
    assert f"at most {limit} characters" in error["message"]
    assert await count_nodes(driver, settings) == 1


async def test_a_body_over_the_size_limit_is_413(
    api: Api, driver: AsyncDriver, settings: Settings
) -> None:
    body = json.dumps({"query": CREATE, "variables": {"input": {"title": "x" * 2_000_000}}})
    response = await send(api, body.encode())
    assert response.status_code == 413
    assert codes(response) == ["PAYLOAD_TOO_LARGE"]
    assert await count_nodes(driver, settings) == 0


async def test_huge_filters_are_answered(api: Api) -> None:
    response = await api.post(
        "query($t: String, $ids: [ID!]) { products(where: {title_contains: $t, id_in: $ids}) "
        "{ totalCount } }",
        {"t": "x" * 200_000, "ids": ["00000000-0000-0000-0000-000000000000"] * MAX_LIST_ITEMS},
    )
    assert codes(response) == []
    assert response.json()["data"] == {"products": {"totalCount": 0}}


@pytest.mark.parametrize(
    ("field", "item"),
    [
        ("id_in", "00000000-0000-0000-0000-000000000000"),
        ("status_in", "active"),
        ("tags_includes_any", "x"),
        ("milestoneType_in", "trial"),
    ],
)
async def test_list_filters_over_the_cap_are_bad_user_input(
    api: Api, field: str, item: str
) -> None:
    response = await api.post(
        "query($w: SuccessMilestoneWhere) { successMilestones(where: $w) { totalCount } }",
        {"w": {field: [item] * (MAX_LIST_ITEMS + 1)}},
    )
    assert codes(response) == ["BAD_USER_INPUT"]
    error = response.json()["errors"][0]
    assert error["extensions"]["field"] == field
    assert f"at most {MAX_LIST_ITEMS} items" in error["message"]


# Unicode ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", UNICODE)
async def test_unicode_is_stored_verbatim(api: Api, text: str) -> None:
    created = await create(api, title=text, description=text, tags=[text])
    assert (created["title"], created["description"], created["tags"]) == (text, text, [text])
    assert await read_back(api, created["id"]) == created


@pytest.mark.parametrize("text", CONTROL)
@pytest.mark.parametrize("field", ["title", "description", "tags"])
async def test_control_characters_are_refused_by_field_and_write_nothing(
    api: Api, driver: AsyncDriver, settings: Settings, field: str, text: str
) -> None:
    value: Any = [text] if field == "tags" else text
    response = await api.post(CREATE, {"input": {"title": "t", field: value}})
    assert codes(response) == ["BAD_USER_INPUT"]
    error = response.json()["errors"][0]
    assert error["extensions"]["field"] == ("tags.0" if field == "tags" else field)
    assert "control characters" in error["message"]
    assert await count_nodes(driver, settings) == 0

    node_id = (await create(api, title="kept"))["id"]
    response = await api.post(
        "mutation($id: ID!, $input: UpdateNodeInput!) { updateNode(id: $id, input: $input) "
        "{ id } }",
        {"id": node_id, "input": {field: value}},
    )
    assert codes(response) == ["BAD_USER_INPUT"]
    assert (await read_back(api, node_id))["title"] == "kept"
    await api.data("mutation($id: ID!) { deleteNode(id: $id) }", {"id": node_id})


async def test_descriptions_keep_tabs_and_line_breaks(api: Api) -> None:
    text = "Steps:\r\n\t1. sign up\n\t2. invite"
    created = await create(api, title="t", description=text)
    assert (await read_back(api, created["id"]))["description"] == text


async def test_surrogate_pairs_sent_as_escapes_are_one_character(api: Api) -> None:
    body = (
        b'{"query": "mutation($i: ProductInput!) { createProduct(input: $i) { id title } }", '
        b'"variables": {"i": {"title": "\\ud83d\\ude00"}}}'
    )
    response = await send(api, body)
    assert codes(response) == []
    assert response.json()["data"]["createProduct"]["title"] == "\U0001f600"


@pytest.mark.parametrize(
    "body",
    [
        # a lone high / low surrogate as a JSON escape, in a create, a filter, a name, a key
        b'{"query": "mutation($i: ProductInput!) { createProduct(input: $i) { id } }", '
        b'"variables": {"i": {"title": "a\\ud800b"}}}',
        b'{"query": "mutation($i: ProductInput!) { createProduct(input: $i) { id } }", '
        b'"variables": {"i": {"title": "t", "tags": ["\\udfff"]}}}',
        b'{"query": "query($t: String) { products(where: {title_contains: $t}) { totalCount } }",'
        b' "variables": {"t": "\\udc00"}}',
        b'{"query": "{ products { totalCount } }", "operationName": "\\ud800"}',
        b'{"query": "{ products { totalCount } }", "variables": {"\\ud800": 1}}',
        # the same inside the document: GraphQL's own parser refuses it
    ],
    ids=["title", "tag", "filter", "operation-name", "variable-name"],
)
async def test_lone_surrogates_are_refused_and_write_nothing(
    api: Api, driver: AsyncDriver, settings: Settings, body: bytes
) -> None:
    response = await send(api, body)
    assert response.status_code == 400
    assert codes(response) == ["BAD_REQUEST"]
    assert "lone surrogate" in response.json()["errors"][0]["message"]
    assert await count_nodes(driver, settings) == 0


async def test_a_lone_surrogate_escape_in_the_document_is_a_parse_error(api: Api) -> None:
    response = await api.post('{ products(where: {title_contains: "\\ud800"}) { totalCount } }')
    assert codes(response) == ["GRAPHQL_PARSE_FAILED"]


# Malformed HTTP requests ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"", "application/json"),
        (b"{not json", "application/json"),
        (b'{"query": "{ products { totalCount } } # \xff\xfe"}', "application/json"),
        (b"null", "application/json"),
        (b'"{ products { totalCount } }"', "application/json"),
        (b"42", "application/json"),
        (b'[{"query": "{ products { totalCount } }"}]', "application/json"),
        (b"[]", "application/json"),
        (b'{"query": null}', "application/json"),
        (b'{"query": 1}', "application/json"),
        (b'{"query": "{ products { totalCount } }", "variables": [1]}', "application/json"),
        (b'{"query": "{ products { totalCount } }", "variables": "x"}', "application/json"),
        (b'{"query": "{ products { totalCount } }", "extensions": 1}', "application/json"),
        (b'{"variables": {"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}}", "application/json"),
        (b'{"query": "{ products { totalCount } }"}', "text/plain"),
        (b"query=%7B%7D", "application/x-www-form-urlencoded"),
        (b"--x--\r\n", "multipart/form-data; boundary=x"),
        (b"<query/>", "application/xml"),
    ],
    ids=[
        "empty",
        "not-json",
        "not-utf8",
        "json-null",
        "json-string",
        "json-number",
        "batch",
        "empty-batch",
        "query-null",
        "query-number",
        "variables-array",
        "variables-string",
        "extensions-number",
        "nested-100k-deep",
        "text-plain",
        "form",
        "multipart",
        "xml",
    ],
)
async def test_malformed_requests_are_400(api: Api, body: bytes, content_type: str) -> None:
    response = await send(api, body, content_type)
    assert response.status_code == 400, response.text
    assert codes(response) == ["BAD_REQUEST"]


# Hostile documents ------------------------------------------------------------------------------


def _nested(depth: int) -> str:
    """A valid selection `depth` levels deep: milestones -> products -> milestones -> ..."""
    query = "id"
    for level in reversed(range(1, depth // 3)):
        query = f"{('products', 'milestones')[level % 2 == 0]} {{ edges {{ node {{ {query} }} }} }}"
    return f"{{ successMilestones {{ edges {{ node {{ {query} }} }} }} }}"


@pytest.mark.parametrize(
    ("document", "code"),
    [
        (_nested(MAX_DEPTH + 9), "GRAPHQL_VALIDATION_FAILED"),
        (
            "{ "
            + " ".join(f"a{i}: products {{ totalCount }}" for i in range(MAX_ALIASES + 1))
            + " }",
            "GRAPHQL_VALIDATION_FAILED",
        ),
        (
            "{ products { ...A } } fragment A on ProductConnection { ...B } "
            "fragment B on ProductConnection { ...A }",
            "GRAPHQL_VALIDATION_FAILED",
        ),
        ("{ products { ...A } } fragment A on ProductConnection { totalCount ...A }",
         "GRAPHQL_VALIDATION_FAILED"),
        ("query A { products { totalCount } } query A { outcomes { totalCount } }",
         "GRAPHQL_VALIDATION_FAILED"),
        ("{ products { totalCount } } { outcomes { totalCount } }", "GRAPHQL_VALIDATION_FAILED"),
        ("{ products(where: {id_in: " + "[" * 900 + "]" * 900 + "}) { totalCount } }",
         "GRAPHQL_PARSE_FAILED"),
        ("{ products { " + "totalCount " * 3000 + "} }", "GRAPHQL_PARSE_FAILED"),
        ("{" * 2000, "GRAPHQL_PARSE_FAILED"),
        ("subscription { products { totalCount } }", "GRAPHQL_VALIDATION_FAILED"),
        ("{ node(id: $id) { id } }", "GRAPHQL_VALIDATION_FAILED"),
        ("{ products { nope } }", "GRAPHQL_VALIDATION_FAILED"),
    ],
    ids=[
        "too-deep",
        "alias-flood",
        "fragment-cycle",
        "self-spread",
        "same-operation-name",
        "two-anonymous",
        "deep-list-literal",
        "token-flood",
        "braces",
        "subscription",
        "undefined-variable",
        "unknown-field",
    ],
)  # fmt: skip
async def test_hostile_documents_are_refused_with_a_code(
    api: Api, document: str, code: str
) -> None:
    response = await api.post(document)
    assert response.status_code == 200
    found = codes(response)
    assert found and set(found) == {code}, response.text
    assert response.json()["data"] is None


async def test_the_limits_themselves_are_allowed(api: Api) -> None:
    aliases = " ".join(f"a{i}: products {{ totalCount }}" for i in range(MAX_ALIASES))
    assert len(await api.data(f"{{ {aliases} }}")) == MAX_ALIASES
    assert "successMilestones" in await api.data(_nested(MAX_DEPTH))


async def test_a_query_beyond_the_depth_limit_is_refused(api: Api) -> None:
    error = await api.error(_nested(MAX_DEPTH + 3))
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert f"exceeds maximum operation depth of {MAX_DEPTH}" in error["message"]


@pytest.mark.parametrize(
    ("document", "variables"),
    [
        ("query($f: Int) { products(first: $f) { totalCount } }", {"f": "ten"}),
        ("query($f: Int) { products(first: $f) { totalCount } }", {"f": 2**40}),
        ("query($f: Int) { products(first: $f) { totalCount } }", {"f": 1.5}),
        ("query($f: Int) { products(first: $f) { totalCount } }", {"f": [1]}),
        ("query($id: ID!) { node(id: $id) { id } }", {}),
        ("query($id: ID!) { node(id: $id) { id } }", {"id": None}),
        ("query($id: ID!) { node(id: $id) { id } }", {"id": {"$ne": None}}),
        ("query($w: ProductWhere) { products(where: $w) { totalCount } }", {"w": "x"}),
        ("query($w: ProductWhere) { products(where: $w) { totalCount } }", {"w": {"nope": 1}}),
        ('mutation($t: EdgeType!) { unlink(fromId: "a", toId: "b", type: $t) }', {"t": "X"}),
        ("mutation($i: ProductInput!) { createProduct(input: $i) { id } }", {"i": {}}),
        ("mutation($i: ProductInput!) { createProduct(input: $i) { id } }", {"i": {"title": 5}}),
        (
            "mutation($i: SuccessMilestoneInput!) { createSuccessMilestone(input: $i) { id } }",
            {"i": {"title": "m", "targetDate": "2026-02-30"}},
        ),
        (
            "mutation($i: SuccessMilestoneInput!) { createSuccessMilestone(input: $i) { id } }",
            {"i": {"title": "m", "targetDate": "99999-01-01"}},
        ),
        ("query($a: DateTime) { evidenceReport(asOf: $a) { __typename } }", {"a": "yesterday"}),
    ],
)
async def test_wrong_variable_types_are_bad_user_input(
    api: Api, driver: AsyncDriver, settings: Settings, document: str, variables: dict[str, Any]
) -> None:
    response = await api.post(document, variables)
    assert response.status_code == 200
    assert codes(response) == ["BAD_USER_INPUT"], response.text
    assert response.json()["data"] is None
    assert await count_nodes(driver, settings) == 0


async def test_an_unknown_operation_name_is_400(api: Api) -> None:
    body = {"query": "query Present { products { totalCount } }", "operationName": "Missing"}
    response = await api.client.post("/graphql", json=body)
    assert response.status_code == 400
    assert codes(response) == ["BAD_REQUEST"]


async def test_the_operation_named_runs(api: Api) -> None:
    document = "query A { products { totalCount } } query B { outcomes { totalCount } }"
    response = await api.client.post("/graphql", json={"query": document, "operationName": "B"})
    assert codes(response) == []
    assert response.json()["data"] == {"outcomes": {"totalCount": 0}}


async def test_several_operations_without_a_name_are_refused(api: Api) -> None:
    document = "query A { products { totalCount } } query B { outcomes { totalCount } }"
    response = await api.post(document)
    assert response.status_code < 500
    assert codes(response) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "operation name" in response.json()["errors"][0]["message"]


async def test_a_mutation_over_get_is_405(api: Api) -> None:
    response = await api.client.get(
        "/graphql", params={"query": 'mutation { createProduct(input: {title: "x"}) { id } }'}
    )
    assert response.status_code == 405
    assert codes(response) == ["METHOD_NOT_ALLOWED"]


@pytest.mark.parametrize("variables", ["[[[", "5", '{"a": "\\ud800"}'])
async def test_bad_get_variables_are_400(api: Api, variables: str) -> None:
    response = await api.client.get("/graphql", params={"query": PRODUCTS, "variables": variables})
    assert response.status_code == 400
    assert codes(response) == ["BAD_REQUEST"]


# Writes: all or nothing per mutation field -------------------------------------------------------


async def test_invalid_input_writes_nothing(
    api: Api, driver: AsyncDriver, settings: Settings
) -> None:
    await create(api, title="before")
    for bad in ({"title": "  "}, {"title": "t", "status": "sunrise"}, {"title": "t", "id": "x"},
                {"title": "t", "tags": ["ok", "x" * (TAG_MAX + 1)]}):  # fmt: skip
        response = await api.post(CREATE, {"input": bad})
        assert codes(response) == ["BAD_USER_INPUT"], bad
    assert await count_nodes(driver, settings) == 1


async def test_a_failing_field_keeps_earlier_ones_and_skips_later_ones(
    api: Api, driver: AsyncDriver, settings: Settings
) -> None:
    response = await api.post(
        "mutation { "
        'a: createProduct(input: {title: "first"}) { id } '
        'b: createProduct(input: {title: "   "}) { id } '
        'c: createProduct(input: {title: "third"}) { id } }'
    )
    assert codes(response) == ["BAD_USER_INPUT"]
    body = response.json()
    # createProduct is non-null: b's error nulls the whole data, though `a` committed.
    assert body["data"] is None
    assert body["errors"][0]["path"] == ["b"]
    assert body["errors"][0]["extensions"]["field"] == "title"
    titles = await api.data("{ products { edges { node { title } } } }")
    assert [e["node"]["title"] for e in titles["products"]["edges"]] == ["first"]
    assert await count_nodes(driver, settings) == 1


# Requests that cost the server more than they look (issue #12) ----------------------------------


def did_you_mean(size: int) -> bytes:
    """`{ products(first: "Did you mean Did you mean ...") }`: graphql-core copies the literal into
    its error message, which the production filter of "Did you mean" hints then scans."""
    filler = ("Did you mean " * (size // 13 + 1))[:size]
    return json.dumps({"query": f'{{ products(first: "{filler}") {{ totalCount }} }}'}).encode()


async def timed_post(
    client: httpx.AsyncClient, body: bytes, delay_s: float = 0.0
) -> tuple[httpx.Response, float]:
    await asyncio.sleep(delay_s)
    started = time.perf_counter()
    response = await client.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    return response, time.perf_counter() - started


@pytest.mark.parametrize("size", [104_000, 999_000])
async def test_a_did_you_mean_flood_is_answered_at_once_and_blocks_nobody(
    settings: Settings, auth_headers: dict[str, str], size: int
) -> None:
    app = create_app(settings.model_copy(update={"env": "production", "graphiql": False}))
    hostile = did_you_mean(size)
    assert len(hostile) <= settings.max_body_bytes
    bystander = json.dumps({"query": PRODUCTS}).encode()
    with serve(app) as url:
        async with httpx.AsyncClient(base_url=url, headers=auth_headers, timeout=600) as client:
            await timed_post(client, bystander)  # connections and caches warm
            (response, took_s), (other, other_s) = await asyncio.gather(
                timed_post(client, hostile), timed_post(client, bystander, delay_s=0.05)
            )
    print(f"\n{len(hostile)} bytes answered in {took_s:.3f} s; the other one in {other_s:.3f} s")
    assert codes(response) == ["GRAPHQL_VALIDATION_FAILED"]
    message = response.json()["errors"][0]["message"]
    assert message.startswith("Int cannot represent non-integer value")
    assert len(message) <= MAX_MESSAGE_CHARS
    assert codes(other) == []
    assert took_s < 1.0
    assert other_s < 1.0


DEFAULTED_PAGES = (
    "query Q($n: Int = 100) { products(first: $n) { edges { node { milestones(first: $n) { "
    "edges { node { outcomes(first: $n) { edges { node { id } } } } } } } } } }"
)


async def test_a_variable_default_is_priced_not_bypassed(api: Api) -> None:
    response = await api.post(DEFAULTED_PAGES, {})
    assert codes(response) == ["COST_LIMIT_EXCEEDED"]
    error = response.json()["errors"][0]
    assert error["extensions"]["cost"] == 100 + 100 * 100 + 100 * 100 * 100
    assert response.json()["data"] is None


@pytest.mark.parametrize(
    "document",
    [
        "{ a: evidenceReport { asOf } b: evidenceReport { asOf } }",
        "{ ...E evidenceReport { asOf } } fragment E on Query { evidenceReport { asOf } }",
        "mutation { a: computeEvidence { asOf } b: computeEvidence { asOf } }",
    ],
    ids=["aliases", "fragment", "mutation"],
)
async def test_one_evidence_report_per_request(api: Api, document: str) -> None:
    response = await api.post(document)
    assert codes(response) == ["BAD_USER_INPUT"]
    assert "at most one evidence report per request" in response.json()["errors"][0]["message"]
    assert response.json()["data"] is None


@pytest.mark.parametrize(
    ("document", "cost"),
    [
        ("{ milestoneAudit { totalCount } }", 20),
        (
            "{ healthScoreAudits(first: 100) { edges { node { "
            "vanityMilestones(first: 100) { totalCount } } } } }",
            100 + 100 * 100,
        ),
        ('{ healthScoreAudit(id: "x") { vanityContributions { totalCount } } }', 20),
        ("{ evidenceReport { asOf } }", EVIDENCE_COST),
        (
            "{ evidenceReport { pairs(first: 100) { totalCount } suggested { totalCount } "
            "vanityByEvidence(first: 3) { totalCount } } }",
            EVIDENCE_COST + 100 + 20 + 3,
        ),
    ],
)
async def test_audits_and_evidence_are_priced_by_what_they_return(
    api: Api, document: str, cost: int
) -> None:
    response = await api.post(document)
    assert response.json()["extensions"]["queryCost"] == cost, response.text


async def test_audit_pages_are_capped(api: Api) -> None:
    for document in (
        "{ milestoneAudit(first: 101) { totalCount } }",
        "{ healthScoreAudits(first: 101) { totalCount } }",
    ):
        response = await api.post(document)
        assert codes(response) == ["BAD_USER_INPUT"], response.text
