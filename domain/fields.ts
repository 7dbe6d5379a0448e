/** Field schemas that many payloads share, so a rule and its message are written once. */
import { z } from 'zod';
import { FIGURE_NAME, FIGURE_NAME_RULE } from './figure-names';

/** C0 and C1 control characters except tab and line feed; a carriage return only as part of CRLF. */
const CONTROL_CHARACTER = /(?!\t|\n|\r\n)\p{Cc}/u;

/** Why a string cannot be kept as text: PostgreSQL and JSON readers refuse lone surrogates, and control characters forge lines and terminals. */
export function textFault(value: string): string | undefined {
  if (!value.isWellFormed()) return 'must be well-formed Unicode (it contains a lone surrogate)';
  if (CONTROL_CHARACTER.test(value)) return 'must not contain control characters other than tab and line breaks';
  return undefined;
}

/** Deeper than any payload the API takes; a deeper one is refused before anything walks it again. */
export const MAX_NESTING = 32;

export type CleanDocument = { ok: true; value: unknown } | { ok: false; path: string; message: string };

/**
 * A parsed request document (JSON or YAML) as the engine keeps it: every string, field names
 * included, free of textFault and in Unicode normalisation form C, so that text that looks the
 * same is stored, compared and searched the same; nesting at most MAX_NESTING levels; no field
 * named `__proto__`, which Zod's records drop without a word (a figure so named would vanish).
 * The path names the field as validation issues do (`tasks.0.title`).
 */
export function cleanDocument(value: unknown, path: readonly string[] = []): CleanDocument {
  const where = () => path.join('.') || '(root)';
  if (typeof value === 'string') {
    const fault = textFault(value);
    return fault ? { ok: false, path: where(), message: fault } : { ok: true, value: value.normalize('NFC') };
  }
  if (typeof value !== 'object' || value === null) return { ok: true, value };
  if (path.length >= MAX_NESTING) return { ok: false, path: where(), message: `must not be nested more than ${MAX_NESTING} levels deep` };
  const entries: [string, unknown][] = [];
  for (const [key, inner] of Object.entries(value)) {
    const keyFault = key === '__proto__' ? 'must not be __proto__' : textFault(key);
    if (keyFault) return { ok: false, path: [...path, key].join('.'), message: `the field name ${keyFault}` };
    const cleaned = cleanDocument(inner, [...path, key]);
    if (!cleaned.ok) return cleaned;
    entries.push([key.normalize('NFC'), cleaned.value]);
  }
  return { ok: true, value: Array.isArray(value) ? entries.map(([, inner]) => inner) : Object.fromEntries(entries) };
}

/** Free text, in normalisation form C, trimmed, not empty, at most `max` characters, free of textFault. */
export const text = (max: number) =>
  z
    .string()
    .normalize('NFC')
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .refine((value) => textFault(value) === undefined, { error: (issue) => textFault(issue.input as string) });

/** The name of a counted figure, as reports carry it and targets refer to it. */
export const figureName = z.string().regex(FIGURE_NAME, FIGURE_NAME_RULE);

export const isoDate = z.iso.date({ error: 'must be a date written YYYY-MM-DD' });

/** Evidence and documents are web links; other schemes (file:, ftp:, javascript:) are refused. */
export const httpLink = z.url({ protocol: /^https?$/, error: 'must be an http(s) link' });

/** Ids of evidence files uploaded to the assignment (POST /assignments/:id/files) that a report carries; FILES_MAX_PER_REPORT bounds them further. */
export const reportFilesSchema = z.array(z.uuid()).max(200).default([]);
