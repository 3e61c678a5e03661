// Prints the README's configuration table from the config schema's descriptions.
import { describeConfig } from '../domain/config.js';

console.log('| Variable | Default | Meaning |\n|---|---|---|');
for (const row of describeConfig())
  console.log(
    `| \`${row.variable}\` | ${row.default === '—' || row.default === '' ? '—' : `\`${row.default}\``} | ${row.description} |`,
  );
