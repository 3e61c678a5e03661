// Worker entry when the code runs as TypeScript (vitest, tsx): hooks tsx into
// this worker thread, then loads the real worker body.
import { register } from 'tsx/esm/api';

register();
await import('./pool-worker.ts');
