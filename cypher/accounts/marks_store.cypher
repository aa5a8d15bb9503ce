// Keep each account's route marks (upg.model.journey.RouteMarks): what the status filter reads.
:param rows => [{id: 'acct-1', state: 'OPEN', due_at: datetime('2026-02-01T00:00:00Z'), last_at: datetime('2026-01-05T00:00:00Z')}];

UNWIND $rows AS row
MATCH (a:Account {id: row.id})
SET a.route_state = row.state, a.route_due_at = row.due_at, a.route_last_at = row.last_at
RETURN count(a) AS stored
