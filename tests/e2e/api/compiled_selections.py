"""Hypothesis strategies: GraphQL reads over the compiled subset, as a front-end would write them.

Root lists with filters, orderings and page sizes, `node(id:)` over demo ids, nested
relationship connections two levels deep, scalars under aliases, inline and named fragments,
`@skip`/`@include` with variables, `__typename` everywhere, the audits' pages
(`milestoneAudit` over demo products, `healthScoreAudits`, `unmeasuredOutcomes`), and an
`$after` variable the test fills with a cursor from the first answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from hypothesis import strategies as st

from upg.services.demo import NODES

SCALARS = ["id", "type", "title", "description", "status", "tags", "createdAt", "updatedAt"]
MILESTONE_SCALARS = [*SCALARS, "milestoneType", "targetDate", "achieved", "windowDays", "isVanity"]
RELATIONS: dict[str, list[tuple[str, str, bool]]] = {
    "Product": [("milestones", "SuccessMilestone", False)],
    "Outcome": [("validatedBy", "SuccessMilestone", False)],
    "CustomerHealthScore": [("milestones", "SuccessMilestone", True)],
    "SuccessMilestone": [
        ("products", "Product", False),
        ("healthScores", "CustomerHealthScore", True),
        ("outcomes", "Outcome", False),
    ],
}
"""Type -> (field, node type, weighted)."""
ROOTS = {
    "products": "Product",
    "outcomes": "Outcome",
    "healthScores": "CustomerHealthScore",
    "successMilestones": "SuccessMilestone",
}
ORDER_FIELDS = ["TITLE", "STATUS", "CREATED_AT", "UPDATED_AT", "TARGET_DATE"]
AUDITS = {
    "milestoneAudit": "SuccessMilestone",
    "healthScoreAudits": "CustomerHealthScore",
    "unmeasuredOutcomes": "Outcome",
}
"""The audits' pages -> the node type their entries are (or hold)."""
DEMO_IDS = [node.id for node in NODES]
DEMO_PRODUCTS = [node.id for node in NODES if node.type == "PRODUCT"]
UNKNOWN_ID = "00000000-0000-4000-8000-00000000beef"


@dataclass
class Request:
    query: str
    variables: dict[str, Any]
    after_variable: str | None = None


@dataclass
class _Doc:
    """What a document being built needs at its top: variables and named fragments."""

    variables: dict[str, tuple[str, Any]] = field(default_factory=dict)
    fragments: list[str] = field(default_factory=list)
    aliases: int = 0

    def alias(self) -> str:
        self.aliases += 1
        return f"a{self.aliases}"


def _directive(draw: st.DrawFn, doc: _Doc) -> str:
    choice = draw(st.sampled_from(["", "", "", "skip", "include", "var"]))
    if choice == "skip":
        return f" @skip(if: {draw(st.sampled_from(['true', 'false']))})"
    if choice == "include":
        return f" @include(if: {draw(st.sampled_from(['true', 'false']))})"
    if choice == "var":
        doc.variables["flag"] = ("Boolean!", draw(st.booleans()))
        return " @include(if: $flag)"
    return ""


def _node(draw: st.DrawFn, doc: _Doc, type_name: str, depth: int) -> str:
    scalars = MILESTONE_SCALARS if type_name == "SuccessMilestone" else SCALARS
    picked = draw(st.lists(st.sampled_from(scalars), min_size=1, max_size=5, unique=True))
    parts = []
    for name in picked:
        alias = f"{doc.alias()}: " if draw(st.integers(0, 4)) == 0 else ""
        parts.append(f"{alias}{name}{_directive(draw, doc)}")
    if draw(st.booleans()):
        parts.append("__typename")
    if depth < 2:
        for name, target, weighted in RELATIONS[type_name]:
            if draw(st.integers(0, 2)) == 0:
                parts.append(name + _connection(draw, doc, target, depth + 1, weighted, None))
    body = " ".join(parts)
    wrap = draw(st.sampled_from(["plain", "plain", "inline", "named", "interface"]))
    if wrap == "inline":
        return f"... on {type_name} {{ {body} }}"
    if wrap == "interface":
        # Node-level scalars through the interface, the rest as they are.
        return f"... on Node {{ id }} {body}"
    if wrap == "named":
        name = f"F{len(doc.fragments)}"
        doc.fragments.append(f"fragment {name} on {type_name} {{ {body} }}")
        return f"...{name}"
    return body


