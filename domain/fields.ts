/** Field schemas that many payloads share, so a rule and its message are written once. */
import { z } from 'zod';

/** Free text, trimmed, not empty, at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const isoDate = z.iso.date({ error: 'must be a date written YYYY-MM-DD' });

/** Evidence and documents are web links; other schemes (file:, ftp:, javascript:) are refused. */
export const httpLink = z.url({ protocol: /^https?$/, error: 'must be an http(s) link' });
