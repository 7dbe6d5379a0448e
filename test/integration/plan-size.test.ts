/**
 * How large one request may make a plan, on the real stack with MAX_PLAN_ASSIGNMENTS set to 6:
 * the assignments are counted before anything is written, in JSON and in YAML, and the period
 * that repeats are laid on is at most ten years.
 */
import { stringify } from 'yaml';
import { startStack, type Stack } from '../../dev/stack';
import { plan925 } from '../support/fixtures';
import { httpClient } from '../support/http';

let stack: Stack;
let admin: ReturnType<typeof httpClient>;

beforeAll(async () => {
  stack = await startStack({ env: { MAX_PLAN_ASSIGNMENTS: '6' } });
  admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  const units = [
    { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department' },
    { code: 'H-DAKHA', name: 'Ủy ban nhân dân huyện Đắk Hà', kind: 'district' },
    ...['X-HAMON', 'X-DAKMAR', 'X-DAKPXI', 'X-NGOKREO'].map((code) => ({ code, name: `Ủy ban nhân dân xã ${code.slice(2)}`, kind: 'commune', parentCode: 'H-DAKHA' })),
  ];
  for (const unit of units) expect((await admin.post('/units', unit)).status).toBe(201);
});

afterAll(async () => {
  await stack?.stop();
});

// Issued 2024-03-20 for 2024: four quarterly reports (Q1 due 2024-03-31) at each of 4 communes = 16.
const quarterlyAtEveryCommune = plan925({
  period: { from: '2024-01-01', to: '2024-12-31' },
  tasks: [{ code: 'NV9', title: 'Báo cáo quý', kind: 'report', fanOut: { kind: 'commune' }, repeat: { every: 'quarter' } }],
});
const tooMany = [
  { path: 'tasks', message: 'would create 16 assignments; one plan may create at most 6' },
  { path: 'tasks.0', message: 'creates 16 of them' },
];

describe('the size of one plan', () => {
  it('refuses more assignments than MAX_PLAN_ASSIGNMENTS, naming the task, and writes nothing', async () => {
    const answer = await admin.post('/plans', quarterlyAtEveryCommune);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: '/problems/validation', errors: tooMany });
    const yaml = await admin.postRaw('/plans', stringify(quarterlyAtEveryCommune), 'application/yaml');
    expect(yaml.status).toBe(400);
    expect(yaml.body.errors).toEqual(tooMany);
    expect(await stack.db.plan.count()).toBe(0);
    expect(await stack.db.assignment.count()).toBe(0);
  });

  it('refuses a period longer than ten years, which repeats would fill', async () => {
    const answer = await admin.post('/plans', { ...quarterlyAtEveryCommune, period: { from: '2024-01-01', to: '9999-12-31' } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ path: 'period.to', message: 'a plan runs at most 10 years: end it by 2033-12-31', vi: 'Kế hoạch kéo dài tối đa 10 năm: kết thúc trước 2033-12-31' }]);
    expect(await stack.db.plan.count()).toBe(0);
  });

  it('creates a plan of exactly the limit', async () => {
    // 4 communes + 1 lead and 1 coordinating unit = 6.
    const answer = await admin.post(
      '/plans',
      plan925({
        tasks: [
          { code: 'NV3', title: 'Xây dựng mô hình', kind: 'generic', fanOut: { kind: 'commune' }, deadline: '2030-06-30' },
          { code: 'NV5', title: 'Tập huấn', kind: 'training', leadUnit: 'SO-VHTTDL', coordinatingUnits: ['H-DAKHA'], deadline: '2030-06-30' },
        ],
      }),
    );
    expect(answer.status).toBe(201);
    expect(answer.body.assignments).toBe(6);
  });
});
