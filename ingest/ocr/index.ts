/** OCR for pages without a text layer: the module's public entry. */
export { ocrAvailability, type OcrAvailability } from './availability.js';
export { ocrMissingText, type OcrHooks, type OcrResult, type OcrStatus } from './ocr-pages.js';
export { itemOcrFields, protocolOcrFields } from './provenance.js';
export {
  currentOcrFingerprint,
  DEFAULT_OCR_SETTINGS,
  ocrFingerprint,
  ocrSettingsFrom,
  type OcrSettings,
} from './settings.js';
