/** The Swedish language settings Meilisearch's index settings are built from. */
import type { LanguageSettings } from '../src/meili/index-settings.js';
import { SWEDISH_STOP_WORDS, SYNONYMS } from './swedish/analyse.js';

export const swedishLanguage: LanguageSettings = { stopWords: SWEDISH_STOP_WORDS, synonyms: SYNONYMS };
