"""The audits as data: where they are read from, what a report is drawn from, when they fail.

`source` names what an audit reads (`AuditSource`) and finds nodes by id or title;
`graph_source` reads Neo4j through the service layer, `api_source` a running upg API, and
both map into the same model objects. `snapshot` gathers everything a report draws;
`thresholds` decides, as pure functions, when an audit fails a pipeline; `figures` writes
numbers the way the CLI and the report both show them.
"""
