// The ids an import may refer to, by label: accounts, products, milestones, outcomes.
RETURN COLLECT { MATCH (n:Account) RETURN n.id } AS Account,
       COLLECT { MATCH (n:Product) RETURN n.id } AS Product,
       COLLECT { MATCH (n:SuccessMilestone) RETURN n.id } AS SuccessMilestone,
       COLLECT { MATCH (n:Outcome) RETURN n.id } AS Outcome
