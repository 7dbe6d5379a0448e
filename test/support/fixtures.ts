/** The header of Kế hoạch 925/KH-UBND, open until 2030, for tests to give their own tasks and settings. */
export function plan925(fields: Record<string, unknown>) {
  return {
    code: '925/KH-UBND',
    title: 'Kế hoạch triển khai công tác gia đình năm 2024',
    issuingBody: 'Ủy ban nhân dân tỉnh',
    issuedOn: '2024-03-20',
    period: { from: '2024-01-01', to: '2030-12-31' },
    ...fields,
  };
}

/** Creates units through the API as `admin`, in order; a refusal stops the test. */
export async function createUnits(admin: { post(path: string, body: unknown): Promise<{ status: number; body: unknown }> }, units: Record<string, unknown>[]): Promise<void> {
  for (const unit of units) {
    const answer = await admin.post('/units', unit);
    if (answer.status !== 201) throw new Error(`unit ${String(unit.code)} was refused: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}

/** The province, its Sở VHTTDL (with the head fields given) and the commune of Hà Mòn. */
export const departmentAndCommune = (head: { headName?: string; headEmail?: string }) => [
  { code: 'UBND-KT', name: 'Ủy ban nhân dân tỉnh Kon Tum', kind: 'province' },
  { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department', parentCode: 'UBND-KT', ...head },
  { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn', kind: 'commune', parentCode: 'UBND-KT', email: 'hamon@xa.example.vn' },
];

/** A ladder without reminders whose levels all fall due as the deadline passes, each telling whom it names. */
export const ladderAtDeadline = (...notify: string[]) => ({ default: { reminders: [], levels: notify.map((whom) => ({ after: { workingDays: 0 }, notify: whom })) } });

/**
 * A compressed office clock whose Tuesday 1 December 2026 begins now and lasts ten minutes: a test
 * that runs for a few minutes stays within one working day (docs/notices.md#the-office-clock-in-tests).
 */
export const officeDayClock = () => ({ TEST_LADDER_WORKING_DAY_SECONDS: '600', TEST_OFFICE_CLOCK_ORIGIN: new Date().toISOString(), TEST_OFFICE_CLOCK_DATE: '2026-12-01' });

/** Kế hoạch 925 assigned by Sở VHTTDL (departmentAndCommune) whose one level tells the department's head as each deadline passes. */
export const planEscalatingToDepartment = (tasks: Record<string, unknown>[]) =>
  plan925({ issuingUnit: 'UBND-KT', assigningUnit: 'SO-VHTTDL', escalation: ladderAtDeadline('assigner-head'), tasks });

/** A task for `leadUnit` due at the instant `deadline` (epoch milliseconds). */
export const taskDueAt = (code: string, leadUnit: string, deadline: number) => ({ code, title: `Nhiệm vụ ${code} về công tác gia đình`, kind: 'generic', leadUnit, deadline: { at: new Date(deadline).toISOString() } });
