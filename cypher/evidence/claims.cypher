// Every VALIDATES edge (the claims evidence is computed for), optionally for one product.
:param productId => null;

MATCH (m:SuccessMilestone)-[:VALIDATES]->(o:Outcome)
WHERE $productId IS NULL OR EXISTS { (:Product {id: $productId})-[:CELEBRATES_VIA]->(m) }
RETURN m.id AS milestoneId, o.id AS outcomeId
