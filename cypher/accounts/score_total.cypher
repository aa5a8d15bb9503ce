// HEALTH SCORE TOTAL WEIGHT for the health-score filter of accounts/page: the score's total
// weight (the denominator of its value, upg.model.health_values); no row when there is no score.
:param scoreId => '00000000-0000-0000-0000-000000000000';

MATCH (s:CustomerHealthScore {id: $scoreId})
RETURN reduce(t = 0.0, w IN COLLECT {
         MATCH (s)-[c:CONTAINS]->(:SuccessMilestone) RETURN coalesce(c.weight, 0.0)
       } | t + w) AS total
