# syntax=docker/dockerfile:1
# One image for the API, the worker and the migration job; the command picks the role.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# The results report's chart is drawn on the server: its Vietnamese labels need a font.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-liberation && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The generated Prisma client is already compiled into dist/; skip the generate hook.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma/migrations ./prisma/migrations
COPY --from=build /app/web/public ./web/public
USER node
ENV API_HOST=0.0.0.0 API_PORT=3000
EXPOSE 3000
CMD ["node", "dist/bin/api.js"]
