/**
 * Topic names as a request gives them, checked against the taxonomy: a label
 * in any case or a topic id names the topic; anything else is a 400 that
 * lists the topics there are, never a silent series of zeros.
 */
import { AppError } from '../../domain/errors.js';
import { listTopics } from '../../domain/taxonomy.js';

/** The taxonomy's labels for the given names (label in any case, or id), in the order given, each once. */
export function resolveTopics(names: readonly string[], param = 'topics'): string[] {
  const topics = listTopics();
  const byName = new Map<string, string>();
  for (const t of topics) {
    byName.set(t.label.toLocaleLowerCase('sv'), t.label);
    byName.set(t.id, t.label);
  }
  const unknown: string[] = [];
  const out: string[] = [];
  for (const name of names) {
    const label = byName.get(name.trim().toLocaleLowerCase('sv'));
    if (label === undefined) unknown.push(name);
    else if (!out.includes(label)) out.push(label);
  }
  if (unknown.length) {
    const known = topics.map((t) => t.label);
    throw new AppError(
      'invalid-parameter',
      `${unknown.length === 1 ? 'Okänt ämne' : 'Okända ämnen'}: ${unknown.map((u) => `"${u}"`).join(', ')}. ` +
        `Välj bland: ${known.join(', ')} (eller sök på egna ord med terms=).`,
      { param, extensions: { knownTopics: known } },
    );
  }
  return out;
}
