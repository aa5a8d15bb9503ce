"""Compiled reads: a GraphQL read in the read model answered by one Cypher statement."""
