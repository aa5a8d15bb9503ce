"""Everything that talks to Neo4j: driver, Cypher loader, migrations, repository."""
