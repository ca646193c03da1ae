# One image for everything in docker-compose.yml: the two services and the register-schemas job.
# The code runs from TypeScript sources via tsx, so the dev dependencies are needed at runtime.
FROM node:22-bookworm-slim

WORKDIR /app
RUN chown node:node /app
USER node

# Manifests first so that `npm ci` is cached until a dependency changes.
COPY --chown=node:node package.json package-lock.json .npmrc ./
COPY --chown=node:node contracts/package.json contracts/
COPY --chown=node:node event-runtime/package.json event-runtime/
COPY --chown=node:node codegen/package.json codegen/
COPY --chown=node:node schema-gate/package.json schema-gate/
COPY --chown=node:node stack/package.json stack/
COPY --chown=node:node user-service/package.json user-service/
COPY --chown=node:node order-service/package.json order-service/
COPY --chown=node:node bench/package.json bench/
RUN npm ci --no-audit --no-fund

COPY --chown=node:node . .

CMD ["cat", "docker/usage.txt"]
