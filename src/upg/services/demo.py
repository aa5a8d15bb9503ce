"""The demo graph: DocFlow's worked example plus two more products, with every milestone class.

Ids are derived from titles (UUID v5), so loading twice finds the same nodes and changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from upg.model.registry import EdgeType, NodeType, check_endpoint, edge_type, node_type
from upg.services.nodes import check_weight, new_node_props
from upg.services.ports import Repository

_NAMESPACE = uuid.UUID("6f1c3f0e-2d4b-5a8e-9c1d-7b0e4a2f9d11")


def demo_id(type_key: str, title: str) -> str:
    """The stable id of a demo node."""
    return str(uuid.uuid5(_NAMESPACE, f"{type_key}:{title}"))


@dataclass(frozen=True)
class DemoNode:
    type: str
    title: str
    fields: dict[str, Any]

    @property
    def id(self) -> str:
        return demo_id(self.type, self.title)


def _p(title: str, description: str, **fields: Any) -> DemoNode:
    return DemoNode("PRODUCT", title, {"description": description, **fields})


def _o(title: str, description: str, **fields: Any) -> DemoNode:
    return DemoNode("OUTCOME", title, {"description": description, **fields})


def _s(title: str, description: str, **fields: Any) -> DemoNode:
    return DemoNode("CUSTOMER_HEALTH_SCORE", title, {"description": description, **fields})


def _m(title: str, milestone_type: str, **fields: Any) -> DemoNode:
    return DemoNode("SUCCESS_MILESTONE", title, {"milestone_type": milestone_type, **fields})


# DocFlow: the worked example. 40% of trials went cold in week one; trials where a second
# teammate edits a shared document within 3 days convert at 58%, solo trials at 9%.
DOCFLOW = _p("DocFlow", "Document collaboration for small teams.", tags=["collaboration"])
PIPEMAIL = _p("PipeMail", "Email-first CRM for small sales teams.", tags=["crm"])
LUMEN = _p("Lumen Analytics", "Self-serve analytics dashboards.", tags=["analytics"])

TRIAL_CONVERTS = _o(
    "Trial converts to paid",
    "The trial team buys a paid plan: the product became part of how they work.",
    tags=["conversion"],
)
ACCOUNT_RENEWS = _o(
    "Account renews", "The customer renews at the end of the term.", tags=["retention"]
)
NO_PHONE_DEALS = _o(
    "Close customers without phone calls",
    "Required outcome of PipeMail's buyers: deals closed over email alone.",
    tags=["crm"],
)
DATA_DECISIONS = _o(
    "Weekly decisions made from data",
    "Teams decide from dashboards every week instead of from gut feeling.",
    tags=["analytics"],
)
SELF_SERVE = _o(
    "Onboarded without a call",
    "Appropriate experience: the customer gets going self-serve, with no onboarding call.",
    tags=["experience"],
)
SECOND_DEPARTMENT = _o(
    "Second department adopts",
    "A second department starts using the product on its own budget.",
    tags=["expansion"],
)

SECOND_EDITOR = _m(
    "Second teammate edits a shared document within 3 days",
    "trial",
    description="The moment DocFlow stops being a single-player notepad: 58% of these trials "
    "convert to paid, 9% of solo trials do. Activation rose from 31% to 46% after onboarding "
    "was redesigned around it.",
    status="done",
    tags=["aha-moment", "activation"],
    target_date="2026-03-31",
    window_days=3,
    play="CONVERSION",
)
PROFILE_COMPLETED = _m(
    "Profile completed",
    "onboarding",
    description="Feels like progress; predicts nothing about conversion.",
    status="done",
    tags=["onboarding"],
)
WATCHED_TUTORIAL = _m(
    "Watched the tutorial",
    "onboarding",
    description="Feels like progress; predicts nothing about conversion.",
    status="done",
    tags=["onboarding", "education"],
)
FIRST_REPLY = _m(
    "First comment gets a reply",
    "adoption",
    description="A conversation happens inside a document.",
    status="in_progress",
    tags=["collaboration"],
    target_date="2026-06-30",
)
CUSTOM_THEME = _m("Custom theme applied", "adoption", status="todo", tags=["cosmetic"])

MAILBOX = _m(
    "Mailbox integration connected",
    "onboarding",
    description="The integration that finally connects: every email lands in the pipeline.",
    status="done",
    tags=["integration", "activation"],
)
EMAIL_DEAL = _m(
    "First deal closed entirely over email",
    "adoption",
    status="in_progress",
    tags=["aha-moment"],
    target_date="2026-09-30",
    play="CONVERSION",
)
TEMPLATES = _m("Email templates created", "onboarding", status="done", tags=["onboarding"])
STREAK = _m("Logged in five days in a row", "adoption", status="done", tags=["engagement"])
PIPELINE_SHARED = _m(
    "Deal pipeline shared with a manager",
    "expansion",
    status="todo",
    tags=["collaboration"],
    play="EXPANSION",
)

DASHBOARD_SHARED = _m(
    "First dashboard shared with a stakeholder",
    "adoption",
    status="done",
    tags=["aha-moment", "collaboration"],
)
BOARD = _m(
    "Results presented to the board",
    "renewal",
    description="A customer milestone: it happens outside the product.",
    status="in_progress",
    tags=["customer-milestone"],
    target_date="2026-12-15",
    play="ADVOCACY",
)
WAREHOUSE = _m("Data warehouse connected", "onboarding", status="done", tags=["integration"])
SEATS = _m(
    "Seats added after the first quarter",
    "expansion",
    status="todo",
    tags=["expansion"],
    play="EXPANSION",
)
WEEKLY_REPORT = _m("Weekly report scheduled", "adoption", status="done", tags=["habit"])
DARK_MODE = _m("Dark mode enabled", "adoption", status="cancelled", tags=["cosmetic"])

TRIAL_HEALTH = _s(
    "Trial health",
    "DocFlow's trial score: second editor within 3 days is the heaviest early signal.",
    tags=["trial"],
)
CRM_ADOPTION = _s("CRM adoption health", "PipeMail's adoption score.", tags=["adoption"])
ANALYTICS_ENGAGEMENT = _s("Analytics engagement", "Lumen's engagement score.", tags=["adoption"])
RENEWAL_RISK = _s("Renewal readiness", "Lumen's renewal score.", tags=["renewal"])

NODES: tuple[DemoNode, ...] = (
    DOCFLOW, PIPEMAIL, LUMEN,
    TRIAL_CONVERTS, ACCOUNT_RENEWS, NO_PHONE_DEALS, DATA_DECISIONS, SELF_SERVE, SECOND_DEPARTMENT,
    SECOND_EDITOR, PROFILE_COMPLETED, WATCHED_TUTORIAL, FIRST_REPLY, CUSTOM_THEME,
    MAILBOX, EMAIL_DEAL, TEMPLATES, STREAK, PIPELINE_SHARED,
    DASHBOARD_SHARED, BOARD, WAREHOUSE, SEATS, WEEKLY_REPORT, DARK_MODE,
    TRIAL_HEALTH, CRM_ADOPTION, ANALYTICS_ENGAGEMENT, RENEWAL_RISK,
)  # fmt: skip

EDGES: tuple[tuple[DemoNode, str, DemoNode, float | None], ...] = (
    # Products celebrate their milestones.
    *((DOCFLOW, "CELEBRATES_VIA", m, None) for m in
      (SECOND_EDITOR, PROFILE_COMPLETED, WATCHED_TUTORIAL, FIRST_REPLY, CUSTOM_THEME)),
    *((PIPEMAIL, "CELEBRATES_VIA", m, None) for m in
      (MAILBOX, EMAIL_DEAL, TEMPLATES, STREAK, PIPELINE_SHARED)),
    *((LUMEN, "CELEBRATES_VIA", m, None) for m in
      (DASHBOARD_SHARED, BOARD, WAREHOUSE, SEATS, WEEKLY_REPORT, DARK_MODE)),
    # Health scores and their weights.
    (TRIAL_HEALTH, "CONTAINS", SECOND_EDITOR, 5.0),
    (TRIAL_HEALTH, "CONTAINS", PROFILE_COMPLETED, 1.0),
    (TRIAL_HEALTH, "CONTAINS", WATCHED_TUTORIAL, 1.0),
    (CRM_ADOPTION, "CONTAINS", MAILBOX, 3.0),
    (CRM_ADOPTION, "CONTAINS", EMAIL_DEAL, 4.0),
    (CRM_ADOPTION, "CONTAINS", TEMPLATES, 2.0),
    (CRM_ADOPTION, "CONTAINS", STREAK, 2.0),
    (ANALYTICS_ENGAGEMENT, "CONTAINS", DASHBOARD_SHARED, 3.0),
    (ANALYTICS_ENGAGEMENT, "CONTAINS", WAREHOUSE, 2.0),
    (ANALYTICS_ENGAGEMENT, "CONTAINS", BOARD, 2.0),
    (RENEWAL_RISK, "CONTAINS", BOARD, 4.0),
    (RENEWAL_RISK, "CONTAINS", SEATS, 2.0),
    # What each milestone is evidence of.
    (SECOND_EDITOR, "VALIDATES", TRIAL_CONVERTS, None),
    (FIRST_REPLY, "VALIDATES", ACCOUNT_RENEWS, None),
    (MAILBOX, "VALIDATES", NO_PHONE_DEALS, None),
    (EMAIL_DEAL, "VALIDATES", NO_PHONE_DEALS, None),
    (PIPELINE_SHARED, "VALIDATES", ACCOUNT_RENEWS, None),
    (DASHBOARD_SHARED, "VALIDATES", DATA_DECISIONS, None),
    (BOARD, "VALIDATES", ACCOUNT_RENEWS, None),
    (WEEKLY_REPORT, "VALIDATES", DATA_DECISIONS, None),
)  # fmt: skip

VANITY_TITLES = frozenset(
    m.title for m in (PROFILE_COMPLETED, WATCHED_TUTORIAL, TEMPLATES, STREAK, WAREHOUSE, SEATS)
)
"""The demo's vanity milestones: they feed a score and validate nothing."""


def _node_props(node: DemoNode) -> tuple[NodeType, dict[str, Any]]:
    kind = node_type(node.type)
    return kind, new_node_props(kind, {"id": node.id, "title": node.title, **node.fields})


def _edge(source: DemoNode, type_: str, target: DemoNode, weight: float | None) -> Any:
    edge: EdgeType = edge_type(type_)
    check_endpoint(edge, "fromId", source.id, source.type, edge.source)
    check_endpoint(edge, "toId", target.id, target.type, edge.target)
    return edge, source.id, target.id, None if weight is None else check_weight(edge, weight)


async def load_demo(repo: Repository) -> tuple[int, int]:
    """Load the demo graph in one transaction; returns (nodes created, edges created)."""
    nodes = [_node_props(node) for node in NODES]
    edges = [_edge(*spec) for spec in EDGES]
    return await repo.ensure_graph(nodes, edges)
