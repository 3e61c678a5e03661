/**
 * Formalia: the agenda items by which a meeting runs itself (opened, its officials chosen, its
 * agenda approved, its quorum stated, its next meeting set, closed). Every protocol has them, in
 * every body and organisation, so they are no matter: "Följ frågan" from "Mötets öppnande" threaded
 * every other meeting's opening, and a long report that once says "öppnande" beside it. The title
 * shapes live in `domain/swedish/formalia.json` (validated here when it loads); one module decides.
 */
import { z } from 'zod';
import { loadDataFile } from './data-files.js';
import { memoize } from './swedish/memo.js';
import { titleHead } from './titles.js';

const FormaliaSchema = z.object({
  about: z.string(),
  kinds: z
    .array(
      z.object({
        kind: z.string().min(1),
        patterns: z
          .array(
            z.string().refine(
              (source) => {
                try {
                  new RegExp(source, 'iu');
                  return true;
                } catch {
                  return false;
                }
              },
              { message: 'not a regular expression' },
            ),
          )
          .min(1),
      }),
    )
    .min(1),
});

const kinds = loadDataFile('formalia', FormaliaSchema).kinds.map((k) => ({
  kind: k.kind,
  // Each pattern must cover the title's whole first part (titleHead): "Val av ordförande" is an election, not formalia.
  patterns: k.patterns.map((source) => new RegExp(`^(?:${source})$`, 'iu')),
}));

const kindOf = (part: string) => kinds.find((k) => k.patterns.some((re) => re.test(part)))?.kind ?? null;

/**
 * The kind of formalia a title names ("öppnande", "dagordning och kallelse" …), or null for a matter.
 * Formalia joined by "och" or "samt" ("Mötets öppnande och val av justerare") are formalia, of the first
 * one's kind, when every one of them is: "Inledning och presentation av projektet" is not. Remembered per
 * title: every hit of a search page carries it, and protocols repeat the same few formalia titles.
 */
export const formaliaKind: (title: string) => string | null = memoize(20_000, (title: string) => {
  const head = titleHead(title);
  if (!head) return null;
  const whole = kindOf(head);
  if (whole !== null) return whole;
  const parts = head.split(/\s+(?:och|samt)\s+/i);
  if (parts.length < 2) return null;
  const each = parts.map(kindOf);
  return each.every((k) => k !== null) ? each[0]! : null;
});
