/**
 * A value made on first use, once: for module-level tables that cost a process's start-up time
 * (ICU's zone data, the Swedish synonym concepts and the dictionary behind them) although many
 * processes never use them (an ingest run with nothing to do).
 */
export function lazily<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}
