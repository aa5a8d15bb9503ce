"""Use cases shared by the GraphQL API and the CLI."""
