"""The Neo4j adapters: the repositories behind `services.ports`, the Cypher loader and runner,
transactions and migrations. The driver they share is opened by `upg.bootstrap`."""
