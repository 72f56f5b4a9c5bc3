# syntax=docker/dockerfile:1
# Multi-stage build on the current Node LTS. The build stage compiles better-sqlite3 from source
# against this image's own Node headers (nothing downloaded beyond the npm registry and Debian),
# generates the Prisma client and compiles the TypeScript to dist/; the runtime stage gets the
# compiled code, production dependencies, migrations and the shipped archive, runs as `node`, and
# keeps the knowledge base on a volume.

FROM node:26-trixie-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# node-gyp takes the headers from this Node's own prefix (/usr/local/include/node) instead of
# downloading them, and prebuild-install does not fetch a prebuilt binary from GitHub.
ENV npm_config_nodedir=/usr/local \
    npm_config_build_from_source=true
COPY package.json package-lock.json ./
# Dependencies first (a cached layer). Our own install scripts need the sources and run below;
# of the dependencies' scripts only better-sqlite3's native build is needed.
RUN npm ci --ignore-scripts \
 && npm rebuild better-sqlite3 \
 && node -e "require('better-sqlite3')(':memory:').close()"
COPY . .
RUN node scripts/generate-prisma.mjs \
 && npm run build \
 && npm prune --omit=dev

FROM node:26-trixie-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    DATABASE_URL=file:/data/kb.db \
    NODE_COMPILE_CACHE=/app/.node-compile-cache
WORKDIR /app
# Owned by root and read-only for the service user; only /data and the compile cache are writable.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/build/portal ./build/portal
COPY --from=build /app/bin ./bin
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/archive ./archive
COPY --from=build /app/scripts/warm-compile-cache.mjs ./scripts/warm-compile-cache.mjs
RUN mkdir -p /data /app/.node-compile-cache && chown node:node /data /app/.node-compile-cache
USER node
# The bytecode of what a start loads, compiled now as the service user (Node keeps one cache per
# user id): a new container (a replica scaled out, a restart) starts from it, about 0.2 s sooner.
RUN node scripts/warm-compile-cache.mjs
VOLUME ["/data"]
EXPOSE 4000
# The first start ingests the shipped archive; /readyz answers 503 until it has committed.
HEALTHCHECK --interval=15s --timeout=3s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "bin/istio-kb.js", "serve"]
