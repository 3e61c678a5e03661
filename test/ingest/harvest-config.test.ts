import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../domain/config.js';

describe('the harvest settings', () => {
  it('reads comma-separated listing pages and allowed hosts, and harvests nothing by default', () => {
    expect(loadConfig({}).HARVEST_SOURCES).toEqual([]);
    const config = loadConfig({
      HARVEST_SOURCES: 'https://www.regionorebrolan.se/a/ , https://www.regionorebrolan.se/b/',
      HARVEST_ALLOW_HOSTS: 'Files.Example.se,127.0.0.1',
      HARVEST_INTERVAL_MINUTES: '60',
    });
    expect(config.HARVEST_SOURCES).toEqual(['https://www.regionorebrolan.se/a/', 'https://www.regionorebrolan.se/b/']);
    expect(config.HARVEST_ALLOW_HOSTS).toEqual(['files.example.se', '127.0.0.1']);
    expect(config.HARVEST_INTERVAL_MINUTES).toBe(60);
  });

  it('rejects a listing page that is not an http(s) URL, naming it', () => {
    expect(() => loadConfig({ HARVEST_SOURCES: 'https://ok.se/,ftp://x.se/protokoll' })).toThrow(
      /HARVEST_SOURCES must be comma-separated http\(s\) URLs of listing pages; "ftp:\/\/x.se\/protokoll" is not one/,
    );
    expect(() => loadConfig({ HARVEST_ALLOW_HOSTS: 'files.example.se:8443,https://x.se/' })).toThrow(
      /HARVEST_ALLOW_HOSTS must be comma-separated host or host:port entries.*"https:\/\/x.se\/" is not one/,
    );
    expect(loadConfig({ HARVEST_ALLOW_HOSTS: 'Files.Example.se:8443, [::1]:7700' }).HARVEST_ALLOW_HOSTS).toEqual([
      'files.example.se:8443',
      '[::1]:7700',
    ]);
    expect(() => loadConfig({ HARVEST_INTERVAL_MINUTES: 'ofta' })).toThrow(
      /HARVEST_INTERVAL_MINUTES must be a whole number/,
    );
  });
});
