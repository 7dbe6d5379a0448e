/**
 * Request examples for the OpenAPI document, in the words of the seed plans (Kế hoạch
 * 925/KH-UBND of Kon Tum on family work, 10/KH-BCĐ on the Action Month). The tests parse
 * each one with its route's schema, so an example cannot drift from what the API accepts.
 */
import type { z } from 'zod';
import type { planDefinitionSchema, planDraftContentSchema } from '../domain/plan-definition';

export const planExample: z.input<typeof planDefinitionSchema> = {
  code: '925/KH-UBND',
  title: 'Kế hoạch triển khai công tác gia đình trên địa bàn tỉnh Kon Tum năm 2024',
  issuingBody: 'Ủy ban nhân dân tỉnh Kon Tum',
  issuingUnit: 'UBND-KT',
  assigningUnit: 'SO-VHTTDL',
  issuedOn: '2024-03-20',
  period: { from: '2024-01-01', to: '2024-12-31' },
  targets: [
    {
      code: 'CT1',
      title: 'Cán bộ làm công tác gia đình cấp xã được tập huấn',
      measure: 'percent',
      value: 100,
      base: 'familyOfficials',
      source: { figure: 'officialsTrained' },
    },
  ],
  tasks: [
    {
      code: 'NV1',
      title: 'Tập huấn nghiệp vụ công tác gia đình cho cán bộ cấp xã',
      kind: 'training',
      leadUnit: 'SO-VHTTDL',
      coordinatingUnits: ['HLHPN'],
      deadline: '2024-10-31',
    },
    {
      code: 'NV7',
      title: 'Tuyên truyền Ngày Gia đình Việt Nam 28/6 tại các thôn, làng',
      kind: 'campaign',
      fanOut: { kind: 'commune' },
      deadline: '2024-06-28',
    },
  ],
};

/** A draft as far as the department head has typed it: the header, one target, one task without its deadline yet. */
export const draftExample: z.input<typeof planDraftContentSchema> = {
  code: '1502/KH-SVHTTDL',
  title: 'Kế hoạch tổ chức các hoạt động hưởng ứng Tháng hành động quốc gia về phòng, chống bạo lực gia đình năm 2025',
  issuingBody: 'Sở Văn hóa, Thể thao và Du lịch tỉnh Kon Tum',
  place: 'Kon Tum',
  issuedOn: '2025-05-20',
  signer: { name: 'Nguyễn Văn Hòa', position: 'Giám đốc' },
  period: { from: '2025-06-01', to: '2025-06-30' },
  targets: [{ code: 'CT1', title: '100% xã, phường, thị trấn tổ chức tuyên truyền', measure: 'percent', value: 100, base: 'communes' }],
  tasks: [{ code: 'NV1', title: 'Tuyên truyền trên hệ thống loa truyền thanh cơ sở', kind: 'campaign', fanOut: { kind: 'commune' } }],
};

export const unitExample = {
  code: 'X-DAKPXI',
  name: 'Ủy ban nhân dân xã Đắk Pxi',
  kind: 'commune',
  parentCode: 'H-DAKHA',
  email: 'vanphong@dakpxi.kontum.gov.vn',
  headName: 'Chủ tịch UBND xã Đắk Pxi',
  headEmail: 'chutich@dakpxi.kontum.gov.vn',
  households: 3_120,
  familyOfficials: 2,
} as const;
