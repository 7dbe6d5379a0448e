/**
 * Signatures on the commands the API sends to workflows as Updates. Whoever reaches the
 * Temporal frontend could otherwise send one with any actor; a workflow takes only commands
 * signed with WORKFLOW_COMMAND_SECRET, which the API and the worker share.
 *
 * The signature covers a canonical form of the workflow id, the Update's name and id, the
 * instant it was issued and the command with its actor, so a command cannot be altered, sent
 * to another workflow or as another Update, or sent again: a copy keeps its Update id, which
 * Temporal runs once per workflow run, and a signature is good for SIGNATURE_LIFETIME_MS.
 *
 * Pure and synchronous, so the workflow sandbox runs it too: HMAC-SHA256 from @noble/hashes
 * (plain JavaScript), since the sandbox has no node:crypto.
 */
import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

export interface CommandSignature {
  /** When the API signed the command (ISO instant). */
  issuedAt: string;
  /** HMAC-SHA256 of the canonical form, in hex. */
  mac: string;
}

export type Signed<T> = T & { signature: CommandSignature };

/** Where a command goes: the workflow, the Update's name and its id. */
export interface CommandAddress {
  workflowId: string;
  update: string;
  updateId: string;
}

/**
 * How long after it was issued a signature is accepted, by the workflow's clock: long enough
 * for an Update that waits on a busy worker, short enough that a command refused then cannot
 * be kept for later.
 */
export const SIGNATURE_LIFETIME_MS = 5 * 60_000;
/** How far ahead of the workflow's clock (the Temporal server's) the API's clock may run. */
export const CLOCK_TOLERANCE_MS = 60_000;

/**
 * The identifier the worker defines in its workflow bundle as the secret (activities/worker.ts);
 * workflows/trusted-commands.ts reads it under this name.
 */
export const SECRET_IN_BUNDLE = '__WORKFLOW_COMMAND_SECRET__';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON with every object's keys sorted: the same text for a command as sent and as a workflow decodes it. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) => (isRecord(item) ? Object.fromEntries(Object.keys(item).sort().map((key) => [key, item[key]])) : item));

const macOf = (secret: string, address: CommandAddress, issuedAt: string, command: unknown): string =>
  bytesToHex(hmac(sha256, utf8ToBytes(secret), utf8ToBytes(canonical({ workflowId: address.workflowId, update: address.update, updateId: address.updateId, issuedAt, command }))));

/** Compares in time independent of where the texts differ. */
function sameText(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) difference |= a.charCodeAt(index) ^ b.charCodeAt(index);
  return difference === 0;
}

export function signCommand<T extends object>(secret: string, address: CommandAddress, command: T, now: Date = new Date()): Signed<T> {
  const issuedAt = now.toISOString();
  return { ...command, signature: { issuedAt, mac: macOf(secret, address, issuedAt, command) } };
}

/** The command without its signature, as the workflow passes it on. */
export function unsigned<T extends object>(signed: Signed<T>): T {
  const { signature: _signature, ...command } = signed;
  return command as T;
}

/**
 * Why a command cannot be trusted, or undefined when `secret` signed it for this address
 * within the lifetime of a signature before `now` (ms since the epoch).
 */
export function signatureRefusal(secret: string | undefined, address: CommandAddress, payload: unknown, now: number): string | undefined {
  if (!secret) return 'the worker holds no key to check command signatures (WORKFLOW_COMMAND_SECRET)';
  if (!isRecord(payload) || !isRecord(payload.signature)) return 'the command is not signed';
  const { issuedAt, mac } = payload.signature;
  if (typeof issuedAt !== 'string' || Number.isNaN(Date.parse(issuedAt)) || typeof mac !== 'string') return 'the command is not signed';
  const { signature: _signature, ...command } = payload;
  if (!sameText(mac, macOf(secret, address, issuedAt, command))) return 'the command does not match its signature';
  const issued = Date.parse(issuedAt);
  if (issued > now + CLOCK_TOLERANCE_MS) return 'the command was signed in the future';
  if (issued < now - SIGNATURE_LIFETIME_MS) return 'the command was signed too long ago';
  return undefined;
}