def _connection(
    draw: st.DrawFn,
    doc: _Doc,
    type_name: str,
    depth: int,
    weighted: bool,
    root_args: str | None,
    node: Callable[[], str] | None = None,
) -> str:
    """A connection's arguments and selection (its nodes: `node()`, else `type_name`'s)."""
    args = [root_args] if root_args else []
    first = draw(st.sampled_from([None, 1, 2, 3, 5, 20]))
    if first is not None:
        args.append(f"first: {first}")
    parts = []
    if draw(st.booleans()):
        parts.append(f"totalCount{_directive(draw, doc)}")
    if draw(st.booleans()):
        names = draw(
            st.lists(
                st.sampled_from(
                    ["hasNextPage", "hasPreviousPage", "startCursor", "endCursor", "__typename"]
                ),
                min_size=1,
                max_size=5,
                unique=True,
            )
        )
        parts.append("pageInfo { " + " ".join(names) + " }")
    edge = []
    if draw(st.booleans()):
        edge.append("cursor")
    if weighted and draw(st.booleans()):
        edge.append("weight")
    if draw(st.integers(0, 5)) > 0:
        body = node() if node else _node(draw, doc, type_name, depth)
        edge.append("node { " + body + " }")
    if draw(st.integers(0, 4)) == 0:
        edge.append("__typename")
    if edge:
        parts.append("edges { " + " ".join(edge) + " }")
    if not parts or draw(st.integers(0, 5)) == 0:
        parts.append("__typename")
    arguments = f"({', '.join(args)})" if args else ""
    return f"{arguments} {{ {' '.join(parts)} }}"


def _where(draw: st.DrawFn, type_name: str) -> str | None:
    filters = {
        "title_contains": st.sampled_from(['""', '"a"', '"trial"', '"o"', '"zz"']),
        "status_in": st.sampled_from(
            ['["todo"]', '["done", "active"]', '["draft", "in_progress"]']
        ),
        "tags_includes_any": st.sampled_from(['["crm"]', '["analytics", "collaboration"]', "[]"]),
        "id_in": st.sampled_from([f'["{DEMO_IDS[0]}", "{DEMO_IDS[-1]}"]', f'["{UNKNOWN_ID}"]']),
    }
    if type_name == "SuccessMilestone":
        ids = st.sampled_from([f'"{i}"' for i in (*DEMO_IDS[:12], UNKNOWN_ID)])
        filters |= {
            "milestoneType_in": st.sampled_from(['["trial"]', '["onboarding", "adoption"]']),
            "achieved": st.sampled_from(["true", "false", "null"]),
            "productId": ids,
            "healthScoreId": ids,
            "outcomeId": ids,
        }
    names = draw(st.lists(st.sampled_from(sorted(filters)), max_size=2, unique=True))
    if not names:
        return None
    return "where: {" + ", ".join(f"{n}: {draw(filters[n])}" for n in names) + "}"


def _vanity_scope(draw: st.DrawFn) -> list[str]:
    """`vanityMilestones`' scope: none, a product, a score (demo ids, an unknown one, empty)."""
    ids = st.sampled_from([f'"{i}"' for i in (*DEMO_IDS[:12], UNKNOWN_ID)] + ['""'])
    names = draw(st.lists(st.sampled_from(["productId", "healthScoreId"]), max_size=2, unique=True))
    return [f"{name}: {draw(ids)}" for name in names]


