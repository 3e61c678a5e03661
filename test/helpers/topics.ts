/**
 * Item-level topic scoring against hand labels: the seed protocols
 * (test/fixtures/seed-gold.json, three topics labelled) and every item of the
 * real development PDFs (test/fixtures/real/real-topics.json, every topic).
 * A borderline label counts neither for nor against a tag. Test code only.
 */
import { readFileSync } from 'node:fs';
import { Confusion } from './gold.js';

export interface RealTopicItem {
  file: string;
  itemNumber: string;
  title: string;
  topics: string[];
  borderline: string[];
  note?: string;
}

export const realTopics = (
  JSON.parse(readFileSync(new URL('../fixtures/real/real-topics.json', import.meta.url), 'utf8')) as {
    items: RealTopicItem[];
  }
).items;

/** One scored item: what the labels say and what the tagger said. */
export interface ScoredItem {
  /** "file#number", for messages. */
  key: string;
  /** File the item is in (for per-file tables and leave-one-file-out checks). */
  file: string;
  topics: readonly string[];
  borderline: readonly string[];
  tagged: readonly string[];
}

/** Per-topic confusions plus the micro-average over `topics`. */
export function scoreTopics(items: readonly ScoredItem[], topics: readonly string[]) {
  const per = new Map(topics.map((t) => [t, new Confusion()]));
  const micro = new Confusion();
  const errors: string[] = [];
  for (const item of items)
    for (const topic of topics) {
      if (item.borderline.includes(topic)) continue;
      const want = item.topics.includes(topic);
      const got = item.tagged.includes(topic);
      per.get(topic)!.add(want, got);
      micro.add(want, got);
      if (want !== got) errors.push(`${want ? 'missed' : 'false '} ${topic.padEnd(34)} ${item.key}`);
    }
  return { per, micro, errors };
}

/** The table printed by the topic test: one line per topic, then the micro-average. */
export function topicTable(
  title: string,
  scores: ReturnType<typeof scoreTopics>,
  before: Readonly<Record<string, string>> = {},
): string {
  const line = (name: string, c: Confusion) =>
    `${name.padEnd(34)} P=${c.precision.toFixed(2)} R=${c.recall.toFixed(2)} (tp ${String(c.tp).padStart(2)}, fp ${String(c.fp).padStart(2)}, fn ${String(c.fn).padStart(2)})${before[name] ? `  | before ${before[name]}` : ''}`;
  return [
    `── ${title} ──`,
    ...[...scores.per].map(([t, c]) => line(t, c)),
    line('micro-average', scores.micro),
    ...scores.errors.map((e) => `   ${e}`),
  ].join('\n');
}
