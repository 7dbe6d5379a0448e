/**
 * Reading a document's text, and refusing what cannot be read: each bad input gets its own
 * DocumentTextError with a Vietnamese message, within bounded time and memory. The bounds
 * are those of docs/plan-documents.md; tests that exercise one lower it so as to stay fast.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { DocumentTextError, documentLimits, documentText, formatOf, type DocumentTextFault } from '../../services/document-text';

const folder = join(__dirname, '../fixtures/plan-documents');
const fixture = (name: string) => readFileSync(join(folder, name));

/** A ZIP archive built by hand, so that its entries may lie about their sizes as a zip bomb does. */
function zipOf(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, declaredSize } of entries) {
    const compressed = deflateRawSync(data);
    const fileName = Buffer.from(name);
    const size = declaredSize ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, compressed);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

async function refusal(bytes: Uint8Array, limits = documentLimits): Promise<{ fault: DocumentTextFault; message: string; ms: number }> {
  const started = Date.now();
  try {
    await documentText(bytes, limits);
  } catch (error) {
    if (!(error instanceof DocumentTextError)) throw error;
    return { fault: error.fault, message: error.message, ms: Date.now() - started };
  }
  throw new Error('the document was read');
}

const vietnamese = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/iu;

describe('what the bytes are', () => {
  it('is judged from the bytes, not the name', () => {
    expect(formatOf(fixture('tiem-chung-quang-ngai-2025.pdf'))).toBe('pdf');
    expect(formatOf(fixture('sot-xuat-huyet-kon-tum-2024.docx'))).toBe('zip');
    expect(formatOf(fixture('gia-dinh-kon-tum-2024.txt'))).toBe('text');
  });

  it('reads a DOCX with its tables as tables, whatever it is called', async () => {
    const { format, blocks } = await documentText(fixture('sot-xuat-huyet-kon-tum-2024.docx'));
    expect(format).toBe('docx');
    const appendix = blocks.filter((block) => block.kind === 'table').at(-1);
    expect(appendix).toMatchObject({ kind: 'table' });
    expect(appendix!.kind === 'table' && appendix!.rows[0]).toEqual(['STT', 'Nội dung hoạt động', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời gian thực hiện', 'Sản phẩm']);
  });

  it('reads a PDF text layer into paragraphs and its table into rows', async () => {
    const { format, pages, blocks } = await documentText(fixture('tiem-chung-quang-ngai-2025.pdf'));
    expect({ format, pages }).toEqual({ format: 'pdf', pages: 1 });
    const table = blocks.find((block) => block.kind === 'table');
    expect(table?.kind === 'table' && table.rows[0]).toEqual(['STT', 'Nội dung', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời gian']);
    expect(table?.kind === 'table' && table.rows[1]).toEqual(['1', 'Tập huấn an toàn tiêm chủng cho cán bộ y tế cấp xã', 'Trung tâm Kiểm soát bệnh tật tỉnh', 'UBND các xã, phường, đặc khu', 'Tháng 9/2025']);
    expect(blocks).toContainEqual({ kind: 'paragraph', text: '- Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin đạt từ 95% trở lên.' });
  });
});

describe('documents that are refused', () => {
  it('a picture sent as a PDF or DOCX', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.alloc(200)]);
    expect(await refusal(png)).toMatchObject({ fault: 'unsupported', message: expect.stringMatching(vietnamese) });
  });

  it('a ZIP that is not a Word document (a spreadsheet)', async () => {
    const xlsx = zipOf([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }]);
    expect(await refusal(xlsx)).toMatchObject({ fault: 'unsupported' });
  });

  it('a Word 97–2003 file and a password-protected DOCX (an OLE container holding EncryptedPackage)', async () => {
    const ole = (stream: string) => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), Buffer.from(stream, 'utf16le'), Buffer.alloc(512)]);
    expect(await refusal(ole('WordDocument'))).toMatchObject({ fault: 'unsupported', message: expect.stringContaining('.doc') });
    expect(await refusal(ole('EncryptedPackage'))).toMatchObject({ fault: 'encrypted', message: expect.stringContaining('mật khẩu') });
  });

  it('a password-protected PDF', async () => {
    expect(await refusal(fixture('bad/encrypted.pdf'))).toMatchObject({ fault: 'encrypted', message: expect.stringContaining('mật khẩu') });
  });

  it('a DOCX or PDF cut short', async () => {
    const docx = fixture('sot-xuat-huyet-kon-tum-2024.docx');
    expect(await refusal(docx.subarray(0, docx.length / 2))).toMatchObject({ fault: 'corrupt' });
    const pdf = fixture('kiem-ke-dat-dai-dak-ha-2024.pdf');
    expect(['corrupt', 'no-text']).toContain((await refusal(pdf.subarray(0, 600))).fault);
  });

  it('a zip bomb: declared larger than the bound, or unpacking to more than it declares', async () => {
    const limits = { ...documentLimits, maxUnpackedBytes: 1024 * 1024 };
    const zeros = Buffer.alloc(8 * 1024 * 1024);
    const honest = zipOf([{ name: 'word/document.xml', data: zeros }]);
    expect(await refusal(honest, limits)).toMatchObject({ fault: 'unpacks-too-large' });
    const lying = zipOf([{ name: 'word/document.xml', data: zeros, declaredSize: 100 }]);
    const refused = await refusal(lying, limits);
    expect(['unpacks-too-large', 'corrupt']).toContain(refused.fault);
    expect(refused.ms).toBeLessThan(5_000);
    // A real DOCX over a tight bound is refused the same way.
    expect(await refusal(fixture('gia-dinh-quang-ngai-2025-2030.docx'), { ...documentLimits, maxUnpackedBytes: 2048 })).toMatchObject({ fault: 'unpacks-too-large' });
  });

  it('a PDF of 200 pages, refused before its pages are read', async () => {
    const document = await PDFDocument.create();
    const font = await document.embedFont(StandardFonts.Helvetica);
    for (let page = 1; page <= 200; page += 1) document.addPage().drawText(`Trang ${page}`, { x: 50, y: 700, size: 12, font });
    const refused = await refusal(await document.save());
    expect(refused).toMatchObject({ fault: 'too-many-pages', message: expect.stringContaining('200 trang') });
    expect(refused.ms).toBeLessThan(10_000);
  });

  it('a scanned PDF: pages without a text layer', async () => {
    const document = await PDFDocument.create();
    document.addPage().drawRectangle({ x: 50, y: 50, width: 400, height: 600 });
    expect(await refusal(await document.save())).toMatchObject({ fault: 'no-text', message: expect.stringContaining('bản quét') });
  });

  it('a PDF that takes longer than the time bound, or more memory than the bound', async () => {
    const pdf = fixture('tiem-chung-quang-ngai-2025.pdf');
    const slow = await refusal(pdf, { ...documentLimits, pdfTimeoutMs: 1 });
    expect(slow).toMatchObject({ fault: 'timeout' });
    expect(slow.ms).toBeLessThan(2_000);
    expect(await refusal(pdf, { ...documentLimits, pdfHeapMb: 2 })).toMatchObject({ fault: 'too-large' });
  });

  it('text in another encoding than UTF-8', async () => {
    // "Kế hoạch" in Windows-1258 / TCVN3 bytes is not UTF-8.
    expect(await refusal(Buffer.from([0x4b, 0xea, 0x20, 0x68, 0x6f, 0xb9, 0x63, 0x68, 0x20, 0x73, 0xe8]))).toMatchObject({ fault: 'not-utf8', message: expect.stringContaining('UTF-8') });
    expect(await refusal(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Kế hoạch', 'utf16le')]))).toMatchObject({ fault: 'not-utf8', message: expect.stringContaining('UTF-16') });
  });

  it('an empty file and one over the size bound', async () => {
    expect(await refusal(Buffer.alloc(0))).toMatchObject({ fault: 'empty' });
    expect(await refusal(Buffer.from('Kế hoạch số 1/KH-UBND'), { ...documentLimits, maxBytes: 8 })).toMatchObject({ fault: 'too-large' });
  });
});
