# The Convene API. docker-compose.yml runs it next to a Neo4j server.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The service alone, no extras: the wheel holds the code and the demo data, not the
# benchmark (.dockerignore trims the context; tests/test_dockerfile.py checks both
# against pyproject.toml).
WORKDIR /app
COPY . /app
RUN pip install . \
    && useradd --system --uid 10001 --home-dir /app convene \
    && mkdir -p /data \
    && chown convene /data

USER convene
ENV CONVENE_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8000

CMD ["convene", "serve", "--host", "0.0.0.0", "--port", "8000"]
