# The production image of both services and the runtime's CLIs, used by docker-compose.yml. Two stages:
#   build    every dependency, then `npm run build` (tsc: each workspace's src/ → dist/);
#   runtime  production dependencies of the shipped workspaces only, their compiled dist/, schemas/
#            (read by schemas:register), as the unprivileged `node` user, with a HEALTHCHECK on /health.
# Build: docker build -t contract-events .   Run: see docker/usage.txt (the default command prints it).
# test/unit/dockerfile.test.ts checks these stages; test/e2e/production-image.test.ts runs what the
# runtime stage holds (npm ci --omit=dev, dist/) against the real stack.

FROM node:22-bookworm-slim AS build
WORKDIR /app
# Manifests first so that `npm ci` is cached until a dependency changes.
COPY package.json package-lock.json .npmrc ./
# The fixes npm ci's postinstall applies to dependencies (patch-package; docs/architecture.md says why).
COPY patches patches
COPY contracts/package.json contracts/
COPY event-runtime/package.json event-runtime/
COPY codegen/package.json codegen/
COPY schema-gate/package.json schema-gate/
COPY stack/package.json stack/
COPY user-service/package.json user-service/
COPY order-service/package.json order-service/
COPY bench/package.json bench/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:22-bookworm-slim AS runtime
# The compiled workspaces import each other's dist/ under this condition (their package.json `exports`);
# without it they would resolve src/*.ts, which this image does not hold. Then the V8 heap flags every
# service is started with (SERVICE_NODE_FLAGS, event-runtime/src/service/node-flags.ts, which says why).
ENV NODE_ENV=production \
    NODE_OPTIONS="--conditions=@contract-events/dist --max-semi-space-size=4 --max-old-space-size=512"
WORKDIR /app
# npm ci checks the lockfile against every workspace's manifest, so all are copied; it installs the
# production dependencies of the shipped workspaces only (no codegen, gate, stack or bench).
COPY package.json package-lock.json .npmrc ./
# The fixes npm ci's postinstall applies to dependencies (patch-package; docs/architecture.md says why).
COPY patches patches
COPY contracts/package.json contracts/
COPY event-runtime/package.json event-runtime/
COPY codegen/package.json codegen/
COPY schema-gate/package.json schema-gate/
COPY stack/package.json stack/
COPY user-service/package.json user-service/
COPY order-service/package.json order-service/
COPY bench/package.json bench/
RUN npm ci --omit=dev --no-audit --no-fund \
      --workspace=@contract-events/contracts --workspace=@contract-events/runtime \
      --workspace=@contract-events/user-service --workspace=@contract-events/order-service \
    && npm cache clean --force
COPY --from=build /app/contracts/dist contracts/dist
COPY --from=build /app/event-runtime/dist event-runtime/dist
COPY --from=build /app/user-service/dist user-service/dist
COPY --from=build /app/order-service/dist order-service/dist
COPY schemas schemas
COPY docker/usage.txt docker/
USER node
EXPOSE 3001 3002
# HTTP_PORT is the service's own setting (docker-compose.yml sets it for each service).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.HTTP_PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["cat", "docker/usage.txt"]
