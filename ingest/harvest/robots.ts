/**
 * robots.txt per origin, read once per harvest through the polite client
 * (RFC 9309): a 4xx means everything is allowed, an unreachable file means
 * nothing is for now, and a Crawl-delay slows the client down on that host.
 */
import robotsParserModule from 'robots-parser';
import type { PoliteClient } from './http.js';

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}
// The package's own declaration file declares the module twice and types it as a namespace.
const robotsParser = robotsParserModule as unknown as (url: string, text: string) => Robots;

export class RobotsGate {
  private readonly byOrigin = new Map<string, Robots | 'unavailable'>();
  private readonly agent: string;

  constructor(private readonly client: PoliteClient) {
    this.agent = client.policy.userAgent.split('/')[0]!;
  }

  /** null: allowed; otherwise why not (Swedish). Never throws: a failure is a reason. */
  async refusal(target: string): Promise<string | null> {
    try {
      return await this.check(target);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  private async check(target: string): Promise<string | null> {
    const url = new URL(target);
    let robots = this.byOrigin.get(url.origin);
    if (!robots) {
      const res = await this.client.get(`${url.origin}/robots.txt`);
      if (res.ok && res.status === 200) {
        robots = robotsParser(`${url.origin}/robots.txt`, res.body.toString('utf8'));
        const delay = robots.getCrawlDelay(this.agent);
        if (delay) this.client.setCrawlDelay(url.host.toLowerCase(), delay);
      } else if (!res.ok && res.kind === 'http' && res.status !== undefined && res.status >= 400 && res.status < 500) {
        // No robots.txt (4xx): everything is allowed (RFC 9309 §2.3.1.3).
        robots = robotsParser(`${url.origin}/robots.txt`, '');
      } else if (!res.ok && res.kind === 'not-allowed') {
        return res.reason;
      } else {
        // Unreachable robots.txt: assume everything is disallowed for now (RFC 9309 §2.3.1.4).
        robots = 'unavailable';
      }
      this.byOrigin.set(url.origin, robots);
    }
    if (robots === 'unavailable') return `${url.origin}/robots.txt kunde inte läsas; värden hoppas över den här gången`;
    return robots.isAllowed(target, this.agent) === false ? 'robots.txt tillåter inte hämtning' : null;
  }
}
