"""Operating upg: Prometheus metrics, structured logs and OpenTelemetry traces (docs/operations.md).

`record` is what one request leaves behind (the API fills it, the repository adds its Cypher
statements to it); `metrics`, `logs` and `tracing` turn it into numbers, log lines and spans.
"""
