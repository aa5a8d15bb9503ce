// Accounts' kept route marks (upg.model.journey.RouteMarks), which `accounts(where: {status})`
// filters by: route_state, route_due_at (earliest due milestone not reached) and route_last_at
// (latest REACHED, else sign-up). `upg accounts refresh` computes them for existing accounts.
CREATE INDEX account_route_state IF NOT EXISTS FOR (a:Account) ON (a.route_state);
CREATE INDEX account_route_due_at IF NOT EXISTS FOR (a:Account) ON (a.route_due_at);
