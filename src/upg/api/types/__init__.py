"""GraphQL types mapped from the model, by what they hold: enums, nodes, audits, tokens.

`from upg.api import types as t` gives every type and mapper: this package re-exports them.
"""

from upg.api.types.audits import (
    EvidencePair,
    EvidenceReport,
    HealthScoreAudit,
    MilestoneAuditEntry,
    VanityContribution,
    audit_entry,
    evidence_report,
    score_audit,
)
from upg.api.types.enums import (
    EdgeType,
    EvidenceVerdict,
    MilestoneClass,
    MilestoneStatus,
    NodeType,
    Role,
)
from upg.api.types.fields import DEFAULT_FIRST, field, mutation, page_size
from upg.api.types.nodes import (
    CustomerHealthScore,
    Evidence,
    Link,
    Node,
    Outcome,
    Product,
    SuccessMilestone,
    as_node,
    evidence_of,
    health_score,
    milestone,
    outcome,
    product,
)
from upg.api.types.tokens import ApiToken, CreatedApiToken, api_token

__all__ = [
    "DEFAULT_FIRST",
    "ApiToken",
    "CreatedApiToken",
    "CustomerHealthScore",
    "EdgeType",
    "Evidence",
    "EvidencePair",
    "EvidenceReport",
    "EvidenceVerdict",
    "HealthScoreAudit",
    "Link",
    "MilestoneAuditEntry",
    "MilestoneClass",
    "MilestoneStatus",
    "Node",
    "NodeType",
    "Outcome",
    "Product",
    "Role",
    "SuccessMilestone",
    "VanityContribution",
    "api_token",
    "as_node",
    "audit_entry",
    "evidence_of",
    "evidence_report",
    "field",
    "health_score",
    "milestone",
    "mutation",
    "outcome",
    "page_size",
    "product",
    "score_audit",
]
