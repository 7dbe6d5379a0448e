/**
 * iCalendar feeds of open deadlines on the real stack, read as a calendar program reads them —
 * by their secret address, without signing in — and parsed by an independent parser (node-ical):
 * each lists exactly the open work it covers, as all-day events with a reminder and a link.
 */
import ical, { type VEvent } from 'node-ical';
import { startStack, type Stack } from '../../dev/stack';
import { httpClient } from '../support/http';
import { createUnits, departmentAndCommune, plan925 } from '../support/fixtures';

let stack: Stack;
let admin: ReturnType<typeof httpClient>;
let commune: ReturnType<typeof httpClient>;
let communeToken: string;
const assignments: Record<string, string> = {};

/** The feed at `url`, fetched without a sign-in, and its events keyed by task code. */
async function feedAt(url: string) {
  const response = await fetch(url.replace('http://127.0.0.1:3000', stack.baseUrl));
  const text = await response.text();
  const events = response.ok ? Object.values(ical.sync.parseICS(text)).filter((item): item is VEvent => item?.type === 'VEVENT') : [];
  return { status: response.status, type: response.headers.get('content-type'), text, events };
}
const codesOf = (events: VEvent[]) => events.map((event) => /Hạn: (\w+)/.exec(String(event.summary))![1]).sort();

beforeAll(async () => {
  stack = await startStack();
  admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  await createUnits(admin, [...departmentAndCommune({}), { code: 'X-DAKMAR', name: 'Ủy ban nhân dân xã Đắk Mar', kind: 'commune', parentCode: 'UBND-KT' }]);
  const plan = await admin.post(
    '/plans',
    plan925({
      issuingUnit: 'UBND-KT',
      assigningUnit: 'SO-VHTTDL',
      tasks: [
        { code: 'NV1', title: 'Thành lập mô hình phòng, chống bạo lực gia đình', kind: 'generic', leadUnit: 'X-HAMON', deadline: '2030-06-30' },
        { code: 'NV2', title: 'Tổ chức Ngày Gia đình Việt Nam 28/6', kind: 'commemoration', leadUnit: 'X-HAMON', deadline: '2030-06-28' },
        { code: 'NV3', title: 'Tuyên truyền trên loa truyền thanh', kind: 'campaign', leadUnit: 'X-DAKMAR', deadline: '2030-05-01' },
      ],
    }),
  );
  expect(plan.status).toBe(201);
  for (const line of (await admin.get(`/plans/${plan.body.id}`)).body.tasks) assignments[line.code] = line.assignments[0].id;
  ({ token: communeToken } = await stack.signIn('unit_officer', 'X-HAMON'));
  commune = httpClient(stack.baseUrl, communeToken);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

describe('an account\'s calendar feed', () => {
  let url: string;

  it('is made with a secret address shown once, and lists the open deadlines of the account\'s unit', async () => {
    const made = await commune.post('/me/calendar-feeds', {});
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ unit: null, revokedAt: null });
    url = made.body.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/calendar\/pecal_[\w-]{43}\.ics$/);
    expect(url).not.toContain(communeToken);
    const listed = await commune.get('/me/calendar-feeds');
    expect(JSON.stringify(listed.body)).not.toContain('pecal_');

    const feed = await feedAt(url);
    expect(feed.status).toBe(200);
    expect(feed.type).toBe('text/calendar; charset=utf-8');
    expect(feed.text).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\n/);
    expect(codesOf(feed.events)).toEqual(['NV1', 'NV2']);
  });

  it('writes each deadline as an all-day event on its day, with the plan and task, a link and a reminder the morning before', async () => {
    const { events } = await feedAt(url);
    const nv1 = events.find((event) => String(event.summary).includes('NV1'))!;
    expect(nv1.datetype).toBe('date');
    expect((nv1.start as Date & { dateOnly?: boolean }).dateOnly).toBe(true);
    expect(nv1.start.getFullYear() * 10_000 + (nv1.start.getMonth() + 1) * 100 + nv1.start.getDate()).toBe(20300630);
    expect(nv1.uid).toBe(`assignment-${assignments.NV1}@plan-engine`);
    expect(nv1.summary).toBe('Hạn: NV1 – Thành lập mô hình phòng, chống bạo lực gia đình (Ủy ban nhân dân xã Hà Mòn)');
    expect(nv1.description).toContain('Kế hoạch số 925/KH-UBND: Kế hoạch triển khai công tác gia đình năm 2024');
    // URL;VALUE=URI:… comes back as the value with its parameters.
    const link = nv1.url as unknown as string | { val: string };
    expect(typeof link === 'string' ? link : link.val).toBe(`http://127.0.0.1:3000/#/assignments/${assignments.NV1}`);
    expect(nv1.alarms).toHaveLength(1);
    expect(nv1.alarms![0]).toMatchObject({ action: 'DISPLAY', trigger: '-PT16H' });
  });

  it('drops work once it is closed', async () => {
    expect((await admin.post(`/assignments/${assignments.NV2}/complete`, { summary: 'Đã tổ chức, có báo cáo.' })).status).toBe(200);
    expect(codesOf((await feedAt(url)).events)).toEqual(['NV1']);
  });

  it('answers 404 once revoked, and to the sign-in token in its place', async () => {
    const [feed] = (await commune.get('/me/calendar-feeds')).body.items;
    expect((await commune.delete(`/me/calendar-feeds/${feed.id}`)).status).toBe(204);
    expect((await feedAt(url)).status).toBe(404);
    expect((await fetch(`${stack.baseUrl}/calendar/${communeToken}.ics`)).status).toBe(404);
    expect((await commune.get('/me/calendar-feeds')).body.items[0].revokedAt).not.toBeNull();
  });

  it('ends with the sessions: signing out everywhere revokes every feed of the account', async () => {
    const { token } = await stack.signIn('unit_officer', 'X-HAMON');
    const officer = httpClient(stack.baseUrl, token);
    const made = await officer.post('/me/calendar-feeds', {});
    expect((await feedAt(made.body.url)).status).toBe(200);
    expect((await officer.post('/auth/logout', {})).status).toBe(204);
    expect((await feedAt(made.body.url)).status).toBe(404);
  });
});

describe('a unit\'s calendar feed', () => {
  it('lists that unit\'s open deadlines, for whoever may see its work, and nothing for others', async () => {
    const leader = httpClient(stack.baseUrl, (await stack.signIn('leader', 'UBND-KT')).token);
    const made = await leader.post('/me/calendar-feeds', { unit: 'X-DAKMAR' });
    expect(made.body.unit).toEqual({ code: 'X-DAKMAR', name: 'Ủy ban nhân dân xã Đắk Mar' });
    expect(codesOf((await feedAt(made.body.url)).events)).toEqual(['NV3']);
    const refused = await commune.post('/me/calendar-feeds', { unit: 'X-DAKMAR' });
    expect(refused.status).toBe(404);
  });

  it("gives a department's head the work its department assigned besides its own", async () => {
    const head = httpClient(stack.baseUrl, (await stack.signIn('department_head', 'SO-VHTTDL')).token);
    const made = await head.post('/me/calendar-feeds', {});
    expect(codesOf((await feedAt(made.body.url)).events)).toEqual(['NV1', 'NV3']);
  });
});
