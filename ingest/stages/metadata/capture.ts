/**
 * Named regex groups behind one helper: `capture(re, text)` returns the
 * match's named groups (undefined where a group did not take part), or null,
 * so callers read `g.day` instead of `m[1]!`.
 */
export type Groups = Readonly<Record<string, string | undefined>>;

export function capture(re: RegExp, text: string): Groups | null {
  const m = re.exec(text);
  if (re.global || re.sticky) re.lastIndex = 0;
  return m ? (m.groups ?? {}) : null;
}

/** Every match's named groups and where it starts. */
export function* captureAll(re: RegExp, text: string): Generator<{ at: number; g: Groups }> {
  for (const m of text.matchAll(re)) yield { at: m.index, g: m.groups ?? {} };
}
