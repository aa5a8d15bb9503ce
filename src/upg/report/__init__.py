"""Audit reports: `upg.report.html.render` turns an `upg.audit.snapshot.AuditSnapshot` into one
self-contained HTML page (inline CSS and SVG: nothing is fetched when it is opened).

The page is drawn by Jinja templates shipped in `templates/` (autoescaped); `layout` computes,
as plain functions, where each box and curve of a product's picture stands.
"""
