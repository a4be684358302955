# syntax=docker/dockerfile:1
#
# FastAPI backend of the Todo AI Chatbot.
#
# Build context: the backend source folder, which holds requirements.txt
# (with fastapi and uvicorn), optionally requirements-dev.txt, and the ASGI
# app importable as main:app (override with APP_MODULE). Copy
# docker/backend.dockerignore there as .dockerignore first.
#
#   docker build -f docker/backend.Dockerfile -t todo-backend:0.1.0-local ../backend
#   docker run --read-only --tmpfs /tmp -v todo-data:/data -p 8000:8000 todo-backend:0.1.0-local
#
# Runs as UID/GID 10001 on a read-only root filesystem: it writes only to /tmp
# and to the /data volume (the SQLite file).

ARG PYTHON_IMAGE=python:3.13.5-slim-bookworm

# ---- deps: a virtualenv with the pinned requirements. It is rebuilt only when
# the requirements change, not on every source edit.
FROM ${PYTHON_IMAGE} AS deps
# development also installs requirements-dev.txt; production does not.
ARG APP_ENV=production
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /build
COPY requirements*.txt ./
RUN pip install -r requirements.txt \
 && if [ "$APP_ENV" = "development" ] && [ -f requirements-dev.txt ]; then pip install -r requirements-dev.txt; fi

# ---- runtime: the virtualenv plus the source, owned by root and read-only to the app.
FROM ${PYTHON_IMAGE} AS runtime
ARG APP_ENV=production
ENV APP_ENV=${APP_ENV} \
    PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp \
    TMPDIR=/tmp \
    PORT=8000 \
    WEB_CONCURRENCY=2 \
    APP_MODULE=main:app \
    DATABASE_URL=sqlite:////data/todo.db
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid 10001 --home-dir /tmp --no-create-home --shell /usr/sbin/nologin app \
 && mkdir -p /data \
 && chown 10001:10001 /data
COPY --from=deps /opt/venv /opt/venv
WORKDIR /app
COPY . .
# Bytecode is compiled now, because the root filesystem is read-only at run time.
RUN python -m compileall -q /app
VOLUME ["/data"]
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('PORT', '8000'), timeout=4)"]
# A shell only to expand the variables; exec hands PID 1 to uvicorn so it gets SIGTERM.
# WEB_CONCURRENCY sets the number of worker processes.
CMD ["sh", "-c", "exec uvicorn \"$APP_MODULE\" --host 0.0.0.0 --port \"$PORT\" --workers \"$WEB_CONCURRENCY\" --proxy-headers --forwarded-allow-ips '*'"]
