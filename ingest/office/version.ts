/**
 * The Word and OpenDocument reader's version, apart from the reader: the pipeline's manifest needs
 * it in every process, the reader (htmlparser2 and its entity tables, ~40 ms to load) only where a
 * .docx or .odt is read.
 */

/** Goes into the content hash (with extract's): a change here re-reads Word and OpenDocument files. */
export const VERSION = 'office@1';
