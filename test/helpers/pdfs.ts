/** Small real PDFs made with pdfkit, and a flate bomb, for bad-input tests (shared with bench/ via bench/lib). */
export { makeFlateBomb, makePdf } from '../../bench/lib/pdf.js';
