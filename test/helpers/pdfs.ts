/** Small real PDFs made with pdfkit, and a flate bomb, for bad-input tests (shared with bench/ via scripts/lib). */
export { makeFlateBomb, makePdf } from '../../scripts/lib/pdf.js';
