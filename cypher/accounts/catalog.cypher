// JOURNEY MILESTONES: the milestones routes can lead through, for a page of accounts: those the
// given products celebrate and those validating the given outcomes, that validate something and
// are not cancelled; each with its products and, per outcome it validates, the stored evidence;
// and the whole node (temporals as ISO strings, as node statements return them), so the API
// need not read the milestones of a page's routes again.
:param productIds => ['89e6b53c-f4a3-5eb3-8757-3d4d887c31e2'];
:param outcomeIds => [];
:param cancelled => 'cancelled';

CALL () {
  UNWIND $productIds AS productId
  MATCH (:Product {id: productId})-[:CELEBRATES_VIA]->(m:SuccessMilestone)
  RETURN m
  UNION
  UNWIND $outcomeIds AS outcomeId
  MATCH (m:SuccessMilestone)-[:VALIDATES]->(:Outcome {id: outcomeId})
  RETURN m
}
WITH DISTINCT m
WHERE m.status <> $cancelled AND EXISTS { (m)-[:VALIDATES]->(:Outcome) }
RETURN m.id AS id, m.title AS title, m.window_days AS windowDays,
       toString(m.target_date) AS targetDate, m.milestone_type AS milestoneType, m.play AS play,
       COLLECT { MATCH (p:Product)-[:CELEBRATES_VIA]->(m) RETURN p.id } AS products,
       COLLECT {
         MATCH (m)-[v:VALIDATES]->(o:Outcome)
         RETURN [o.id, v.evidence_verdict, v.evidence_risk_difference]
       } AS validates,
       m {.*,
          created_at: toString(m.created_at),
          updated_at: toString(m.updated_at),
          target_date: toString(m.target_date)} AS node
