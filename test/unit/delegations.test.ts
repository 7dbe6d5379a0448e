import { delegationBodySchema, delegationHolds, delegationLabel } from '../../domain/delegations';
import { headsActedFor } from '../../services/delegations';

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

describe('whom a deputy stands in for', () => {
  const so = '0b6c1f3e-2a4d-4e5f-8a7b-9c0d1e2f3a4b';
  const other = '1c7d2e4f-3b5e-4f60-9b8c-0d1e2f3a4b5c';
  const delegation = { unitId: so, kind: 'deputy', title: 'Giám đốc Sở Văn hóa, Thể thao và Du lịch', head: { role: 'department_head' as const, unitId: so } };

  it("acts for a head who still heads the delegation's unit, as the delegation signs", () => {
    expect(headsActedFor(so, [delegation])).toEqual([{ role: 'department_head', unitId: so, label: 'KT. Giám đốc Sở Văn hóa, Thể thao và Du lịch' }]);
    expect(headsActedFor(so, [{ ...delegation, kind: 'acting' }])[0]?.label).toBe('Q. Giám đốc Sở Văn hóa, Thể thao và Du lịch');
  });

  it('acts for nobody once the head moved, is no longer a head, or the deputy left the unit', () => {
    expect(headsActedFor(so, [{ ...delegation, head: { role: 'department_head', unitId: other } }])).toEqual([]);
    expect(headsActedFor(so, [{ ...delegation, head: { role: 'admin', unitId: so } }])).toEqual([]);
    expect(headsActedFor(so, [{ ...delegation, head: { role: 'unit_officer', unitId: so } }])).toEqual([]);
    expect(headsActedFor(other, [delegation])).toEqual([]);
    expect(headsActedFor(null, [delegation])).toEqual([]);
  });
});
