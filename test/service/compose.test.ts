import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../../domain/paths.js';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}

/** `npm start`'s command (package.json), as an argument list. */
function startCommand(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  return pkg.scripts.start.split(' ');
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(path.join(projectRoot, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, Service>;
    volumes: Record<string, unknown>;
  };

  it('runs the official Meilisearch 1.21 image with a volume and the master key from the environment', () => {
    const meili = compose.services.meilisearch!;
    expect(meili.image).toBe('getmeili/meilisearch:v1.21');
    expect(meili.volumes).toContain('meili_data:/meili_data');
    expect(meili.environment?.MEILI_MASTER_KEY).toMatch(/^\$\{MEILI_MASTER_KEY/);
    expect(meili.environment?.MEILI_ENV).toBe('production');
    expect(compose.volumes).toHaveProperty('meili_data');
  });

  it('builds the api and the watching ingest worker from the repo, pointed at that server', () => {
    for (const name of ['api', 'ingest']) {
      const service = compose.services[name]!;
      expect(service.build).toBe('.');
      expect(service.environment?.MEILI_URL).toBe('http://meilisearch:7700');
      expect(service.depends_on?.meilisearch?.condition).toBe('service_healthy');
    }
    expect(compose.services.ingest!.command).toEqual(['node', 'dist/ingest/worker.js', '--watch', '/data/corpus']);
    // The API runs as `npm start` runs it, with the same Node flags (the young generation's size).
    expect(compose.services.api!.command).toEqual(startCommand());
  });

  it("runs the API in the image with npm start's command", () => {
    const dockerfile = readFileSync(path.join(projectRoot, 'Dockerfile'), 'utf8');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(cmd && JSON.parse(cmd)).toEqual(startCommand());
    expect(startCommand()).toEqual(['node', '--max-semi-space-size=32', 'dist/src/main.js']);
  });

  it('starts the commands the Dockerfile builds', () => {
    const dockerfile = readFileSync(path.join(projectRoot, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
  });
});
