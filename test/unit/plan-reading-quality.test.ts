/**
 * The reader's quality on documents written in the real layouts, each beside the draft a
 * person wrote by hand from it (test/fixtures/plan-documents/*.expected.json): precision and
 * recall of the header, targets (measure and value), tasks (found, kind), lead units,
 * coordinating units and deadlines, per document and in total. The floors below are stated
 * in docs/plan-documents.md; a change to the reader that drafts worse fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planDraftSchema, planReadingSchema, readPlanDocument, type PlanReading } from '../../domain/plan-reading';
import { parseUnitFile } from '../../domain/unit-files';
import { documentText } from '../../services/document-text';
import { addScores, precision, recall, score, scoreParts, titleSimilarity, type Score, type ScorePart } from '../support/plan-reading-score';

const root = join(__dirname, '../..');
const fixtures = join(root, 'test/fixtures/plan-documents');
/** The documents the reader was built with, then two written with their drafts before the reader first read them. */
const sets = ['', 'held-out'].map((name) => {
  const folder = join(fixtures, name);
  return { name: name || 'fixtures', folder, documents: JSON.parse(readFileSync(join(folder, 'documents.json'), 'utf8')) as { file: string; units: string; field: string }[] };
});
const documents = sets.flatMap((set) => set.documents.map((document) => ({ ...document, folder: set.folder, set: set.name })));

/** Below these, in total over all documents, the test fails. */
const TOTAL_FLOORS: Record<ScorePart, { precision: number; recall: number }> = {
  header: { precision: 0.95, recall: 0.95 },
  targets: { precision: 0.9, recall: 0.9 },
  tasks: { precision: 0.9, recall: 0.9 },
  kinds: { precision: 0.85, recall: 0.85 },
  leads: { precision: 0.9, recall: 0.85 },
  coordinating: { precision: 0.9, recall: 0.85 },
  deadlines: { precision: 0.85, recall: 0.85 },
};
/** Below this, in any one document and any part, the test fails. */
const DOCUMENT_FLOOR = 0.6;

const readings = new Map<string, { reading: PlanReading; score: Score }>();

beforeAll(async () => {
  for (const document of documents) {
    const { units, issues } = parseUnitFile(document.units, readFileSync(join(root, document.units), 'utf8'));
    expect(issues).toEqual([]);
    const { blocks } = await documentText(readFileSync(join(document.folder, document.file)));
    const reading = planReadingSchema.parse(readPlanDocument(blocks, units));
    const expected = planDraftSchema.parse(JSON.parse(readFileSync(join(document.folder, document.file.replace(/\.\w+$/, '.expected.json')), 'utf8')));
    readings.set(document.file, { reading, score: score(reading.plan, expected) });
  }
  const percent = (value: number) => `${Math.round(value * 100)}`.padStart(4);
  const line = (name: string, tallies: Score) =>
    `${name.padEnd(44)}${scoreParts.map((part) => `${percent(precision(tallies[part]))}/${percent(recall(tallies[part]))}`.padEnd(11)).join('')}`;
  const totalOf = (files: string[]) => addScores(files.map((file) => readings.get(file)!.score));
  process.stdout.write(
    [
      `Reader quality, precision/recall in % (${documents.length} documents)`,
      `${''.padEnd(44)}${scoreParts.map((part) => part.padEnd(11)).join('')}`,
      ...sets.flatMap((set) => [
        ...set.documents.map((document) => line(document.file, readings.get(document.file)!.score)),
        line(`TOTAL ${set.name}`, totalOf(set.documents.map((document) => document.file))),
      ]),
      line('TOTAL', totalOf(documents.map((document) => document.file))),
      '',
    ].join('\n'),
  );
}, 120_000);

describe('the reader on the fixture documents', () => {
  it('meets the floors in total', () => {
    const total = addScores([...readings.values()].map((entry) => entry.score));
    for (const part of scoreParts) {
      expect({ part, precision: precision(total[part]) >= TOTAL_FLOORS[part].precision, recall: recall(total[part]) >= TOTAL_FLOORS[part].recall }).toEqual({ part, precision: true, recall: true });
    }
  });

  it.each(documents.map((document) => [document.file, document.field]))('%s (%s) meets the floor in every part', (file) => {
    const { score: tallies } = readings.get(file)!;
    for (const part of scoreParts) {
      expect({ part, precision: precision(tallies[part]) >= DOCUMENT_FLOOR, recall: recall(tallies[part]) >= DOCUMENT_FLOOR }).toEqual({ part, precision: true, recall: true });
    }
  });

  it('gives every drafted target and task the text it came from', () => {
    for (const { reading } of readings.values()) {
      const traced = new Set(reading.provenance.map((entry) => entry.path));
      reading.plan.targets.forEach((_, index) => expect(traced).toContain(`targets.${index}`));
      reading.plan.tasks.forEach((task, index) => {
        expect(traced).toContain(`tasks.${index}`);
        if (task.leadUnit) expect(traced).toContain(`tasks.${index}.leadUnit`);
        if (task.deadline) expect(traced).toContain(`tasks.${index}.deadline`);
      });
      for (const entry of reading.provenance) expect(entry.text.length).toBeGreaterThan(0);
    }
  });

  it('lists the agencies that are not in the unit tree instead of guessing a unit for them', () => {
    const health = readings.get('sot-xuat-huyet-kon-tum-2024.docx')!.reading;
    const spraying = health.plan.tasks.findIndex((task) => titleSimilarity(task.title, 'Phun hóa chất diệt muỗi tại các ổ dịch') > 0.9);
    expect(health.plan.tasks[spraying]!.leadUnit).toBeUndefined();
    expect(health.unplaced).toContainEqual(expect.objectContaining({ kind: 'unit', path: `tasks.${spraying}.leadUnit`, text: 'Trung tâm Kiểm soát bệnh tật tỉnh' }));
    expect(health.unplaced.filter((entry) => entry.kind === 'unit').map((entry) => entry.text)).toEqual(expect.arrayContaining(['Sở Tài chính', 'Bộ Chỉ huy Quân sự tỉnh']));
  });
});
