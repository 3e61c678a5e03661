/**
 * Starts bench/floor-proxy.ts as its own process over a file of recorded calls: the bare floor,
 * or with `work` the search's work floor. Resolves once it listens; `stop` ends it.
 */
import path from 'node:path';
import { projectRoot } from '../domain/paths.js';
import { spawnNode } from './drills/procs.js';

export interface Floor {
  url: string;
  stop(): Promise<void>;
}

export async function startFloor(callsFile: string, meiliUrl: string, work = false): Promise<Floor> {
  const proc = spawnNode(
    [path.join(projectRoot, 'bench', 'floor-proxy.ts'), callsFile, meiliUrl, ...(work ? ['--work'] : [])],
    {},
    ['--import', 'tsx'],
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the floor proxy did not start: ${proc.lines.slice(-3).join(' | ')}`)),
      30_000,
    );
    proc.onLine((line) => {
      const m = /^listening (\d+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      proc.child.kill('SIGTERM');
      await proc.exited;
    },
  };
}
