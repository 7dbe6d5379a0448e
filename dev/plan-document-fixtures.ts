/**
 * Writes the plan documents the reader's quality test reads (test/fixtures/plan-documents/):
 * DOCX in the layout of Nghị định 30/2020/NĐ-CP — the two-column header, "KẾ HOẠCH", the
 * title, Roman-numbered sections, the signature block and recipients, an appendix table —
 * and PDFs converted from such DOCX by LibreOffice (`soffice`), as departments make them.
 * Their expected drafts (*.expected.json) are written by hand.
 *
 *   npm run plan-document-fixtures
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { projectPath } from '../platform/project-root';

type Body = (string | { table: string[][]; widths: number[] })[];

interface PlanDocument {
  file: string;
  format: 'docx' | 'pdf';
  parent?: string;
  issuer: string[];
  code: string;
  placeAndDate: string;
  title: string[];
  body: Body;
  signer: string[];
  recipients: string[];
  appendix?: { title: string[]; table: string[][]; widths: number[] };
}

const FONT = 'Times New Roman';
const run = (text: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}) => new TextRun({ text, font: FONT, size: (options.size ?? 13) * 2, bold: options.bold, italics: options.italics });
const centred = (text: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}) => new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, options)] });
const noBorders = { top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } };

function bodyParagraph(text: string): Paragraph {
  const heading = /^(?:[IVX]+\.|PHỤ LỤC)/u.test(text);
  const numbered = /^\d+(?:\.\d+)*\.\s/.test(text) && text.length < 90;
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: 567 },
    spacing: { before: 60, after: 60 },
    children: [run(text, { bold: heading || numbered })],
  });
}

function grid(rows: string[][], widths: number[], options: { header: boolean }): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: widths,
    rows: rows.map(
      (row, index) =>
        new TableRow({
          tableHeader: options.header && index === 0,
          children: row.map(
            (cell, column) =>
              new TableCell({
                width: { size: widths[column]!, type: WidthType.DXA },
                children: cell.split('\n').map((line) => new Paragraph({ children: [run(line, { bold: options.header && index === 0, size: 12 })] })),
              }),
          ),
        }),
    ),
  });
}

function documentOf(plan: PlanDocument): Document {
  const header = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: [3600, 5800],
    borders: noBorders,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: 3600, type: WidthType.DXA },
            children: [
              ...(plan.parent ? [centred(plan.parent, { size: 12 })] : []),
              ...plan.issuer.map((line) => centred(line, { bold: true, size: 12 })),
              centred('-------', { size: 12 }),
              centred(`Số: ${plan.code}`, { size: 12 }),
            ],
          }),
          new TableCell({
            width: { size: 5800, type: WidthType.DXA },
            children: [centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 12 }), centred('Độc lập - Tự do - Hạnh phúc', { bold: true }), centred('---------------'), centred(plan.placeAndDate, { italics: true })],
          }),
        ],
      }),
    ],
  });
  const signature = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: [4700, 4700],
    borders: noBorders,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: 4700, type: WidthType.DXA },
            children: [new Paragraph({ children: [run('Nơi nhận:', { bold: true, italics: true, size: 12 })] }), ...plan.recipients.map((line) => new Paragraph({ children: [run(line, { size: 11 })] }))],
          }),
          new TableCell({ width: { size: 4700, type: WidthType.DXA }, children: plan.signer.map((line, index) => centred(line, { bold: index !== plan.signer.length - 2, italics: index === plan.signer.length - 2 })) }),
        ],
      }),
    ],
  });
  const body = plan.body.map((item) => (typeof item === 'string' ? bodyParagraph(item) : grid(item.table, item.widths, { header: true })));
  const appendix = plan.appendix
    ? [
        new Paragraph({ pageBreakBefore: true, alignment: AlignmentType.CENTER, children: [run('PHỤ LỤC', { bold: true })] }),
        ...plan.appendix.title.map((line, index) => centred(line, { bold: index === 0, italics: index > 0 })),
        new Paragraph({ children: [] }),
        grid(plan.appendix.table, plan.appendix.widths, { header: true }),
      ]
    : [];
  return new Document({
    creator: 'plan-engine fixtures',
    sections: [
      {
        properties: { page: { margin: { top: 1134, bottom: 1134, left: 1701, right: 1134 } } },
        children: [header, new Paragraph({ children: [] }), centred('KẾ HOẠCH', { bold: true, size: 14 }), ...plan.title.map((line) => centred(line, { bold: true, size: 14 })), centred('___________'), ...body, new Paragraph({ children: [] }), signature, ...appendix],
      },
    ],
  });
}

const KON_TUM_UBND = { issuer: ['ỦY BAN NHÂN DÂN', 'TỈNH KON TUM'], signer: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', '(Đã ký)', 'Y Ngọc'] };

export const planDocuments: PlanDocument[] = [
  {
    file: 'sot-xuat-huyet-kon-tum-2024',
    format: 'docx',
    ...KON_TUM_UBND,
    code: '1250/KH-UBND',
    placeAndDate: 'Kon Tum, ngày 15 tháng 4 năm 2024',
    title: ['Phòng, chống bệnh sốt xuất huyết trên địa bàn tỉnh Kon Tum năm 2024'],
    body: [
      'Căn cứ Luật Phòng, chống bệnh truyền nhiễm ngày 21 tháng 11 năm 2007;',
      'Căn cứ Quyết định số 3711/QĐ-BYT ngày 19 tháng 9 năm 2014 của Bộ Y tế ban hành Hướng dẫn giám sát và phòng, chống bệnh sốt xuất huyết Dengue;',
      'Ủy ban nhân dân tỉnh ban hành Kế hoạch phòng, chống bệnh sốt xuất huyết trên địa bàn tỉnh năm 2024 như sau:',
      'I. MỤC ĐÍCH, YÊU CẦU',
      '1. Mục đích',
      'Chủ động phòng, chống, không để dịch bệnh sốt xuất huyết lây lan rộng trên địa bàn tỉnh; giảm số mắc và tử vong do sốt xuất huyết.',
      '2. Yêu cầu',
      'Triển khai đồng bộ các giải pháp chuyên môn, huy động sự tham gia của các cấp chính quyền, các ngành, đoàn thể và người dân.',
      'II. MỤC TIÊU',
      '1. Mục tiêu chung',
      'Giảm tỷ lệ mắc và tử vong do bệnh sốt xuất huyết, hạn chế đến mức thấp nhất dịch lớn xảy ra.',
      '2. Chỉ tiêu cụ thể',
      '- Giảm 15% số mắc sốt xuất huyết so với trung bình giai đoạn 2019-2023.',
      '- Tỷ lệ chết/mắc do sốt xuất huyết dưới 0,09%.',
      '- 100% ổ dịch sốt xuất huyết được phát hiện và xử lý kịp thời theo quy định.',
      '- 90% hộ gia đình tại các xã có nguy cơ cao được tuyên truyền về biện pháp diệt lăng quăng, bọ gậy.',
      '- Tổ chức ít nhất 02 chiến dịch vệ sinh môi trường, diệt lăng quăng, bọ gậy trên địa bàn tỉnh.',
      'III. NHIỆM VỤ VÀ GIẢI PHÁP',
      '1. Công tác chỉ đạo',
      '- Kiện toàn Ban Chỉ đạo phòng, chống dịch bệnh các cấp; phân công thành viên phụ trách địa bàn.',
      '- Chỉ đạo các cơ sở y tế chuẩn bị đầy đủ thuốc, hóa chất, vật tư để chủ động xử lý ổ dịch.',
      '2. Công tác chuyên môn',
      '- Giám sát chặt chẽ tình hình bệnh sốt xuất huyết tại cộng đồng và cơ sở điều trị, phát hiện sớm các ổ dịch.',
      '- Tập huấn cho cán bộ y tế tuyến huyện, xã về chẩn đoán, điều trị và giám sát sốt xuất huyết.',
      '3. Công tác truyền thông',
      '- Đẩy mạnh tuyên truyền trên Đài Phát thanh - Truyền hình tỉnh, Báo Kon Tum và hệ thống loa truyền thanh cơ sở về biện pháp phòng bệnh.',
      '4. Công tác kiểm tra',
      '- Kiểm tra, giám sát việc triển khai các hoạt động phòng, chống sốt xuất huyết tại các huyện, thành phố.',
      'IV. KINH PHÍ THỰC HIỆN',
      'Kinh phí thực hiện Kế hoạch từ nguồn ngân sách nhà nước được giao trong dự toán năm 2024 của các cơ quan, đơn vị.',
      'V. TỔ CHỨC THỰC HIỆN',
      '1. Sở Y tế',
      '- Là cơ quan thường trực, chủ trì, phối hợp với các sở, ngành liên quan triển khai Kế hoạch này.',
      '- Chỉ đạo Trung tâm Kiểm soát bệnh tật tỉnh tổ chức giám sát dịch tễ, xử lý ổ dịch; hoàn thành tập huấn chuyên môn trong Quý II/2024.',
      '- Tổng hợp, báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh trước ngày 15/12/2024.',
      '2. Sở Thông tin và Truyền thông: Chủ trì, phối hợp với Đài Phát thanh - Truyền hình tỉnh, Báo Kon Tum tuyên truyền về phòng, chống sốt xuất huyết; hoàn thành trong tháng 6/2024.',
      '3. Sở Giáo dục và Đào tạo: Chỉ đạo các trường học tổ chức tuyên truyền cho học sinh về phòng, chống sốt xuất huyết trong năm học.',
      '4. Sở Tài chính: Tham mưu bố trí kinh phí thực hiện Kế hoạch theo quy định.',
      '5. Ủy ban nhân dân các huyện, thành phố: Xây dựng kế hoạch phòng, chống sốt xuất huyết của địa phương, hoàn thành trước ngày 30/5/2024; chỉ đạo Ủy ban nhân dân các xã, phường, thị trấn tổ chức chiến dịch diệt lăng quăng, bọ gậy.',
      '6. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và Hội Liên hiệp Phụ nữ tỉnh: Phối hợp với Sở Y tế vận động hội viên, nhân dân tham gia vệ sinh môi trường, diệt lăng quăng, bọ gậy.',
      'Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị báo cáo về Sở Y tế để tổng hợp, tham mưu Ủy ban nhân dân tỉnh xem xét, giải quyết./.',
    ],
    recipients: ['- Bộ Y tế (b/c);', '- TT Tỉnh ủy, TT HĐND tỉnh (b/c);', '- Chủ tịch, các PCT UBND tỉnh;', '- Các sở, ban, ngành;', '- UBND các huyện, thành phố;', '- Lưu: VT, KGVX.'],
    appendix: {
      title: ['CÁC HOẠT ĐỘNG PHÒNG, CHỐNG SỐT XUẤT HUYẾT NĂM 2024', '(Kèm theo Kế hoạch số 1250/KH-UBND ngày 15/4/2024 của Ủy ban nhân dân tỉnh Kon Tum)'],
      widths: [600, 3000, 1500, 1800, 1300, 1200],
      table: [
        ['STT', 'Nội dung hoạt động', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời gian thực hiện', 'Sản phẩm'],
        ['I', 'HOẠT ĐỘNG CHUYÊN MÔN', '', '', '', ''],
        ['1', 'Tổ chức chiến dịch vệ sinh môi trường, diệt lăng quăng, bọ gậy đợt 1', 'UBND các huyện, thành phố', '', 'Tháng 5/2024', 'Báo cáo kết quả chiến dịch'],
        ['2', 'Tổ chức chiến dịch vệ sinh môi trường, diệt lăng quăng, bọ gậy đợt 2', 'UBND các huyện, thành phố', '', 'Tháng 9/2024', 'Báo cáo kết quả chiến dịch'],
        ['3', 'Phun hóa chất diệt muỗi tại các ổ dịch', 'Trung tâm Kiểm soát bệnh tật tỉnh', 'UBND các huyện, thành phố', 'Thường xuyên', 'Ổ dịch được xử lý'],
        ['II', 'TRUYỀN THÔNG, KIỂM TRA', '', '', '', ''],
        ['4', 'Xây dựng phóng sự, tin bài tuyên truyền phòng, chống sốt xuất huyết', 'Đài Phát thanh - Truyền hình tỉnh', 'Sở Y tế', 'Quý II, III/2024', 'Phóng sự, tin bài'],
        ['5', 'Kiểm tra công tác phòng, chống sốt xuất huyết tại các huyện trọng điểm', 'Sở Y tế', 'Sở Tài chính; Bộ Chỉ huy Quân sự tỉnh', 'Quý III/2024', 'Biên bản kiểm tra'],
        ['6', 'Sơ kết 6 tháng đầu năm công tác phòng, chống sốt xuất huyết', 'Sở Y tế', 'Các sở, ngành liên quan', '6 tháng đầu năm 2024', 'Báo cáo sơ kết'],
      ],
    },
  },
  {
    file: 'pho-bien-phap-luat-giao-duc-kon-tum-2025',
    format: 'docx',
    parent: 'UBND TỈNH KON TUM',
    issuer: ['SỞ GIÁO DỤC VÀ ĐÀO TẠO'],
    code: '845/KH-SGDĐT',
    placeAndDate: 'Kon Tum, ngày 10 tháng 01 năm 2025',
    title: ['Tuyên truyền, phổ biến, giáo dục pháp luật trong ngành Giáo dục năm 2025'],
    signer: ['GIÁM ĐỐC', '(Đã ký)', 'Nguyễn Đức Hà'],
    body: [
      'Thực hiện Kế hoạch số 4567/KH-UBND ngày 25 tháng 12 năm 2024 của Ủy ban nhân dân tỉnh về công tác phổ biến, giáo dục pháp luật năm 2025, Sở Giáo dục và Đào tạo xây dựng Kế hoạch như sau:',
      'I. MỤC ĐÍCH, YÊU CẦU',
      'Nâng cao nhận thức, ý thức chấp hành pháp luật của cán bộ, giáo viên, nhân viên và học sinh; gắn công tác phổ biến pháp luật với nhiệm vụ chính trị của ngành.',
      'II. CHỈ TIÊU',
      '- 100% cán bộ quản lý, giáo viên được phổ biến các văn bản pháp luật mới liên quan đến ngành.',
      '- 95% học sinh trung học được tuyên truyền về phòng, chống bạo lực học đường và an toàn giao thông.',
      '- Tổ chức ít nhất 01 cuộc thi tìm hiểu pháp luật cấp tỉnh cho học sinh.',
      'III. NỘI DUNG VÀ HÌNH THỨC',
      '1. Phổ biến các văn bản pháp luật mới cho cán bộ quản lý, giáo viên',
      '- Nội dung: Luật Nhà giáo, các văn bản hướng dẫn thi hành Luật Giáo dục.',
      '- Đơn vị chủ trì: Văn phòng Sở.',
      '- Đơn vị phối hợp: các phòng chuyên môn thuộc Sở.',
      '- Thời gian thực hiện: Quý I/2025.',
      '2. Tổ chức hội nghị tập huấn nghiệp vụ phổ biến pháp luật cho báo cáo viên, tuyên truyền viên',
      '- Đơn vị chủ trì: Sở Giáo dục và Đào tạo.',
      '- Đơn vị phối hợp: Sở Tư pháp.',
      '- Thời gian thực hiện: tháng 4/2025.',
      '3. Tuyên truyền phòng, chống bạo lực học đường và an toàn giao thông cho học sinh',
      '- Đơn vị chủ trì: các trường trung học phổ thông.',
      '- Đơn vị phối hợp: Công an tỉnh, Tỉnh đoàn Kon Tum.',
      '- Thời gian thực hiện: thường xuyên.',
      '4. Tổ chức cuộc thi tìm hiểu pháp luật cho học sinh trung học trên địa bàn tỉnh',
      '- Đơn vị chủ trì: Sở Giáo dục và Đào tạo.',
      '- Đơn vị phối hợp: Tỉnh đoàn Kon Tum, Báo Kon Tum.',
      '- Thời gian thực hiện: tháng 9 - 11/2025.',
      '5. Hưởng ứng Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam (09/11)',
      '- Đơn vị chủ trì: Sở Giáo dục và Đào tạo.',
      '- Đơn vị phối hợp: UBND các huyện, thành phố.',
      '6. Kiểm tra công tác phổ biến, giáo dục pháp luật tại các đơn vị trường học',
      '- Đơn vị chủ trì: Thanh tra Sở.',
      '- Thời gian thực hiện: Quý III/2025.',
      'IV. TỔ CHỨC THỰC HIỆN',
      '1. Văn phòng Sở là đầu mối tham mưu Giám đốc Sở triển khai Kế hoạch.',
      '2. Các đơn vị trường học căn cứ Kế hoạch xây dựng kế hoạch của đơn vị; định kỳ 6 tháng báo cáo kết quả về Sở Giáo dục và Đào tạo trước ngày 15/6 và 15/12.',
    ],
    recipients: ['- UBND tỉnh (b/c);', '- Sở Tư pháp;', '- Các phòng thuộc Sở;', '- Các trường THPT;', '- Lưu: VT, VP.'],
  },
  {
    file: 'gia-dinh-quang-ngai-2025-2030',
    format: 'docx',
    issuer: ['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG NGÃI'],
    code: '212/KH-UBND',
    placeAndDate: 'Quảng Ngãi, ngày 18 tháng 8 năm 2025',
    title: ['Thực hiện Chiến lược phát triển gia đình Việt Nam', 'trên địa bàn tỉnh giai đoạn 2025 - 2030'],
    signer: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', '(Đã ký)', 'Trần Phước Hiền'],
    body: [
      'I. MỤC TIÊU',
      '1. Mục tiêu chung',
      'Xây dựng gia đình Việt Nam no ấm, tiến bộ, hạnh phúc, văn minh; phòng ngừa và giảm thiểu bạo lực gia đình.',
      '2. Chỉ tiêu đến năm 2030',
      'a) 95% hộ gia đình được tuyên truyền, phổ biến pháp luật về hôn nhân và gia đình, phòng, chống bạo lực gia đình.',
      'b) Giảm 20% số vụ bạo lực gia đình so với năm 2024.',
      'c) 80% xã, phường, đặc khu có mô hình, câu lạc bộ phòng, chống bạo lực gia đình hoạt động hiệu quả.',
      'd) 100% công chức làm công tác gia đình cấp tỉnh, cấp xã được bồi dưỡng kiến thức, kỹ năng về công tác gia đình.',
      'II. NHIỆM VỤ, GIẢI PHÁP',
      '1. Tăng cường sự lãnh đạo, chỉ đạo của các cấp ủy, chính quyền đối với công tác gia đình; đưa chỉ tiêu về gia đình vào kế hoạch phát triển kinh tế - xã hội hằng năm của địa phương.',
      '2. Đẩy mạnh công tác thông tin, tuyên truyền về vị trí, vai trò của gia đình trên Báo và Phát thanh, Truyền hình Quảng Ngãi và mạng xã hội.',
      '3. Tổ chức các hoạt động kỷ niệm Ngày Gia đình Việt Nam (28/6) và Ngày Quốc tế Hạnh phúc (20/3) hằng năm.',
      '4. Bồi dưỡng kiến thức, kỹ năng cho đội ngũ công chức làm công tác gia đình các cấp.',
      '5. Định kỳ kiểm tra, giám sát việc thực hiện chính sách, pháp luật về gia đình tại các xã, phường, đặc khu.',
      'III. KINH PHÍ',
      'Kinh phí thực hiện từ ngân sách nhà nước theo phân cấp và các nguồn huy động hợp pháp khác.',
      'IV. TỔ CHỨC THỰC HIỆN',
      '1. Sở Văn hóa, Thể thao và Du lịch',
      '- Là cơ quan thường trực, chủ trì, phối hợp với các sở, ngành, địa phương triển khai thực hiện Kế hoạch.',
      '- Chủ trì, phối hợp với Hội Liên hiệp Phụ nữ tỉnh tổ chức Ngày Gia đình Việt Nam 28/6 hằng năm.',
      '- Tổ chức sơ kết giữa kỳ vào năm 2027 và tổng kết thực hiện Kế hoạch vào Quý IV/2030.',
      '- Tổng hợp, báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện Kế hoạch trước ngày 15/12 hằng năm.',
      '2. Sở Y tế: Chủ trì, phối hợp với Sở Văn hóa, Thể thao và Du lịch lồng ghép tư vấn, chăm sóc sức khỏe sinh sản, dinh dưỡng trong gia đình.',
      '3. Sở Giáo dục và Đào tạo: Chỉ đạo các cơ sở giáo dục đưa nội dung giáo dục đời sống gia đình vào hoạt động ngoại khóa.',
      '4. Công an tỉnh: Phối hợp với Sở Văn hóa, Thể thao và Du lịch tổ chức tập huấn kỹ năng phòng, chống bạo lực gia đình cho lực lượng công an cấp xã.',
      '5. Báo và Phát thanh, Truyền hình Quảng Ngãi: Xây dựng chuyên trang, chuyên mục tuyên truyền về gia đình.',
      '6. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh: Vận động hội viên, đoàn viên tham gia xây dựng gia đình hạnh phúc.',
      '7. Ủy ban nhân dân các xã, phường, đặc khu',
      '- Xây dựng kế hoạch thực hiện trên địa bàn, hoàn thành trước ngày 30/10/2025.',
      '- Duy trì, nhân rộng các mô hình, câu lạc bộ phòng, chống bạo lực gia đình.',
      '- Định kỳ 6 tháng báo cáo kết quả về Sở Văn hóa, Thể thao và Du lịch.',
    ],
    recipients: ['- Bộ VHTTDL (b/c);', '- TT Tỉnh ủy, TT HĐND tỉnh;', '- CT, các PCT UBND tỉnh;', '- Các sở, ban, ngành;', '- UBND các xã, phường, đặc khu;', '- Lưu: VT, KGVX.'],
  },
  {
    file: 'kiem-ke-dat-dai-dak-ha-2024',
    format: 'pdf',
    parent: 'UBND TỈNH KON TUM',
    issuer: ['ỦY BAN NHÂN DÂN', 'HUYỆN ĐẮK HÀ'],
    code: '98/KH-UBND',
    placeAndDate: 'Đắk Hà, ngày 05 tháng 3 năm 2024',
    title: ['Kiểm kê đất đai, lập bản đồ hiện trạng sử dụng đất', 'năm 2024 trên địa bàn huyện Đắk Hà'],
    signer: ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH', '(Đã ký)', 'Nguyễn Văn Dũng'],
    body: [
      'Căn cứ Thông tư số 27/2018/TT-BTNMT ngày 14 tháng 12 năm 2018 của Bộ trưởng Bộ Tài nguyên và Môi trường quy định về thống kê, kiểm kê đất đai và lập bản đồ hiện trạng sử dụng đất;',
      'Thực hiện Kế hoạch số 512/KH-UBND ngày 20 tháng 02 năm 2024 của Ủy ban nhân dân tỉnh Kon Tum, Ủy ban nhân dân huyện ban hành Kế hoạch như sau:',
      'I. MỤC ĐÍCH, YÊU CẦU',
      'Đánh giá đúng thực trạng tình hình quản lý, sử dụng đất đai; làm cơ sở cho việc lập quy hoạch, kế hoạch sử dụng đất giai đoạn tiếp theo.',
      'Số liệu kiểm kê phải chính xác, trung thực, phản ánh đúng hiện trạng sử dụng đất.',
      'II. NỘI DUNG THỰC HIỆN',
      '1. Thu thập hồ sơ, tài liệu, bản đồ phục vụ kiểm kê đất đai; hoàn thành trong Quý I/2024.',
      '2. Điều tra, khoanh vẽ, cập nhật biến động đất đai ngoài thực địa tại các xã, thị trấn; thời gian thực hiện: từ tháng 4 đến tháng 6/2024.',
      '3. Tổ chức tập huấn nghiệp vụ kiểm kê đất đai cho công chức địa chính các xã, thị trấn trước ngày 31/3/2024.',
      '4. Tổng hợp số liệu, lập bản đồ hiện trạng sử dụng đất cấp huyện; hoàn thành trước ngày 31/7/2024.',
      '5. Kiểm tra, nghiệm thu kết quả kiểm kê đất đai cấp xã trong tháng 8/2024.',
      '6. Báo cáo kết quả kiểm kê đất đai về Sở Tài nguyên và Môi trường trước ngày 15/9/2024.',
      'III. TỔ CHỨC THỰC HIỆN',
      '1. Phòng Tài nguyên và Môi trường huyện: Là cơ quan thường trực, chủ trì tham mưu Ủy ban nhân dân huyện tổ chức thực hiện Kế hoạch; hướng dẫn, kiểm tra các xã, thị trấn trong quá trình kiểm kê.',
      '2. Phòng Tài chính - Kế hoạch huyện: Tham mưu bố trí kinh phí thực hiện kiểm kê đất đai năm 2024.',
      '3. Ủy ban nhân dân các xã, thị trấn: Thực hiện kiểm kê đất đai trên địa bàn, hoàn thành trước ngày 30/6/2024; niêm yết công khai kết quả kiểm kê tại trụ sở.',
      'Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.',
    ],
    recipients: ['- Sở TN&MT tỉnh (b/c);', '- TT Huyện ủy, TT HĐND huyện;', '- CT, các PCT UBND huyện;', '- UBND các xã, thị trấn;', '- Lưu: VT.'],
  },
  {
    file: 'tiem-chung-quang-ngai-2025',
    format: 'pdf',
    parent: 'UBND TỈNH QUẢNG NGÃI',
    issuer: ['SỞ Y TẾ'],
    code: '1032/KH-SYT',
    placeAndDate: 'Quảng Ngãi, ngày 20 tháng 8 năm 2025',
    title: ['Triển khai Chương trình Tiêm chủng mở rộng', '6 tháng cuối năm 2025'],
    signer: ['GIÁM ĐỐC', '(Đã ký)', 'Nguyễn Văn Anh'],
    body: [
      'I. MỤC TIÊU',
      '- Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin đạt từ 95% trở lên.',
      '- 90% phụ nữ có thai được tiêm đủ mũi vắc xin phòng uốn ván.',
      '- 100% xã, phường, đặc khu duy trì tiêm chủng thường xuyên hằng tháng.',
      'II. HOẠT ĐỘNG',
      'Các hoạt động cụ thể tại bảng dưới đây:',
      {
        widths: [500, 3300, 1700, 1700, 1500],
        table: [
          ['STT', 'Nội dung', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời gian'],
          ['1', 'Tập huấn an toàn tiêm chủng cho cán bộ y tế cấp xã', 'Trung tâm Kiểm soát bệnh tật tỉnh', 'UBND các xã, phường, đặc khu', 'Tháng 9/2025'],
          ['2', 'Tổ chức tiêm vắc xin sởi - rubella cho trẻ từ 1 đến 5 tuổi tại vùng nguy cơ', 'Trung tâm Kiểm soát bệnh tật tỉnh', 'Sở Giáo dục và Đào tạo', 'Quý IV/2025'],
          ['3', 'Truyền thông về lợi ích tiêm chủng trên báo chí', 'Báo và Phát thanh, Truyền hình Quảng Ngãi', 'Sở Y tế', 'Thường xuyên'],
          ['4', 'Kiểm tra, giám sát an toàn tiêm chủng tại các điểm tiêm', 'Sở Y tế', 'Trung tâm Y tế khu vực', 'Tháng 10-11/2025'],
          ['5', 'Báo cáo tổng kết Chương trình năm 2025', 'Trung tâm Kiểm soát bệnh tật tỉnh', 'Sở Y tế', 'Trước ngày 20/12/2025'],
        ],
      },
      'III. TỔ CHỨC THỰC HIỆN',
      '1. Trung tâm Kiểm soát bệnh tật tỉnh là đơn vị đầu mối, chủ trì triển khai các hoạt động chuyên môn của Kế hoạch.',
      '2. Ủy ban nhân dân các xã, phường, đặc khu: Chỉ đạo trạm y tế tổ chức tiêm chủng thường xuyên; vận động người dân đưa trẻ đi tiêm đúng lịch.',
    ],
    recipients: ['- UBND tỉnh (b/c);', '- Ban Giám đốc Sở;', '- Các đơn vị y tế;', '- Lưu: VT, NVY.'],
  },
];

async function main(): Promise<void> {
  const folder = projectPath('test/fixtures/plan-documents');
  const scratch = mkdtempSync(join(tmpdir(), 'plan-documents-'));
  try {
    for (const plan of planDocuments) {
      const docx = await Packer.toBuffer(documentOf(plan));
      if (plan.format === 'docx') {
        writeFileSync(join(folder, `${plan.file}.docx`), docx);
        continue;
      }
      const source = join(scratch, `${plan.file}.docx`);
      writeFileSync(source, docx);
      execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', scratch, source], { stdio: 'ignore', timeout: 120_000 });
      copyFileSync(join(scratch, `${plan.file}.pdf`), join(folder, `${plan.file}.pdf`));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  process.stdout.write(`${planDocuments.length} documents written to ${folder}\n`);
}

void main();
