# The upg API and its web app in a container; Neo4j runs beside it (docker-compose.yml).

# The web app (web/), built as `make web` builds it: scripts/build-web runs npm ci with the
# committed lockfile, then graphql-codegen from graphql/schema.graphql, tsc and vite build.
FROM node:20-bookworm-slim AS web
WORKDIR /src
COPY web/package.json web/package-lock.json ./web/
RUN cd web && npm ci --no-audit --no-fund --loglevel=error
COPY graphql/schema.graphql ./graphql/
COPY scripts/build-web ./scripts/
COPY web ./web
RUN scripts/build-web

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
# cypher/ goes into the wheel as upg/_cypher (pyproject's force-include); README is its readme.
COPY pyproject.toml README.md ./
COPY src ./src
COPY cypher ./cypher
RUN pip install . && rm -rf /src
# Installed upg serves the app from <prefix>/share/upg/web (upg.api.webapp.INSTALLED_DIST).
COPY --from=web /src/web/dist /usr/local/share/upg/web

RUN useradd --create-home --uid 10001 upg
USER upg
WORKDIR /home/upg

ENV UPG_HOST=0.0.0.0 \
    UPG_PORT=8000
EXPOSE 8000

# Migrations, then the demo only when UPG_LOAD_DEMO=true (the compose file sets it), then serve;
# both steps are idempotent, so a restarted container just serves again.
COPY scripts/docker-entrypoint /usr/local/bin/docker-entrypoint
CMD ["docker-entrypoint"]
