# syntax=docker/dockerfile:1
# Build: compile TypeScript with the full dependency set.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# `prepare` builds when the sources are there; here they are not yet, so it does nothing.
COPY scripts/prepare.js ./scripts/
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY migrations ./migrations
COPY scripts ./scripts
COPY clients ./clients
COPY rolldown.config.mjs ./
RUN npm run build

# Production dependencies only. Native parts (argon2, the embedded PostgreSQL kept for
# `npm start` without DATABASE_URL) arrive as prebuilt optional packages, so keep optionals.
FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY scripts/prepare.js ./scripts/
RUN npm ci --omit=dev && npm cache clean --force

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node scripts/start.js ./scripts/
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# The same image runs the api (default: what `npm start` runs, the bundle dist/api.js through
# V8's code cache: dist/.v8-build from the build, dist/.v8-cache written by the first start), the worker
# (`node dist/apps/worker/src/main.js`) and the migration Job
# (`node dist/apps/api/src/cli/migrate.js run`).
CMD ["node", "scripts/start.js"]
