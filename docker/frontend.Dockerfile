# syntax=docker/dockerfile:1
#
# Next.js frontend of the Todo AI Chatbot, as a standalone server.
#
# Build context: the frontend source folder, which holds package.json,
# package-lock.json and a next.config.* with `output: 'standalone'`. Copy
# docker/frontend.dockerignore there as .dockerignore first.
#
#   docker build -f docker/frontend.Dockerfile -t todo-frontend:0.1.0-local \
#     --build-arg NEXT_PUBLIC_API_URL=/api ../frontend
#
# NEXT_PUBLIC_* variables are compiled into the browser bundle by `next build`.
# Setting them on the running container changes only server-side code, never
# what the browser gets: pass them as build arguments and rebuild to change them.
#
# Runs as UID/GID 10001 on a read-only root filesystem: it writes only to /tmp
# and to /app/.next/cache (a volume).

ARG NODE_IMAGE=node:20.19.2-alpine3.21

# ---- deps: node_modules from the lockfile, rebuilt only when it changes.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# ---- build: `next build` with the public values baked in.
FROM ${NODE_IMAGE} AS build
ARG APP_ENV=production
ARG NEXT_PUBLIC_API_URL=/api
# Any other NEXT_PUBLIC_* values, as dotenv lines (NAME=value, one per line);
# `todo-chatbot images build --build-arg NEXT_PUBLIC_NAME=value` fills it.
ARG NEXT_PUBLIC_ENV=
ENV APP_ENV=${APP_ENV} \
    NEXT_PUBLIC_API_URL=${NEXT_PUBLIC_API_URL} \
    NEXT_TELEMETRY_DISABLED=1 \
    NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# next build reads .env.production.local; only NEXT_PUBLIC_* lines get there.
RUN printf '%s\n' "$NEXT_PUBLIC_ENV" | grep '^NEXT_PUBLIC_[A-Za-z0-9_]*=' > .env.production.local || true
RUN npm run build
RUN if [ ! -f .next/standalone/server.js ]; then echo "next.config must set output: 'standalone'" >&2; exit 1; fi \
 && mkdir -p public

# ---- runtime: only the standalone server, its static files and public/.
FROM ${NODE_IMAGE} AS runtime
ARG APP_ENV=production
ENV APP_ENV=${APP_ENV} \
    NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOME=/tmp \
    PORT=3000 \
    HOSTNAME=0.0.0.0
RUN addgroup -S -g 10001 app \
 && adduser -S -D -H -u 10001 -G app -h /tmp -s /sbin/nologin app
WORKDIR /app
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
# The only place Next.js writes besides /tmp (image optimisation and fetch cache).
RUN mkdir -p /app/.next/cache \
 && chown 10001:10001 /app/.next/cache
VOLUME ["/app/.next/cache"]
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "require('http').get({ host: '127.0.0.1', port: process.env.PORT || 3000, path: '/', timeout: 4000 }, (r) => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))"]
CMD ["node", "server.js"]
