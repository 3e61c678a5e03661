/**
 * Summarises V8 CPU profiles (`node --cpu-prof`, one file per thread) as the
 * functions with the most self time, so RESULTS.md can say where time goes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

/** Self time by function over every .cpuprofile in `dir`, top `n`, as text lines. */
export function summariseProfiles(dir: string, n = 15): string {
  const self = new Map<string, number>();
  let total = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    samples.forEach((id, i) => {
      const node = byId.get(id);
      if (!node) return;
      const ms = (deltas[i] ?? 0) / 1000;
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url
        ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(dist|src|ingest)\//, '$1/')}:${lineNumber + 1}`
        : '';
      const key = `${functionName || '(anonymous)'} ${where}`.trim();
      self.set(key, (self.get(key) ?? 0) + ms);
      total += ms;
    });
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, n);
  return top
    .map(([k, ms]) => `  ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${ms.toFixed(0).padStart(7)} ms  ${k}`)
    .join('\n');
}

/** Self time grouped by package or project folder. */
export function summariseByModule(dir: string): string {
  const by = new Map<string, number>();
  let total = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    (profile.samples ?? []).forEach((id, i) => {
      const url = byId.get(id)?.callFrame.url ?? '';
      const ms = (profile.timeDeltas?.[i] ?? 0) / 1000;
      const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
      const key = m
        ? m[1]!
        : url.includes('/dist/')
          ? url.replace(/^.*\/dist\/([^/]+\/[^/]+).*$/, '$1')
          : url
            ? 'node internals'
            : '(program/gc/idle)';
      by.set(key, (by.get(key) ?? 0) + ms);
      total += ms;
    });
  }
  return [...by]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([k, ms]) => `  ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${k}`)
    .join('\n');
}
