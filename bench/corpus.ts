/** The generated corpus lives in scripts/lib (shared by bench/ and test/); bench scripts import it from here. */
export * from '../scripts/lib/corpus.js';
