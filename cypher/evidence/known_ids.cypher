// The ids an import may refer to, with their labels: accounts, products, milestones, outcomes.
MATCH (n)
WHERE n:Account OR n:Product OR n:SuccessMilestone OR n:Outcome
RETURN n.id AS id, labels(n) AS labels
