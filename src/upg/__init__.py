"""upg: the customer-success region of the Unified Product Graph, on Neo4j."""

__version__ = "0.1.0"
