/**
 * Evidence files through the API on the real stack, once with the folder store and once with
 * S3 on a real S3-compatible server (the Versity S3 Gateway started here): upload, list,
 * download byte for byte under the recorded SHA-256, thumbnails, removal; refused types and
 * sizes leave neither a row nor an object; reports carry files by id and their hashes reach the
 * history and the audit trail; figures are refused by name and doubted against the unit's
 * households; under review and once approved, files are fixed.
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import http from 'node:http';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { startS3Gateway, type S3Gateway } from '../../dev/s3-gateway';
import { startStack, type Stack } from '../../dev/stack';
import { plan925 } from '../support/fixtures';
import { assignmentWorkflowStarted, eventually, httpClient } from '../support/http';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const MAX_BYTES = 1024 * 1024;

async function pdfBytes(text: string): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage().drawText(text);
  return Buffer.from(await document.save());
}
const photoBytes = () => sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 200, g: 40, b: 40 } } }).jpeg().toBuffer();

describe.each(['folder', 's3'] as const)('evidence files in the %s store', (kind) => {
  let gateway: S3Gateway | undefined;
  let stack: Stack;
  let admin: ReturnType<typeof httpClient>;
  let unit: ReturnType<typeof httpClient>;
  let reviewer: ReturnType<typeof httpClient>;
  let unitToken: string;
  let assignmentId: string;
  let planId: string;
  let pdf: Buffer;
  let photo: Buffer;

  /** Every object the store holds, staged or kept. */
  async function objectsInStore(): Promise<string[]> {
    if (kind === 'folder') {
      const entries = await readdir(stack.deps.files.location, { recursive: true, withFileTypes: true }).catch(() => []);
      return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
    }
    const client = new S3Client({ endpoint: gateway!.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: gateway!.env.FILES_S3_ACCESS_KEY_ID!, secretAccessKey: gateway!.env.FILES_S3_SECRET_ACCESS_KEY! } });
    const answer = await client.send(new ListObjectsV2Command({ Bucket: gateway!.bucket }));
    client.destroy();
    return (answer.Contents ?? []).map((object) => object.Key!.split('/').pop()!);
  }

  /** POST /assignments/:id/files as a browser sends a form. */
  async function upload(files: { name: string; bytes: Uint8Array; type?: string }[], token = unitToken) {
    const form = new FormData();
    for (const file of files) form.append('files', new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.name);
    const response = await fetch(`${stack.baseUrl}/assignments/${assignmentId}/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    return { status: response.status, body: (await response.json()) as any };
  }

  const download = (path: string, token = unitToken) => fetch(`${stack.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    if (kind === 's3') gateway = await startS3Gateway();
    stack = await startStack({ env: { FILES_MAX_BYTES: String(MAX_BYTES), FILES_MAX_PER_REPORT: '3', ...gateway?.env } });
    admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
    await admin.post('/units', { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department' });
    await admin.post('/units', { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn', kind: 'commune', households: 1_000 });
    unitToken = (await stack.signIn('unit_officer', 'X-HAMON')).token;
    unit = httpClient(stack.baseUrl, unitToken);
    reviewer = httpClient(stack.baseUrl, (await stack.signIn('department_head', 'SO-VHTTDL')).token);
    const plan = await admin.post(
      '/plans',
      plan925({
        assigningUnit: 'SO-VHTTDL',
        targets: [
          { code: 'CT1', title: 'Số pa-nô, áp phích được treo', measure: 'count', value: 100, source: { figure: 'bannersHung', from: 'submissions' } },
          { code: 'CT2', title: '90% hộ được cung cấp thông tin', measure: 'percent', value: 90, base: 'households', source: { figure: 'householdsInformed', from: 'submissions' } },
        ],
        tasks: [{ code: 'NV2', title: 'Tuyên truyền về phòng, chống bạo lực gia đình', kind: 'campaign', leadUnit: 'X-HAMON', deadline: '2030-06-30' }],
      }),
    );
    expect(plan.status).toBe(201);
    planId = plan.body.id;
    assignmentId = (await admin.get(`/plans/${planId}`)).body.tasks[0].assignments[0].id;
    await assignmentWorkflowStarted(admin, assignmentId);
    [pdf, photo] = await Promise.all([pdfBytes('Bien ban tap huan'), photoBytes()]);
  });

  afterAll(async () => {
    await stack?.stop();
    await gateway?.stop();
  });

  let pdfId: string;
  let photoId: string;
  let sheet: Buffer;

  it('uploads a PDF and a photo, keeping their Vietnamese names, their types judged from the bytes', async () => {
    // Sent decomposed (NFD), as some systems write names; kept composed (NFC).
    const answer = await upload([
      { name: 'Biên bản tập huấn.pdf'.normalize('NFD'), bytes: pdf, type: 'application/octet-stream' },
      { name: 'C:\\fakepath\\Ảnh lớp học.jpg', bytes: photo, type: 'text/plain' },
    ]);
    expect(answer.status).toBe(201);
    expect(answer.body.items).toEqual([
      expect.objectContaining({ filename: 'Biên bản tập huấn.pdf', mediaType: 'application/pdf', size: pdf.length, sha256: sha256(pdf), attached: false, inline: true, thumbnail: false }),
      expect.objectContaining({ filename: 'Ảnh lớp học.jpg', mediaType: 'image/jpeg', size: photo.length, sha256: sha256(photo), inline: true, thumbnail: true }),
    ]);
    [pdfId, photoId] = answer.body.items.map((item: { id: string }) => item.id);
    const rows = await stack.db.evidenceFile.findMany({ where: { assignmentId } });
    expect(rows.map((row) => row.uploadedBy).sort()).toEqual(['unit_officer X-HAMON', 'unit_officer X-HAMON']);
    const audit = await stack.db.auditEntry.findMany({ where: { action: 'file.uploaded' } });
    expect(audit.map((entry) => (entry.after as { sha256: string }).sha256).sort()).toEqual([sha256(pdf), sha256(photo)].sort());
  });

  it('lists the files to whoever may see the assignment', async () => {
    const listed = await reviewer.get(`/assignments/${assignmentId}/files`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([pdfId, photoId]);
    expect((await reviewer.get(`/assignments/${assignmentId}`)).body.files).toHaveLength(2);
  });

  it('sends each file back byte for byte under its SHA-256, named as RFC 6266 says, PDFs and images inline', async () => {
    const response = await download(`/assignments/${assignmentId}/files/${pdfId}`);
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(sha256(bytes)).toBe(sha256(pdf));
    expect(bytes.equals(pdf)).toBe(true);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('etag')).toBe(`"${sha256(pdf)}"`);
    expect(response.headers.get('content-disposition')).toBe(`inline; filename="Biên b?n t?p hu?n.pdf"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20t%E1%BA%ADp%20hu%E1%BA%A5n.pdf`);
    const thumbnail = await download(`/assignments/${assignmentId}/files/${photoId}/thumbnail`);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    const { width, height, format } = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
    expect({ width, height, format }).toEqual({ width: 320, height: 240, format: 'webp' });
    expect((await download(`/assignments/${assignmentId}/files/${pdfId}/thumbnail`)).status).toBe(404);
  });

  it('refuses a file whose bytes are not evidence, and one too large, naming it; the good files sent with them are not kept either', async () => {
    const rowsBefore = await stack.db.evidenceFile.count();
    const objectsBefore = (await objectsInStore()).sort();
    const program = await upload([
      { name: 'Báo cáo.pdf', bytes: await pdfBytes('kept?') },
      { name: 'Bảng kê.pdf', bytes: Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(4_000, 1)]), type: 'application/pdf' },
    ]);
    expect(program.status).toBe(415);
    expect(program.body).toMatchObject({ type: '/problems/unsupported-media-type', file: 'Bảng kê.pdf' });
    expect(program.body.detail).toContain('Bảng kê.pdf');
    const large = await upload([{ name: 'Ảnh gốc.jpg', bytes: Buffer.concat([photo, Buffer.alloc(MAX_BYTES, 7)]) }]);
    expect(large.status).toBe(413);
    expect(large.body).toMatchObject({ type: '/problems/payload-too-large', file: 'Ảnh gốc.jpg' });
    const tooMany = await upload([1, 2, 3, 4].map((n) => ({ name: `ảnh ${n}.jpg`, bytes: photo })));
    expect(tooMany.status).toBe(413);
    expect(await stack.db.evidenceFile.count()).toBe(rowsBefore);
    expect((await objectsInStore()).sort()).toEqual(objectsBefore);
  });

  it('keeps nothing of an upload whose connection is lost midway', async () => {
    const rowsBefore = await stack.db.evidenceFile.count();
    const objectsBefore = (await objectsInStore()).sort();
    const boundary = 'lost-connection-boundary';
    const { port } = new URL(stack.baseUrl);
    const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: `/assignments/${assignmentId}/files`, headers: { authorization: `Bearer ${unitToken}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': 10 * MAX_BYTES } });
    request.on('error', () => undefined);
    request.write(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="Biên bản dở dang.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
    request.write(pdf.subarray(0, 2_000));
    // The API holds the start of the file in staging (in the folder a file; S3 takes nothing before a whole 5 MiB part); then the connection drops.
    if (kind === 'folder') await eventually(async () => ((await objectsInStore()).length > objectsBefore.length ? true : undefined), 'the file staged');
    else await new Promise((resolve) => setTimeout(resolve, 300));
    request.destroy();
    await eventually(async () => ((await objectsInStore()).length === objectsBefore.length ? true : undefined), 'the staged part removed');
    expect((await objectsInStore()).sort()).toEqual(objectsBefore);
    expect(await stack.db.evidenceFile.count()).toBe(rowsBefore);
  });

  it('refuses a figure neither the catalogue nor the plan knows, and a negative one, naming the field; nothing is written', async () => {
    const unknown = await unit.post(`/assignments/${assignmentId}/submit`, { summary: 'Đã tuyên truyền', figures: { householdsReached: 10, houseHolds: 3 }, files: [pdfId] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: 'figures.houseHolds', message: '"houseHolds" is neither a figure of the catalogue nor one the plan\'s targets are measured by' }]);
    const negative = await unit.post(`/assignments/${assignmentId}/submit`, { summary: 'Đã tuyên truyền', figures: { householdsReached: -1 } });
    expect(negative.status).toBe(400);
    expect(negative.body.errors[0].path).toBe('figures.householdsReached');
    const foreign = await unit.post(`/assignments/${assignmentId}/submit`, { summary: 'Đã tuyên truyền', files: ['00000000-0000-4000-8000-000000000000'] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].path).toBe('files.0');
    expect((await stack.db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).status).toBe('assigned');
  });

  it('submits the report with labelled figures and the files; their hashes are in the history; more households than the commune has is a warning', async () => {
    const fields = (await unit.get(`/assignments/${assignmentId}`)).body.figureFields as { name: string; label: string; from: string }[];
    // The plan's figures (labelled by the catalogue, or by their target's title), then the campaign's own.
    expect(fields.map((field) => `${field.from}:${field.name}`)).toEqual(['plan:bannersHung', 'plan:householdsInformed', 'kind:campaigns', 'kind:pieces', 'kind:peopleReached', 'kind:householdsReached']);
    expect(fields[0]!.label).toBe('Số pa-nô, áp phích được treo');
    const submitted = await unit.post(`/assignments/${assignmentId}/submit`, { summary: 'Đã tuyên truyền tại 8 thôn', figures: { bannersHung: 12, householdsInformed: 1_200 }, files: [pdfId, photoId] });
    expect(submitted.status).toBe(200);
    const detail = (await reviewer.get(`/assignments/${assignmentId}`)).body;
    expect(detail.figureWarnings).toEqual([{ figure: 'householdsInformed', value: 1_200, limit: 1_000, message: 'householdsInformed is 1200, more than the 1000 households the unit records' }]);
    expect(detail.files.every((file: { attached: boolean }) => file.attached)).toBe(true);
    const event = detail.history.find((entry: { type: string }) => entry.type === 'assignment.submitted');
    expect(event.data.files).toEqual([
      { id: pdfId, filename: 'Biên bản tập huấn.pdf', sha256: sha256(pdf), size: pdf.length },
      { id: photoId, filename: 'Ảnh lớp học.jpg', sha256: sha256(photo), size: photo.length },
    ]);
    const audit = await stack.db.auditEntry.findFirstOrThrow({ where: { action: 'assignment.submitted', entityId: assignmentId } });
    expect((audit.after as { files: { sha256: string }[] }).files.map((file) => file.sha256)).toEqual([sha256(pdf), sha256(photo)]);
  });

  it('fixes the files while the report is under review; once returned, the unit may remove one, and its bytes go', async () => {
    const underReview = await unit.delete(`/assignments/${assignmentId}/files/${photoId}`);
    expect(underReview.status).toBe(409);
    expect((await upload([{ name: 'thêm.pdf', bytes: pdf }])).status).toBe(409);
    expect((await reviewer.post(`/assignments/${assignmentId}/return`, { reason: 'Bổ sung danh sách hộ.' })).status).toBe(200);
    expect((await unit.delete(`/assignments/${assignmentId}/files/${photoId}`)).status).toBe(204);
    expect(await stack.db.evidenceFile.findUnique({ where: { id: photoId } })).toBeNull();
    expect(await stack.deps.files.exists(sha256(photo))).toBe(false);
    expect(await objectsInStore()).not.toContain(sha256(photo));
    const removed = await stack.db.auditEntry.findFirstOrThrow({ where: { action: 'file.removed', entityId: photoId } });
    expect((removed.before as { sha256: string }).sha256).toBe(sha256(photo));
    expect((await download(`/assignments/${assignmentId}/files/${photoId}`)).status).toBe(404);
  });

  it('lets an activity report carry its own files, which no submission may carry then', async () => {
    sheet = await pdfBytes('Danh sach ho');
    const [uploaded] = (await upload([{ name: 'Danh sách hộ.pdf', bytes: sheet }])).body.items;
    const activity = await unit.post(`/assignments/${assignmentId}/activities`, {
      kind: 'campaign',
      channels: ['loudspeaker'],
      from: '2024-05-01',
      to: '2024-05-10',
      pieces: 6,
      householdsReached: 1_500,
      files: [uploaded.id],
    });
    expect(activity.status).toBe(201);
    expect(activity.body.warnings).toEqual([{ figure: 'householdsReached', value: 1_500, limit: 1_000, message: 'householdsReached is 1500, more than the 1000 households the unit records' }]);
    expect((await stack.db.evidenceFile.findUniqueOrThrow({ where: { id: uploaded.id } })).activityId).toBe(activity.body.id);
    const carried = await unit.post(`/assignments/${assignmentId}/submit`, { summary: 'Bổ sung', files: [pdfId, uploaded.id] });
    expect(carried.status).toBe(400);
    expect(carried.body.errors).toEqual([{ path: 'files.1', message: `file ${uploaded.id} is not an uploaded file of this assignment that this report may carry` }]);
    // What the sent activity report carries stays as the department received it, and so do its bytes.
    const removal = await unit.delete(`/assignments/${assignmentId}/files/${uploaded.id}`);
    expect(removal.status).toBe(409);
    expect(removal.body.detailVi).toBe('Tệp thuộc báo cáo hoạt động đã gửi nên không xóa được.');
    expect(await stack.db.evidenceFile.count({ where: { id: uploaded.id } })).toBe(1);
  });

  it('fixes the files once the report is approved', async () => {
    expect((await unit.post(`/assignments/${assignmentId}/submit`, { summary: 'Đã bổ sung danh sách hộ', figures: { householdsInformed: 950 }, files: [pdfId] })).status).toBe(200);
    expect((await reviewer.post(`/assignments/${assignmentId}/approve`, {})).status).toBe(200);
    const removal = await unit.delete(`/assignments/${assignmentId}/files/${pdfId}`);
    expect(removal.status).toBe(409);
    expect(removal.body.detail).toBe('the report was approved: its files are fixed');
    expect((await upload([{ name: 'muộn.pdf', bytes: pdf }])).status).toBe(409);
    expect(await stack.deps.files.exists(sha256(pdf))).toBe(true);
  });

  it('lists in the plan report every file the sent reports carry, with its SHA-256', async () => {
    const report = await reviewer.get(`/plans/${planId}/report`);
    expect(report.body.evidenceFiles).toEqual([
      expect.objectContaining({ unit: 'X-HAMON', task: 'NV2', filename: 'Danh sách hộ.pdf', sha256: sha256(sheet) }),
      expect.objectContaining({ unit: 'X-HAMON', task: 'NV2', filename: 'Biên bản tập huấn.pdf', sha256: sha256(pdf), size: pdf.length }),
    ]);
  });
});
