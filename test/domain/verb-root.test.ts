import { describe, expect, it } from 'vitest';
import { analyseForIndex, analyseQuery } from '../../domain/swedish/analyse.js';
import { verbRoot } from '../../domain/swedish/stem.js';

const indexed = (text: string) => new Set(analyseForIndex(text).split(' '));
const query = (q: string) => analyseQuery(q).words.map((w) => w.term);

describe('action nouns meet their agent nouns through the verb', () => {
  it.each([
    ['suicidsamordning', 'suicidsamordnare'],
    ['samordningen', 'samordnaren'],
    ['utredningar', 'utredare'],
    ['handläggning', 'handläggare'],
    ['vårdplaneringen', 'vårdplanerare'],
    ['anställning', 'anställande'],
  ])('indexes "%s" under the term a query for "%s" searches', (noun, agent) => {
    const terms = indexed(noun);
    for (const t of query(agent)) expect(terms).toContain(t);
  });

  it('takes the root only from a verb the dictionary lists, never from a guess', () => {
    expect(verbRoot('samordning')).toBe('samordn');
    expect(verbRoot('utredning')).toBe('utred');
    expect(verbRoot('tidning')).toBeUndefined();
    expect(verbRoot('ting')).toBeUndefined();
    expect(verbRoot('omsorg')).toBeUndefined();
  });
});
