# The upg API in a container; Neo4j runs beside it (docker-compose.yml).
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
