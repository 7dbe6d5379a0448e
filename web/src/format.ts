/**
 * Dates, times and numbers as Vietnamese offices write them: 20/03/2024, 17:00 20/03/2024,
 * 13.000 and 94,7 — always in Vietnam's time zone, whatever the browser's.
 */
import type { Language } from './messages.js';

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const locales: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };

const parts = (instant: Date, language: Language, options: Intl.DateTimeFormatOptions) =>
  Object.fromEntries(new Intl.DateTimeFormat(locales[language], { timeZone: TIME_ZONE, hourCycle: 'h23', ...options }).formatToParts(instant).map((part) => [part.type, part.value]));

/** dd/MM/yyyy of an instant (ISO string or Date) or of a plain ISO date, in Vietnam. */
export function formatDate(value: string | Date, language: Language = 'vi'): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [year, month, day] = value.split('-');
    return `${day}/${month}/${year}`;
  }
  const p = parts(new Date(value), language, { day: '2-digit', month: '2-digit', year: 'numeric' });
  return `${p.day}/${p.month}/${p.year}`;
}

/** HH:mm dd/MM/yyyy, in Vietnam. */
export function formatDateTime(value: string | Date, language: Language = 'vi'): string {
  const p = parts(new Date(value), language, { hour: '2-digit', minute: '2-digit' });
  return `${p.hour}:${p.minute} ${formatDate(value, language)}`;
}

/** 13.000 and 94,7 in Vietnamese; 13,000 and 94.7 in English. */
export function formatNumber(value: number, language: Language = 'vi', fractionDigits = 1): string {
  return new Intl.NumberFormat(locales[language], { maximumFractionDigits: fractionDigits }).format(value);
}

export function formatPercent(value: number | null, language: Language = 'vi'): string {
  return value === null ? '—' : `${formatNumber(value, language)}%`;
}

/** Whole calendar days from `now` to `deadline` in Vietnam: negative when the deadline has passed. */
export function daysUntil(deadline: string | Date, now: Date = new Date()): number {
  const day = (instant: Date) => Date.parse(`${new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 10)}T00:00:00Z`);
  return Math.round((day(new Date(deadline)) - day(now)) / 86_400_000);
}

/** The ISO date in Vietnam of an instant, for date inputs. */
export const isoDateInVietnam = (instant: Date): string => new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

/**
 * A count typed as offices write it: digits grouped by "." in Vietnamese (1.200) or "," in
 * English (1,200), or not grouped; undefined for anything else (a fraction, a sign, a letter).
 */
export function parseCount(text: string, language: Language = 'vi'): number | undefined {
  const separator = language === 'vi' ? '.' : ',';
  const trimmed = text.trim().replace(/\s/g, '');
  const grouped = new RegExp(`^\\d{1,3}(\\${separator}\\d{3})+$`);
  if (!/^\d+$/.test(trimmed) && !grouped.test(trimmed)) return undefined;
  const value = Number(trimmed.split(separator).join(''));
  return Number.isSafeInteger(value) ? value : undefined;
}
