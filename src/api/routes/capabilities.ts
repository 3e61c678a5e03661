/** What this server offers, for the UI to offer only that ("Ladda upp" only with admin on). */
import type { Router } from 'express';
import type { Config } from '../../../domain/config.js';
import type { Capabilities } from '../responses.js';
import { route } from '../route.js';

export function capabilityRoutes(router: Router, config: Pick<Config, 'ADMIN_API_KEY'>) {
  route(
    router,
    {
      method: 'get',
      path: '/api/capabilities',
      summary: 'What this server offers: admin (upload, delete, reindex) is on only when ADMIN_API_KEY is set',
      tags: ['drift'],
    },
    (): Capabilities => ({ admin: Boolean(config.ADMIN_API_KEY) }),
  );
}
