# Protokollsök API and ingest worker. Meilisearch runs as its own service
# (getmeili/meilisearch:v1.21, see docker-compose.yml), so the bundled binary
# (an optional dependency) is left out of the image.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# esbuild's platform binary is an optional dependency: keep optional ones in the build stage.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY domain ./domain
COPY ingest ./ingest
COPY public ./public
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 CORPUS_DIR=/data/corpus DATA_DIR=/data/state
# OCR of scanned pages: Tesseract 5 with its Swedish model, and poppler's pdftoppm/pdfimages.
RUN apt-get update && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-swe poppler-utils && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
# Data files the stages read at run time (taxonomy, synonyms, lexicons).
COPY domain/taxonomy.json ./domain/
COPY domain/swedish/*.json ./domain/swedish/
COPY corpus /data/corpus
RUN mkdir -p /data/state && chown -R node:node /data
USER node
EXPOSE 3000
# The API's Node flags are `npm start`'s (package.json; test/service/compose.test.ts checks they agree).
CMD ["node", "--max-semi-space-size=32", "dist/src/main.js"]
