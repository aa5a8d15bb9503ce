// Page 4, Accounts: the route-status table (filters: product, status, play) and an account's
// route, paginated with cursors. It needs the accounts API (`accounts(...)`, `Account.route`),
// which graphql/schema.graphql does not have yet: when it lands, add operations/accounts.graphql,
// draw the table here, and add "Accounts" to the navigation in app.tsx.
export function AccountsPage() {
  return (
    <p>
      The accounts pages arrive with the accounts API: this server's GraphQL schema has no accounts
      yet.
    </p>
  );
}