def _order(draw: st.DrawFn) -> str | None:
    keys = draw(st.lists(st.sampled_from(ORDER_FIELDS), max_size=2, unique=True))
    if not keys:
        return None
    items = [f"{{field: {k}, direction: {draw(st.sampled_from(['ASC', 'DESC']))}}}" for k in keys]
    return "orderBy: [" + ", ".join(items) + "]"


def _entry(draw: st.DrawFn, doc: _Doc) -> str:
    """A MilestoneAuditEntry: its class and/or its milestone (nested one level)."""
    parts = draw(
        st.lists(
            st.sampled_from(["classification", "milestone", "__typename"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    body = " ".join(
        "milestone { " + _node(draw, doc, "SuccessMilestone", 1) + " }"
        if part == "milestone"
        else f"{part}{_directive(draw, doc)}"
        for part in parts
    )
    return f"... on MilestoneAuditEntry {{ {body} }}" if draw(st.booleans()) else body


def _score_audit(draw: st.DrawFn, doc: _Doc) -> str:
    """A HealthScoreAudit: its values, its score, its vanity milestones."""
    names = ["totalWeight", "vanityWeight", "vanityShare", "__typename", "score", "vanity"]
    parts = []
    for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True)):
        if name == "score":
            parts.append("healthScore { " + _node(draw, doc, "CustomerHealthScore", 1) + " }")
        elif name == "vanity":
            parts.append(
                "vanityMilestones" + _connection(draw, doc, "SuccessMilestone", 1, False, None)
            )
        else:
            parts.append(f"{doc.alias()}: {name}" if draw(st.booleans()) else name)
    return " ".join(parts)


def _audit_args(draw: st.DrawFn, root: str) -> list[str]:
    if root != "milestoneAudit":
        return []
    ids = [f'"{i}"' for i in (*DEMO_PRODUCTS, UNKNOWN_ID)] + ['""', "null"]
    product = draw(st.sampled_from([None, *ids]))
    return [] if product is None else [f"productId: {product}"]


@st.composite
def requests(draw: st.DrawFn) -> Request:
    """One read in the compiled subset (its first root list takes `$after`)."""
    doc = _Doc()
    choices = [*ROOTS, "node", "vanityMilestones", *AUDITS]
    roots = draw(st.lists(st.sampled_from(choices), min_size=1, max_size=2))
    fields = []
    after_variable = None
    for index, root in enumerate(roots):
        alias = f"r{index}: "
        if root == "node":
            node_id = draw(st.sampled_from([*DEMO_IDS, UNKNOWN_ID]))
            type_name = draw(st.sampled_from(sorted(RELATIONS)))
            body = _node(draw, doc, type_name, 1)
            fields.append(
                f'{alias}node(id: "{node_id}") {{ __typename ... on {type_name} {{ {body} }} }}'
            )
            continue
        node: Callable[[], str] | None = None
        if root == "vanityMilestones":
            type_name, args = "SuccessMilestone", _vanity_scope(draw)
        elif root in AUDITS:
            type_name, args = AUDITS[root], _audit_args(draw, root)
            if root == "milestoneAudit":
                node = partial(_entry, draw, doc)
            elif root == "healthScoreAudits":
                node = partial(_score_audit, draw, doc)
        else:
            type_name = ROOTS[root]
            args = [a for a in (_where(draw, type_name), _order(draw)) if a]
        if after_variable is None:
            after_variable = "after"
            doc.variables["after"] = ("String", None)
            args.append("after: $after")
        arguments = ", ".join(args)
        fields.append(alias + root + _connection(draw, doc, type_name, 0, False, arguments, node))
    declared = ", ".join(f"${name}: {kind}" for name, (kind, _) in doc.variables.items())
    header = f"query Generated({declared})" if declared else "query Generated"
    query = " ".join([header, "{", *fields, "}", *doc.fragments])
    variables = {name: value for name, (_, value) in doc.variables.items()}
    return Request(query, variables, after_variable)
