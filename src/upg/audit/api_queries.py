"""The GraphQL documents `upg audit --api` sends (upg.audit.api_source): one per audit, each
reading a page of MAX_PAGE and the relationship lists the printed rows need in one request."""

from __future__ import annotations

from upg.services.nodes import MAX_PAGE

NODE_FIELDS = "id type title description status tags"
MILESTONE_FIELDS = f"{NODE_FIELDS} milestoneType targetDate achieved"
_NEIGHBOURS = f"first: {MAX_PAGE}"
PRODUCTS = (
    f"products({_NEIGHBOURS}) {{ edges {{ node {{ id title }} }} pageInfo {{ hasNextPage }} }}"
)
SCORES = (
    f"healthScores({_NEIGHBOURS}) {{ edges {{ weight node {{ id title }} }} "
    "pageInfo { hasNextPage } }"
)
OUTCOMES = (
    f"outcomes({_NEIGHBOURS}) {{ edges {{ node {{ id title }} }} pageInfo {{ hasNextPage }} }}"
)
PAGE_INFO = "pageInfo { hasNextPage endCursor }"

FIND_BY_ID = f"query FindById($id: ID!) {{ node(id: $id) {{ {NODE_FIELDS} }} }}"

# One query per searchable type: the connection field and the filter are fixed here.
FIND_BY_TITLE = {
    "PRODUCT": (
        "products",
        "query FindProducts($text: String!, $after: String) { "
        f"products(where: {{title_contains: $text}}, first: {MAX_PAGE}, after: $after) "
        f"{{ edges {{ node {{ id title }} }} {PAGE_INFO} }} }}",
    ),
    "CUSTOMER_HEALTH_SCORE": (
        "healthScores",
        "query FindHealthScores($text: String!, $after: String) { "
        f"healthScores(where: {{title_contains: $text}}, first: {MAX_PAGE}, after: $after) "
        f"{{ edges {{ node {{ id title }} }} {PAGE_INFO} }} }}",
    ),
}

ALL_PRODUCTS = (
    "query AllProducts($after: String) { "
    f"products(first: {MAX_PAGE}, after: $after) "
    f"{{ edges {{ node {{ id title }} }} {PAGE_INFO} }} }}"
)

VANITY = (
    "query Vanity($productId: ID, $healthScoreId: ID, $after: String) { "
    "vanityMilestones(productId: $productId, healthScoreId: $healthScoreId, "
    f"first: {MAX_PAGE}, after: $after) "
    f"{{ edges {{ node {{ {MILESTONE_FIELDS} {PRODUCTS} {SCORES} }} }} {PAGE_INFO} }} }}"
)

CONTRIBUTIONS = (
    f"vanityContributions(first: {MAX_PAGE}, after: $vanityAfter) "
    f"{{ edges {{ node {{ weight milestone {{ id title }} }} }} {PAGE_INFO} }}"
)
SCORE_AUDITS = (
    "query ScoreAudits($after: String, $vanityAfter: String) { "
    f"healthScoreAudits(first: {MAX_PAGE}, after: $after) {{ edges {{ node {{ "
    f"healthScore {{ {NODE_FIELDS} }} totalWeight vanityWeight {CONTRIBUTIONS} }} }} "
    f"{PAGE_INFO} }} }}"
)
MORE_CONTRIBUTIONS = (
    "query ScoreContributions($id: ID!, $vanityAfter: String) { "
    f"healthScoreAudit(id: $id) {{ {CONTRIBUTIONS} }} }}"
)

UNMEASURED = (
    "query Unmeasured($after: String) { "
    f"unmeasuredOutcomes(first: {MAX_PAGE}, after: $after) "
    f"{{ edges {{ node {{ {NODE_FIELDS} }} }} {PAGE_INFO} }} }}"
)

MILESTONE_AUDIT = (
    "query MilestoneAudit($productId: ID, $after: String) { "
    f"milestoneAudit(productId: $productId, first: {MAX_PAGE}, after: $after) {{ edges {{ node {{ "
    f"classification milestone {{ {MILESTONE_FIELDS} {PRODUCTS} {SCORES} {OUTCOMES} }} }} }} "
    f"{PAGE_INFO} }} }}"
)

EVIDENCE_FIELDS = (
    "verdict a b c d rateHit rateMiss riskDifference riskDifferenceLow riskDifferenceHigh "
    "riskRatio oddsRatio oddsRatioLow oddsRatioHigh fisherP adjustedP zTestP phi ppv "
    "sensitivity coverage computedAt claimed outcome { id }"
)

EVIDENCE_REPORT = (
    "query EvidenceReport($productId: ID, $asOf: DateTime, $after: String) { "
    f"evidenceReport(productId: $productId, asOf: $asOf) {{ pairs(first: {MAX_PAGE}, "
    "after: $after) { edges { node { "
    "milestone { id type title status } outcome { id type title status } "
    f"evidence {{ {EVIDENCE_FIELDS} }} }} }} {PAGE_INFO} }} }} }}"
)

STORED_EVIDENCE = (
    "query StoredEvidence($ids: [ID!]!) { "
    f"successMilestones(where: {{id_in: $ids}}, first: {MAX_PAGE}) "
    f"{{ edges {{ node {{ id evidence {{ {EVIDENCE_FIELDS} }} }} }} }} }}"
)
