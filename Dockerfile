# The console as a container image (README "Operations"). Untested here: no Docker on the build
# machine. Multi-stage: dependencies and the Next build in one stage, a slim runtime as a non-root
# user in the other. The SQLite data lives in the /data volume, the encryption key in /keys (a
# volume of its own, so a copy of the data does not carry the key that opens it).
#
#   docker build -t execution-console .
#   docker run --init -p 3000:3000 -v console-data:/data -v console-keys:/keys execution-console
#
# --init (or `init: true` in compose) gives the process a PID 1 that reaps children; the console
# itself handles SIGTERM (graceful shutdown within SHUTDOWN_TIMEOUT_MS), so `docker stop` waits for it.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles its own SQLite when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
ENV NEXT_TELEMETRY_DISABLED=1
# The whole source before the install: postinstall generates the Prisma client from prisma/ and
# builds the SDK workspace (packages/sdk). .dockerignore keeps local builds and data out.
COPY . .
RUN npm ci
RUN npx next build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    DATABASE_URL=file:/data/console.db \
    ENCRYPTION_KEY_FILE=/keys/encryption.key \
    DEMO=off
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json /app/server.ts /app/tsconfig.json /app/next.config.mjs ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/.next ./.next
COPY --from=build --chown=node:node /app/src ./src
COPY --from=build --chown=node:node /app/prisma ./prisma
COPY --from=build --chown=node:node /app/scripts ./scripts
COPY --from=build --chown=node:node /app/packages ./packages
COPY --from=build --chown=node:node /app/examples ./examples
RUN mkdir -p /data /keys && chown node:node /data /keys && chmod 700 /keys
USER node
VOLUME ["/data", "/keys"]
EXPOSE 3000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Migrations first (no demo history is seeded in the image), then the server as the process
# itself (exec), so SIGTERM reaches it.
CMD ["sh", "-c", "npm run --silent db:migrate && exec node --import tsx server.ts"]
