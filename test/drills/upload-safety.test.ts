/**
 * Drill: a broken upload and a full disk during an upload, both under the name
 * of an existing protocol: 422 and 507, the old file, its protocol, its /source
 * bytes and the index unchanged, no temp file left. The full disk is a real
 * 4 MB tmpfs where this process may mount one, else an injected write error;
 * the injected variant always runs too.
 */
import { describe, expect, inject, it } from 'vitest';
import { uploadSafetyDrill } from '../../bench/drills/upload-safety.js';

describe('uploads that fail under the name of an existing protocol', () => {
  const meili = () => ({ url: inject('meiliUrl'), masterKey: inject('meiliKey') });

  it('leave the old file and protocol intact (real full disk where a tmpfs can be mounted)', async () => {
    const report = await uploadSafetyDrill({ meili: meili() });
    console.log(`upload safety (${report.mode}): ${JSON.stringify(report.steps)}`);
    expect(report.steps.map((s) => s.status)).toEqual([422, 507, 201]);
    expect(report.problems).toEqual([]);
  }, 60_000);

  it('leave the old file and protocol intact with a write error injected at the storage layer', async () => {
    const report = await uploadSafetyDrill({ meili: meili(), forceInjection: true });
    expect(report.mode).toBe('injected');
    expect(report.problems).toEqual([]);
  }, 60_000);
});
