/**
 * POST /plan-documents/read over HTTP on the real stack: a department head sends a plan's
 * document (a form with the file or pasted text, or the file as the body) and gets the draft the
 * reader makes against the province's units as recorded; nothing is written. Bad documents are
 * refused with the status and the fault named.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startStack, type Stack } from '../../dev/stack';
import { systemActor } from '../../domain/access';
import { parseUnitFile } from '../../domain/unit-files';
import { draftPlanFromDocument } from '../../services/plan-drafts';
import { importUnits } from '../../services/units';
import { answerFault } from '../support/openapi-check';
import { projectPath } from '../../platform/project-root';

const fixtures = path.join(__dirname, '..', 'fixtures', 'plan-documents');
const fixture = (name: string) => readFileSync(path.join(fixtures, name));
const unitsFile = projectPath('examples', 'units-kon-tum.json');
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let stack: Stack;
let headToken: string;

beforeAll(async () => {
  stack = await startStack();
  await importUnits(stack.db, parseUnitFile(unitsFile, readFileSync(unitsFile, 'utf8')).units, systemActor);
  headToken = (await stack.signIn('department_head', 'SO-VHTTDL')).token;
});
afterAll(async () => {
  await stack?.stop();
});

/** Sends a body as is and answers the status and the JSON, checked against the OpenAPI document. */
async function read(body: NonNullable<RequestInit['body']>, contentType?: string, token = headToken): Promise<{ status: number; body: any }> {
  const response = await fetch(`${stack.baseUrl}/plan-documents/read`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...(contentType && { 'content-type': contentType }) },
    body,
  });
  const answer: unknown = await response.json();
  const fault = answerFault('POST', '/plan-documents/read', response.status, response.headers.get('content-type') ?? '', answer);
  if (fault) throw new Error(fault);
  return { status: response.status, body: answer };
}

const form = (entries: [string, string | Blob, string?][]) => {
  const data = new FormData();
  for (const [field, value, filename] of entries) {
    if (typeof value === 'string') data.append(field, value);
    else data.append(field, value, filename);
  }
  return data;
};

describe('reading a plan from its document', () => {
  it('drafts a DOCX sent in a form, as the reader drafts it against the units recorded', async () => {
    const bytes = fixture('sot-xuat-huyet-kon-tum-2024.docx');
    const answer = await read(form([['document', new Blob([bytes], { type: DOCX }), 'Kế hoạch 1250 sốt xuất huyết.docx']]));
    expect(answer.status).toBe(200);
    const expected = await draftPlanFromDocument(bytes, parseUnitFile(unitsFile, readFileSync(unitsFile, 'utf8')).units);
    expect(answer.body.plan).toEqual(expected.plan);
    expect(answer.body.plan.code).toBe('1250/KH-UBND');
    expect(answer.body.plan.tasks.length).toBeGreaterThan(3);
    expect(answer.body.provenance.length).toBeGreaterThan(answer.body.plan.tasks.length);
  });

  it('drafts pasted text, and a PDF sent as the body itself', async () => {
    const pasted = await read(form([['text', fixture('gia-dinh-kon-tum-2024.txt').toString('utf8')]]));
    expect(pasted.status).toBe(200);
    expect(pasted.body.plan).toMatchObject({ code: '925/KH-UBND', period: { from: '2024-01-01', to: '2024-12-31' } });
    // "Giảm 10%" is drafted as a reduction of 10.
    expect(pasted.body.plan.targets.map((target: { value: number; direction?: string }) => [target.value, target.direction ?? 'atLeast'])).toEqual([
      [100, 'atLeast'],
      [90, 'atLeast'],
      [65, 'atLeast'],
      [85, 'atLeast'],
      [75, 'atLeast'],
      [10, 'reduceBy'],
    ]);

    const pdf = await read(fixture('kiem-ke-dat-dai-dak-ha-2024.pdf'), 'application/pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.body.plan.tasks.length).toBeGreaterThan(0);
  });

  it('writes nothing and keeps no answer for a key', async () => {
    const before = await Promise.all([stack.db.plan.count(), stack.db.auditEntry.count(), stack.db.idempotencyRecord.count()]);
    await read(form([['text', fixture('bcd-gia-dinh-kon-tum-2021.txt').toString('utf8')]]));
    expect(await Promise.all([stack.db.plan.count(), stack.db.auditEntry.count(), stack.db.idempotencyRecord.count()])).toEqual(before);
  });

  it('is for department heads: a unit officer is refused', async () => {
    const officer = (await stack.signIn('unit_officer', 'H-DAKHA')).token;
    const answer = await read(form([['text', 'KẾ HOẠCH']]), undefined, officer);
    expect(answer.status).toBe(403);
  });

  it('refuses what it cannot read, naming the fault, with the status for it', async () => {
    const encrypted = await read(fixture('bad/encrypted.pdf'), 'application/pdf');
    expect([encrypted.status, encrypted.body.fault]).toEqual([422, 'encrypted']);
    const image = await read(form([['document', new Blob([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')]), 'anh.docx']]));
    expect([image.status, image.body.fault]).toEqual([415, 'unsupported']);
    const tooLarge = await read(form([['document', new Blob([Buffer.alloc(21 * 1024 * 1024, 0x41)]), 'lon.txt']]));
    expect(tooLarge.status).toBe(413);
    const json = await read(JSON.stringify({ text: 'KẾ HOẠCH' }), 'application/json');
    expect(json.status).toBe(415);
    const twoFiles = await read(form([['document', new Blob(['a']), 'a.txt'], ['document', new Blob(['b']), 'b.txt']]));
    expect([twoFiles.status, twoFiles.body.errors?.[0]?.message]).toEqual([400, 'send one file or one text']);
    const empty = await read(form([]));
    expect(empty.status).toBe(400);
  });
});
