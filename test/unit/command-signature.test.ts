/**
 * The signatures the API puts on workflow commands and the rule the workflows check them by
 * (domain/command-signature.ts): a command is taken only as signed, for the workflow, Update
 * and Update id it was signed for, with the key, within its lifetime.
 */
import { CLOCK_TOLERANCE_MS, SIGNATURE_LIFETIME_MS, signatureRefusal, signCommand, unsigned } from '../../domain/command-signature';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const address = { workflowId: 'assignment-6f1c', update: 'approveAssignment', updateId: 'u-1' };
const reviewer = { id: 'acc-7', name: 'Giám đốc Sở Văn hóa', role: 'department_head' };
const issued = new Date('2026-11-30T08:00:00.000Z');
const now = issued.getTime();

/** What a workflow receives: the payload after Temporal's JSON round trip. */
const asReceived = (value: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

describe('command signatures', () => {
  const signed = asReceived(signCommand(SECRET, address, { note: 'Đạt yêu cầu.', actor: reviewer }, issued));

  it('accept a command as the API signed it, after the JSON round trip', () => {
    expect(signatureRefusal(SECRET, address, signed, now)).toBeUndefined();
    expect(unsigned(signCommand(SECRET, address, { note: 'x', actor: reviewer }, issued))).toEqual({ note: 'x', actor: reviewer });
  });

  it('read fields absent and fields set to undefined alike, and any key order', () => {
    const withUndefined = signCommand(SECRET, address, { actor: reviewer, note: undefined }, issued);
    expect(signatureRefusal(SECRET, address, asReceived(withUndefined), now)).toBeUndefined();
    const reordered = { signature: signed.signature, actor: { role: reviewer.role, name: reviewer.name, id: reviewer.id }, note: 'Đạt yêu cầu.' };
    expect(signatureRefusal(SECRET, address, reordered, now)).toBeUndefined();
  });

  it('refuse a command without a signature, or with a broken one', () => {
    const { signature: _signature, ...bare } = signed;
    expect(signatureRefusal(SECRET, address, bare, now)).toBe('the command is not signed');
    expect(signatureRefusal(SECRET, address, { ...bare, signature: { mac: 'ab' } }, now)).toBe('the command is not signed');
    expect(signatureRefusal(SECRET, address, { ...bare, signature: { issuedAt: 'yesterday', mac: 'ab' } }, now)).toBe('the command is not signed');
    expect(signatureRefusal(SECRET, address, null, now)).toBe('the command is not signed');
  });

  it('refuse a forged actor, a changed field, an added field', () => {
    const mismatch = 'the command does not match its signature';
    expect(signatureRefusal(SECRET, address, { ...signed, actor: { id: 'x', name: 'Chủ tịch UBND tỉnh', role: 'leader' } }, now)).toBe(mismatch);
    expect(signatureRefusal(SECRET, address, { ...signed, note: 'Đạt.' }, now)).toBe(mismatch);
    expect(signatureRefusal(SECRET, address, { ...signed, status: 'done' }, now)).toBe(mismatch);
  });

  it('refuse the signature sent to another workflow, as another Update, or under another Update id', () => {
    const mismatch = 'the command does not match its signature';
    expect(signatureRefusal(SECRET, { ...address, workflowId: 'assignment-other' }, signed, now)).toBe(mismatch);
    expect(signatureRefusal(SECRET, { ...address, update: 'cancelAssignment' }, signed, now)).toBe(mismatch);
    expect(signatureRefusal(SECRET, { ...address, updateId: 'u-2' }, signed, now)).toBe(mismatch);
  });

  it('refuse a signature made with another key, and everything when the worker has no key', () => {
    expect(signatureRefusal('another-secret-of-thirty-two-characters!', address, signed, now)).toBe('the command does not match its signature');
    expect(signatureRefusal(undefined, address, signed, now)).toMatch(/^the worker holds no key/);
  });

  it('take a signature within its lifetime and the clock tolerance, and no other', () => {
    expect(signatureRefusal(SECRET, address, signed, now + SIGNATURE_LIFETIME_MS)).toBeUndefined();
    expect(signatureRefusal(SECRET, address, signed, now + SIGNATURE_LIFETIME_MS + 1)).toBe('the command was signed too long ago');
    expect(signatureRefusal(SECRET, address, signed, now - CLOCK_TOLERANCE_MS)).toBeUndefined();
    expect(signatureRefusal(SECRET, address, signed, now - CLOCK_TOLERANCE_MS - 1)).toBe('the command was signed in the future');
  });
});
