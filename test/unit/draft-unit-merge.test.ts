/** A draft plan follows a unit merged into its successor: every place it names the unit, each unit once per task. */
import { draftAfterMerge, draftNamesUnit } from '../../domain/draft-unit-merge';
import type { PlanDraftContent } from '../../domain/plan-definition';

const draft: PlanDraftContent = {
  code: '15/KH-SVHTTDL',
  issuingUnit: 'TT-DAKTO',
  targets: [{ code: 'CT1', title: '100% xã tổ chức tuyên truyền' }],
  tasks: [
    { code: 'NV1', leadUnit: 'TT-DAKTO', coordinatingUnits: ['X-MOI', 'SO-VHTTDL'] },
    { code: 'NV2', leadUnit: 'SO-VHTTDL', coordinatingUnits: ['TT-DAKTO', 'X-MOI', 'X-HAMON'] },
    { code: 'NV3', leadUnit: 'X-MOI', coordinatingUnits: ['TT-DAKTO'] },
    { code: 'NV4', fanOut: { kind: 'commune', under: 'TT-DAKTO' } },
    { code: 'NV5', leadUnit: 'X-HAMON', coordinatingUnits: ['SO-VHTTDL'] },
    { code: 'NV6', title: 'Chưa giao' },
  ],
};

describe('a draft after a unit merge', () => {
  const after = draftAfterMerge(draft, 'TT-DAKTO', 'X-MOI');

  it('names the successor as lead, partner, fan-out parent and issuing unit', () => {
    expect(after.issuingUnit).toBe('X-MOI');
    expect(after.tasks![0]).toEqual({ code: 'NV1', leadUnit: 'X-MOI', coordinatingUnits: ['SO-VHTTDL'] });
    expect(after.tasks![3]).toEqual({ code: 'NV4', fanOut: { kind: 'commune', under: 'X-MOI' } });
    expect(draftNamesUnit(after, 'TT-DAKTO')).toBe(false);
  });

  it('keeps the successor once among the partners, and not at all where it leads', () => {
    // NV2 listed both the merged unit and its successor; NV3 is led by the successor.
    expect(after.tasks![1]!.coordinatingUnits).toEqual(['X-MOI', 'X-HAMON']);
    expect(after.tasks![2]).toEqual({ code: 'NV3', leadUnit: 'X-MOI', coordinatingUnits: [] });
  });

  it('leaves the rest of the draft as it was', () => {
    expect(after.tasks![4]).toBe(draft.tasks![4]);
    expect(after.tasks![5]).toBe(draft.tasks![5]);
    expect(after.targets).toBe(draft.targets);
    expect(after.code).toBe(draft.code);
    expect(draftNamesUnit(draft, 'X-HAMON')).toBe(true);
    expect(draftNamesUnit(draft, 'H-DAKHA')).toBe(false);
    expect(draftAfterMerge({}, 'TT-DAKTO', 'X-MOI')).toEqual({});
  });
});
