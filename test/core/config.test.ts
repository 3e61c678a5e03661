import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../../src/domain/config.js';

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
    expect(() => loadConfig({ MEILI_URL: 'http://127.0.0.1:7700', MEILI_MASTER_KEY: 'short' })).toThrow(/MEILI_MASTER_KEY must be at least 16 bytes/);
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
