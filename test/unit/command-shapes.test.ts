/**
 * The workflow's shape checks (plain code, no Zod in the sandbox) against the API's Zod
 * schemas: every payload a schema accepts, the check accepts too, so the workflow never
 * refuses what the API let through; and the check refuses the malformed payloads a client
 * talking to Temporal directly could send.
 */
import fc from 'fast-check';
import { actedCommandSchemas, deadlineMoveSchema, extensionDecisionSchema, extensionRequestSchema, reassignmentSchema } from '../../domain/assignment-commands';
import { assignmentActions } from '../../domain/assignment-status';
import { actedCommandShapes, deadlineMoveShape, extensionDecisionShape, extensionRequestShape, reassignmentShape, type ShapeCheck } from '../../domain/command-shapes';
import { roles } from '../../domain/roles';

const SEED = 20261130;

/** Text near the limits: empty, blank, padded, Vietnamese, long. */
const someText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', '   ', ' Đã tổ chức 02 lớp tập huấn. ', 'ạ'.repeat(2_000), 'ạ'.repeat(2_001), ` ${'x'.repeat(10_000)} `, 'x'.repeat(10_001)),
);
const actor = fc.record(
  {
    id: fc.oneof(fc.uuid(), fc.string({ maxLength: 70 })),
    name: fc.oneof(fc.constant('Cán bộ Hội LHPN tỉnh'), fc.string({ maxLength: 210 })),
    role: fc.constantFrom(...roles, 'system', 'mayor'),
    requestId: fc.string({ maxLength: 110 }),
    callerRequestId: fc.string({ maxLength: 110 }),
  },
  { requiredKeys: ['id', 'name', 'role'] },
);
const figures = fc.dictionary(fc.oneof(fc.constantFrom('officialsTrained', 'householdsReached', '1st', 'a-b'), fc.string({ maxLength: 8 })), fc.oneof(fc.nat(), fc.double(), fc.constant(-1)), {
  maxKeys: 6,
});
const evidence = fc.array(fc.oneof(fc.webUrl(), fc.constantFrom('https://dakha.kontum.gov.vn/bao-cao.pdf', 'javascript:alert(1)', 'ftp://x')), { maxLength: 22 });
const instant = fc.oneof(
  fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom('2026-12-31', 'next week', ''),
);
/** Sometimes an extra field, sometimes a field of the wrong type. */
const withNoise = <T extends Record<string, unknown>>(payload: fc.Arbitrary<T>) =>
  fc.tuple(payload, fc.nat(9), fc.constantFrom(1, null, [], {}, true)).map(([value, roll, wrong]) => {
    if (roll === 0) return { ...value, extra: 'x' };
    if (roll === 1) {
      const key = Object.keys(value)[0];
      return key ? { ...value, [key]: wrong } : value;
    }
    return value;
  });

const payloads = {
  start: fc.record({ note: someText, actor }, { requiredKeys: ['actor'] }),
  submit: fc.record({ summary: someText, figures, evidence, actor }, { requiredKeys: ['summary', 'actor'] }),
  approve: fc.record({ note: someText, actor }, { requiredKeys: ['actor'] }),
  return: fc.record({ reason: someText, actor }),
  complete: fc.record({ summary: someText, actor }),
  cancel: fc.record({ reason: someText, actor }),
};

interface Schema {
  safeParse(value: unknown): { success: boolean };
}

/** Runs the generator; answers how many generated payloads each side accepted. */
function agree(schema: Schema, shape: ShapeCheck, payload: fc.Arbitrary<Record<string, unknown>>) {
  const accepted = { schema: 0, shape: 0, runs: 0 };
  fc.assert(
    fc.property(withNoise(payload), (value) => {
      accepted.runs += 1;
      const bySchema = schema.safeParse(value).success;
      const byShape = shape(value) === undefined;
      if (bySchema) accepted.schema += 1;
      if (byShape) accepted.shape += 1;
      // What the API accepts, the workflow accepts.
      return !bySchema || byShape;
    }),
    { seed: SEED, numRuns: 1_500 },
  );
  return accepted;
}

describe('the workflow shape checks', () => {
  it.each(assignmentActions)('accept every %s payload the Zod schema accepts', (action) => {
    const accepted = agree(actedCommandSchemas[action], actedCommandShapes[action], payloads[action]);
    // The generator reaches both sides of the rule, so the property was not met vacuously.
    expect(accepted.schema).toBeGreaterThan(accepted.runs * 0.05);
    expect(accepted.shape).toBeLessThan(accepted.runs);
  });

  it('accept every extension request, decision, reassignment and deadline move the Zod schemas accept', () => {
    const request = fc.record({ requestId: fc.uuid({ version: 4 }), deadline: instant, currentDeadline: instant, reason: someText, actor });
    const decision = fc.record({ requestId: fc.uuid({ version: 4 }), approve: fc.boolean(), note: someText, actor }, { requiredKeys: ['requestId', 'approve', 'actor'] });
    const reassignment = fc.record({ unitId: fc.uuid({ version: 4 }), reason: someText, actor });
    const deadlineMove = fc.record({ amendmentId: fc.uuid({ version: 4 }), deadline: instant, reason: someText, actor });
    for (const [schema, shape, payload] of [
      [extensionRequestSchema, extensionRequestShape, request],
      [extensionDecisionSchema, extensionDecisionShape, decision],
      [reassignmentSchema, reassignmentShape, reassignment],
      [deadlineMoveSchema, deadlineMoveShape, deadlineMove],
    ] as const) {
      const accepted = agree(schema, shape, payload as fc.Arbitrary<Record<string, unknown>>);
      expect(accepted.schema).toBeGreaterThan(accepted.runs * 0.05);
      expect(accepted.shape).toBeLessThan(accepted.runs);
    }
  });

  it('refuse what a client talking to Temporal directly could send, naming the field', () => {
    const officer = { id: 'a1', name: 'Cán bộ xã', role: 'unit_officer' };
    const complete = actedCommandShapes.complete;
    expect(complete({ summary: 'Đã xong.', actor: officer })).toBeUndefined();
    expect(complete(null)).toBe('the payload must be an object');
    expect(complete([])).toBe('the payload must be an object');
    expect(complete({ summary: 'Đã xong.' })).toMatch(/^actor: /);
    expect(complete({ summary: '   ', actor: officer })).toBe('summary: must not be empty');
    expect(complete({ summary: 'x'.repeat(10_001), actor: officer })).toBe('summary: must be at most 10000 characters');
    expect(complete({ summary: 'Đã xong.', actor: { ...officer, role: 'mayor' } })).toMatch(/^actor: role: must be one of/);
    expect(complete({ summary: 'Đã xong.', actor: officer, status: 'done' })).toBe('status: is not a field of this payload');
    expect(actedCommandShapes.submit({ summary: 'Báo cáo', figures: { trained: -1 }, actor: officer })).toMatch(/^figures: /);
    expect(actedCommandShapes.submit({ summary: 'Báo cáo', figures: { trained: Infinity }, actor: officer })).toMatch(/^figures: /);
    expect(actedCommandShapes.submit({ summary: 'Báo cáo', evidence: Array(21).fill('https://a.vn'), actor: officer })).toMatch(/^evidence: /);
    expect(extensionRequestShape({ requestId: 'r1', deadline: 'soon', currentDeadline: '2026-12-31T10:00:00.000Z', reason: 'Chờ kinh phí', actor: officer })).toBe(
      'deadline: must be an ISO instant',
    );
    expect(extensionDecisionShape({ requestId: 'r1', approve: 'yes', actor: officer })).toBe('approve: must be true or false');
  });
});
