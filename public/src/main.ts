/**
 * Protokollsök's web UI: one module per view (views/*.ts) and the router.
 * The first view registered is the default.
 */
import { link, main, registerView, start } from './router.js';
import { renderCoverage } from './views/coverage.js';
import { renderKeyness } from './views/keyness.js';
import { renderProtocol } from './views/protocol.js';
import { renderSearch } from './views/search.js';
import { renderTimeline } from './views/timeline.js';
import { renderTrends } from './views/trends.js';
import { renderUpload } from './views/upload.js';

registerView('sok', { title: 'Sök', render: (p) => renderSearch(p, 'sok') });
registerView('trender', { title: 'Trender', render: renderTrends });
registerView('nytt', { title: 'Vad är nytt', render: renderKeyness });
registerView('tidslinje', { title: 'Tidslinje', render: renderTimeline });
registerView('beslut', { title: 'Beslut', render: (p) => renderSearch(p, 'beslut') });
registerView('protokoll', { title: 'Protokoll', nav: 'sok', render: renderProtocol });
registerView('ladda-upp', { title: 'Ladda upp', render: renderUpload });
registerView('tackning', { title: 'Täckning', nav: 'trender', render: () => renderCoverage(main, link) });
start();
