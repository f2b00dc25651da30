# One image for both processes; docker-compose.yml picks the entry point. Node 24 is the current LTS line;
# .ci/node-lts runs the unit and end-to-end suites on it.
FROM node:24-bookworm-slim AS build
WORKDIR /app
# Toolchain for compiling better-sqlite3 when no prebuilt binary matches this Node.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# The apps default to loopback; inside a container they must take connections from outside it.
ENV GATEWAY_HOST=0.0.0.0 STATUS_PAGE_HOST=0.0.0.0
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/apps/status-page/views ./apps/status-page/views
COPY --from=build /app/apps/status-page/public ./apps/status-page/public
COPY --from=build /app/apps/gateway/site ./apps/gateway/site
# The default SQLite database (./data/firebreak.sqlite) is created by the unprivileged user.
RUN mkdir data && chown node:node data
USER node
CMD ["node", "dist/apps/gateway/src/main.js"]
