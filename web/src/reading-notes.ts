/**
 * What reading a plan's document said beside the plan it drafted: where each field came from
 * and what it could not place. The draft keeps only the plan, so the page keeps these notes for
 * the draft in this browser tab, for the editor to show while the official checks the draft.
 */
import type { Schemas } from './api.js';

export type ReadingNotes = Pick<Schemas['PlanReading'], 'provenance' | 'unplaced'>;

const key = (draftId: string) => `plan-engine.reading.${draftId}`;

export function keepReading(draftId: string, reading: ReadingNotes): void {
  sessionStorage.setItem(key(draftId), JSON.stringify({ provenance: reading.provenance, unplaced: reading.unplaced }));
}

export function readingOf(draftId: string): ReadingNotes | null {
  const stored = sessionStorage.getItem(key(draftId));
  return stored ? (JSON.parse(stored) as ReadingNotes) : null;
}
