/**
 * The harvester CLI.
 *
 *   npm run harvest                                   harvest HARVEST_SOURCES
 *   npm run harvest -- --url <listing page> [--url …] harvest these pages
 *   npm run harvest -- --allow-host <host> …          also fetch from this host (as HARVEST_ALLOW_HOSTS)
 *   npm run harvest -- --no-ingest …                  download only
 *
 * One line per listing page, download, skip and failure, then a summary. Exit 0
 * when everything linked was fetched and read, 1 when some page, link or file
 * failed (the rest is done and kept), 2 when the configuration is invalid or
 * Meilisearch cannot be reached.
 */
import '../../domain/quiet-dotenv.js';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../domain/config.js';
import { connectStore, type Store } from '../../domain/store/connect.js';
import { Indexer } from '../indexer.js';
import { IndexUnavailableError } from '../indexer.js';
import { harvest, summaryLine } from './harvest.js';
import { harvestOptionsFrom } from './schedule.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', multiple: true, default: [] },
      'allow-host': { type: 'string', multiple: true, default: [] },
      'no-ingest': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(
      'Användning: npm run harvest -- [--url <listsida> …] [--allow-host <värd> …] [--no-ingest]   (utan --url: HARVEST_SOURCES)',
    );
    return 0;
  }
  const config = loadConfig();
  const listings = values.url.length > 0 ? values.url : config.HARVEST_SOURCES;
  if (listings.length === 0) {
    console.error('Inga listsidor: ange --url <listsida> eller sätt HARVEST_SOURCES.');
    return 2;
  }
  const store: Store | null = values['no-ingest']
    ? null
    : await connectStore(config, { log: (line) => console.error(line) });
  const runtime = store ? { indexer: new Indexer(store.admin, store.names), close: () => store.close() } : null;
  try {
    const options = harvestOptionsFrom(config, runtime?.indexer ?? null, listings, (line) => console.log(line));
    const report = await harvest({ ...options, allowHosts: [...config.HARVEST_ALLOW_HOSTS, ...values['allow-host']] });
    console.log(summaryLine(report));
    const failed =
      report.failed.length + report.listings.filter((l) => !l.ok).length + (report.ingest?.failed.length ?? 0);
    return failed > 0 ? 1 : 0;
  } finally {
    await runtime?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(`Felaktig konfiguration: ${error.message}`);
    else if (error instanceof IndexUnavailableError)
      console.error(
        `Meilisearch svarar inte; de hämtade filerna ligger kvar i korpusmappen och läses in nästa gång. (${error.message})`,
      );
    else console.error(`Skördningen misslyckades: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
