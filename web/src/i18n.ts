/** The page's language: Vietnamese unless the user chose English; kept across visits. */
import { hasMessage, languages, translate, type Language } from './messages.js';
import { formatDate as formatDateIn, formatDateTime as formatDateTimeIn, formatNumber as formatNumberIn, formatPercent as formatPercentIn } from './format.js';

const LANGUAGE_KEY = 'plan-engine.language';

export function language(): Language {
  const chosen = localStorage.getItem(LANGUAGE_KEY);
  return (languages as readonly string[]).includes(chosen ?? '') ? (chosen as Language) : 'vi';
}

export function setLanguage(next: Language): void {
  localStorage.setItem(LANGUAGE_KEY, next);
  document.documentElement.lang = next;
}

export const t = (key: string, params?: Record<string, string | number>) => translate(language(), key, params);
/** A figure's label: the catalogue's for the figures the engine counts, else the name the unit gave it. */
export const figureLabel = (name: string) => (hasMessage(language(), `figure.${name}`) ? t(`figure.${name}`) : name);
export const formatDate = (value: string | Date) => formatDateIn(value, language());
export const formatDateTime = (value: string | Date) => formatDateTimeIn(value, language());
export const formatNumber = (value: number) => formatNumberIn(value, language());
export const formatPercent = (value: number | null) => formatPercentIn(value, language());
