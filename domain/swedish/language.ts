/** The Swedish language settings Meilisearch's index settings are built from. */
import type { LanguageSettings } from '../store/index-settings.js';
import { SWEDISH_STOP_WORDS } from './analyse.js';

export const swedishLanguage: LanguageSettings = { stopWords: SWEDISH_STOP_WORDS };
