"""The graph model: node and edge types, lifecycles, validation, audit rules.

Pure Python: imports neither neo4j nor strawberry.
"""
