import { delegationBodySchema, delegationHolds, delegationLabel } from '../../domain/delegations';

describe('how a deputy signs', () => {
  it('writes KT. for a deputy and Q. for an acting head, and keeps a delegation to its period unless ended early', () => {
    expect(delegationLabel('deputy', 'Giám đốc')).toBe('KT. Giám đốc');
    expect(delegationLabel('acting', 'Giám đốc')).toBe('Q. Giám đốc');
    const period = { startsAt: new Date('2026-12-07T00:00:00+07:00'), endsAt: new Date('2026-12-10T00:00:00+07:00'), endedAt: null };
    expect(delegationHolds(period, new Date('2026-12-06T23:59:59+07:00'))).toBe(false);
    expect(delegationHolds(period, new Date('2026-12-08T10:00:00+07:00'))).toBe(true);
    expect(delegationHolds(period, new Date('2026-12-10T00:00:00+07:00'))).toBe(false);
    expect(delegationHolds({ ...period, endedAt: new Date('2026-12-08T09:00:00+07:00') }, new Date('2026-12-08T10:00:00+07:00'))).toBe(false);
  });

  it('refuses a period that ends before it begins', () => {
    const body = { deputy: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b', kind: 'deputy', reason: 'Đi công tác', from: '2026-12-10T00:00:00+07:00', to: '2026-12-07T00:00:00+07:00' };
    expect(delegationBodySchema.safeParse(body).error?.issues.map((issue) => issue.path.join('.'))).toEqual(['to']);
  });
});
