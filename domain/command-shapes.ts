/**
 * The shape checks the assignment workflow runs on every Update before it accepts it. The
 * API validates each payload with its Zod schema (domain/assignment-commands.ts), which stays
 * the one authority on formats (links, ids, instants). These checks run inside the workflow
 * sandbox, where Zod would be loaded again for every workflow the worker brings into memory
 * (most of a completion's cost at province scale), so they are plain code: types, required
 * fields, sizes, no unknown fields; enough that nothing malformed enters a workflow's
 * history, from whatever client. test/unit/command-shapes.test.ts proves that they accept
 * every payload the schemas accept.
 */
import type { AssignmentAction } from './assignment-status';
import { FIGURE_NAME } from './figure-names';
import { roles } from './roles';

/** Why a payload cannot be taken, naming the field; undefined when its shape is sound. */
export type ShapeCheck = (payload: unknown) => string | undefined;
type FieldCheck = (value: unknown) => string | undefined;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Free text, as `text(max)` in domain/fields.ts takes it: not empty once trimmed, at most `max` characters. */
const text =
  (max: number): FieldCheck =>
  (value) => {
    if (typeof value !== 'string') return 'must be text';
    const length = value.trim().length;
    return length === 0 ? 'must not be empty' : length > max ? `must be at most ${max} characters` : undefined;
  };

const boundedString =
  (min: number, max: number): FieldCheck =>
  (value) =>
    typeof value === 'string' && value.length >= min && value.length <= max ? undefined : `must be text of ${min} to ${max} characters`;

const oneOf =
  (allowed: readonly string[]): FieldCheck =>
  (value) =>
    typeof value === 'string' && allowed.includes(value) ? undefined : `must be one of ${allowed.join(', ')}`;

const optional =
  (check: FieldCheck): FieldCheck =>
  (value) =>
    value === undefined ? undefined : check(value);

const figures: FieldCheck = (value) => {
  if (!isRecord(value)) return 'must be an object of named figures';
  const entries = Object.entries(value);
  if (entries.length > 50) return 'at most 50 figures';
  const wrong = entries.find(([name, figure]) => !FIGURE_NAME.test(name) || typeof figure !== 'number' || !Number.isFinite(figure) || figure < 0);
  return wrong ? `figure ${wrong[0]} must be a named number of at least 0` : undefined;
};

const links: FieldCheck = (value) =>
  Array.isArray(value) && value.length <= 20 && value.every((link) => typeof link === 'string') ? undefined : 'must be at most 20 links';

const fileIds: FieldCheck = (value) =>
  Array.isArray(value) && value.length <= 200 && value.every((id) => typeof id === 'string' && id.length >= 1 && id.length <= 64) ? undefined : 'must be at most 200 file ids';

/** A string the API made from a generated id or a parsed instant: its format is the API's to check. */
const identifier = boundedString(1, 64);
const instant: FieldCheck = (value) => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? undefined : 'must be an ISO instant');
const flag: FieldCheck = (value) => (typeof value === 'boolean' ? undefined : 'must be true or false');

const actor = object({
  id: boundedString(1, 64),
  name: boundedString(1, 200),
  role: oneOf([...roles, 'system']),
  requestId: optional(boundedString(0, 100)),
  callerRequestId: optional(boundedString(0, 100)),
});

/** An object with exactly these fields (optional ones may be absent), each passing its check. */
function object(fields: Record<string, FieldCheck>): ShapeCheck {
  return (payload) => {
    if (!isRecord(payload)) return 'the payload must be an object';
    const unknown = Object.keys(payload).find((key) => !(key in fields));
    if (unknown !== undefined) return `${unknown}: is not a field of this payload`;
    for (const [name, check] of Object.entries(fields)) {
      const problem = check(payload[name]);
      if (problem) return `${name}: ${problem}`;
    }
    return undefined;
  };
}

export const actedCommandShapes: Record<AssignmentAction, ShapeCheck> = {
  start: object({ note: optional(text(2_000)), actor }),
  submit: object({ summary: text(10_000), figures: optional(figures), evidence: optional(links), files: optional(fileIds), actor }),
  approve: object({ note: optional(text(2_000)), actor }),
  return: object({ reason: text(2_000), actor }),
  complete: object({ summary: text(10_000), actor }),
  cancel: object({ reason: text(2_000), actor }),
};

export const extensionRequestShape = object({ requestId: identifier, deadline: instant, currentDeadline: instant, reason: text(2_000), actor });
export const extensionDecisionShape = object({ requestId: identifier, approve: flag, note: optional(text(2_000)), actor });
export const reassignmentShape = object({ unitId: identifier, reason: text(2_000), actor });
export const deadlineMoveShape = object({ amendmentId: identifier, deadline: instant, reason: text(2_000), actor });
