/**
 * A one-argument function remembered per argument, at most `maxEntries` at a
 * time; past that the memory is dropped whole and refills from use. The
 * analysis meets the same few thousand words over and over (every protocol at
 * ingest, every hit's snippet on every request), so a clear is cheap, and an
 * LRU's bookkeeping on every call would cost more than it saves.
 */
export function memoize<K, V>(maxEntries: number, compute: (key: K) => V): (key: K) => V {
  const remembered = new Map<K, V>();
  return (key) => {
    const known = remembered.get(key);
    // `has` only on a miss: remembered answers may be undefined (a word with no verb root).
    if (known !== undefined || remembered.has(key)) return known as V;
    const value = compute(key);
    if (remembered.size >= maxEntries) remembered.clear();
    remembered.set(key, value);
    return value;
  };
}
