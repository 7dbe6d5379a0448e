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
