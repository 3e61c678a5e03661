import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../../domain/config.js';

describe('loadConfig', () => {
  it('has working defaults: port 3000, the bundled corpus, an embedded Meilisearch', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.MEILI_URL).toBeUndefined();
    expect(config.CORPUS_DIR).toMatch(/corpus$/);
    expect(config.INGEST_ON_START).toBe(true);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('rejects PORT=abc naming the variable and what it accepts', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT must be a whole number \(got "abc"\)/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be between 1 and 65535/);
  });

  it('rejects a MEILI_URL that is not a URL and a master key shorter than 16 bytes', () => {
    expect(() => loadConfig({ MEILI_URL: 'localhost' })).toThrow(/MEILI_URL must be an http\(s\) URL/);
    expect(() => loadConfig({ MEILI_URL: 'http://127.0.0.1:7700', MEILI_MASTER_KEY: 'short' })).toThrow(
      /MEILI_MASTER_KEY must be at least 16 bytes/,
    );
  });

  it('reads booleans written as true/false/1/0 and treats empty values as unset', () => {
    expect(loadConfig({ INGEST_ON_START: 'false' }).INGEST_ON_START).toBe(false);
    expect(loadConfig({ INGEST_ON_START: '1' }).INGEST_ON_START).toBe(true);
    expect(loadConfig({ PORT: '' }).PORT).toBe(3000);
    expect(() => loadConfig({ LOG_REQUESTS: 'maybe' })).toThrow(/LOG_REQUESTS must be true or false/);
  });

  it('describes every variable for the README table', () => {
    const rows = describeConfig();
    expect(rows.map((r) => r.variable)).toContain('ADMIN_API_KEY');
    for (const row of rows) expect(row.description.length).toBeGreaterThan(10);
  });
});

describe('loadConfig and secrets', () => {
  it('names an invalid secret variable without printing its value', () => {
    const attempt = () => loadConfig({ ADMIN_API_KEY: 'hemlig-kort' });
    expect(attempt).toThrow(/ADMIN_API_KEY must be at least 16 characters/);
    expect(attempt).not.toThrow(/hemlig-kort/);
    expect(() => loadConfig({ MEILI_URL: 'http://127.0.0.1:7700', MEILI_MASTER_KEY: 'kort-nyckel' })).not.toThrow(
      /kort-nyckel/,
    );
  });
});

describe('INGEST_WORKERS, TRUST_PROXY, PUBLIC_HTTPS', () => {
  it('defaults to one ingest process per core but one (at least 1, at most 4) and accepts 1 to 32', async () => {
    const { availableParallelism } = await import('node:os');
    expect(loadConfig({}).INGEST_WORKERS).toBe(Math.max(1, Math.min(availableParallelism() - 1, 4)));
    expect(loadConfig({ INGEST_WORKERS: '3' }).INGEST_WORKERS).toBe(3);
    expect(() => loadConfig({ INGEST_WORKERS: '0' })).toThrow(/INGEST_WORKERS must be between 1 and 32/);
  });

  it('reads TRUST_PROXY as express takes it: off by default, a hop count, or names', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).TRUST_PROXY).toBe('loopback');
    expect(() => loadConfig({ TRUST_PROXY: 'everyone!' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({}).PUBLIC_HTTPS).toBe(false);
  });
});
