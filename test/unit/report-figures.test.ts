/**
 * The figures a report may carry: labelled fields from the plan's measured figures and the
 * task's kind, names neither the catalogue nor the plan knows refused, counts beyond the unit's
 * households doubted; the evidence files' names and types.
 */
import { figuresOf, type ActivityReport } from '../../domain/activity-reports';
import { evidenceFilename, hasThumbnail, isEvidenceMediaType, opensInline } from '../../domain/evidence-files';
import { figureCatalogue } from '../../domain/figure-names';
import { figureFields, figureWarnings, unknownFigures } from '../../domain/report-figures';
import { kindFigures, taskKinds } from '../../domain/task-kinds';
import { catalogues } from '../../web/src/messages';

const targets = [
  { title: 'Số pa-nô được treo', source: { figure: 'bannersHung' } },
  { title: '90% hộ được cung cấp thông tin', source: { figure: 'householdsInformed' } },
  { title: 'Chỉ tiêu chỉ theo dõi' },
  { title: 'Hộ được tuyên truyền', source: { figure: 'householdsReached' } },
];

describe('figure fields', () => {
  it("gives the plan's measured figures first, then the kind's own, each once, with the catalogue's label and unit", () => {
    expect(figureFields('campaign', targets)).toEqual([
      { name: 'bannersHung', label: 'Số pa-nô được treo', unit: '', from: 'plan' },
      { name: 'householdsInformed', label: 'Số hộ được cung cấp thông tin', unit: 'hộ', from: 'plan' },
      { name: 'householdsReached', label: 'Số hộ được tuyên truyền', unit: 'hộ', from: 'plan' },
      { name: 'campaigns', label: 'Số đợt tuyên truyền', unit: 'đợt', from: 'kind' },
      { name: 'pieces', label: 'Số tin, bài, sản phẩm', unit: 'tin, bài', from: 'kind' },
      { name: 'peopleReached', label: 'Số lượt người', unit: 'lượt người', from: 'kind' },
    ]);
    expect(figureFields('generic', [])).toEqual([]);
  });

  it('asks for the figures each kind of activity report counts, and the catalogue knows them all', () => {
    const samples: Record<(typeof taskKinds)[number], ActivityReport> = {
      training: { kind: 'training', date: '2024-05-10', place: 'Hội trường', organiser: 'Sở', audience: 'family_officials', plannedParticipants: 3, actualParticipants: 2, evidence: [], files: [] },
      campaign: { kind: 'campaign', channels: ['radio'], from: '2024-05-01', to: '2024-05-02', pieces: 1, peopleReached: 0, householdsReached: 0, evidence: [], files: [] },
      commemoration: { kind: 'commemoration', occasion: 'family_day', date: '2024-06-28', place: 'Nhà văn hóa', participants: 40, evidence: [], files: [] },
      inspection: { kind: 'inspection', date: '2024-07-01', team: 'Đoàn kiểm tra', unitsInspected: ['X-HAMON'], findings: 'Đạt', followUps: [], evidence: [], files: [] },
      report: { kind: 'report', period: 'h1', year: 2024, evidence: [], files: [] },
      generic: { kind: 'generic', date: '2024-05-10', summary: 'Khác', figures: {}, evidence: [], files: [] },
    };
    for (const kind of taskKinds) {
      expect({ kind, figures: Object.keys(figuresOf(samples[kind])) }).toEqual({ kind, figures: [...kindFigures[kind]] });
      for (const name of kindFigures[kind]) expect(Object.hasOwn(figureCatalogue, name)).toBe(true);
    }
  });

  it("labels every catalogue figure in the pages as the catalogue does, in Vietnamese and English", () => {
    for (const [name, figure] of Object.entries(figureCatalogue)) {
      expect({ name, label: (catalogues.vi as Record<string, string>)[`figure.${name}`] }).toEqual({ name, label: figure.label });
      expect(Object.hasOwn(catalogues.en, `figure.${name}`)).toBe(true);
    }
  });
});

describe('figures sent', () => {
  it('refuses a name neither the catalogue nor the plan knows, naming its field; Object property names are data', () => {
    expect(unknownFigures({ bannersHung: 3, campaigns: 1, householdsInfromed: 10, constructor: 1 }, targets, 'figures')).toEqual([
      { path: 'figures.householdsInfromed', message: '"householdsInfromed" is neither a figure of the catalogue nor one the plan\'s targets are measured by' },
      { path: 'figures.constructor', message: '"constructor" is neither a figure of the catalogue nor one the plan\'s targets are measured by' },
    ]);
    expect(unknownFigures({ toString: 1 }, [{ title: 'Câu lạc bộ', source: { figure: 'toString' } }], 'figures')).toEqual([]);
  });

  it("doubts counts of households beyond the unit's, and nothing when the unit records none", () => {
    const figures = { householdsReached: 1_001, householdsInformed: 1_000, peopleReached: 50_000, bannersHung: 9_999 };
    expect(figureWarnings(figures, { households: 1_000 })).toEqual([{ figure: 'householdsReached', value: 1_001, limit: 1_000, message: 'householdsReached is 1001, more than the 1000 households the unit records' }]);
    expect(figureWarnings(figures, { households: null })).toEqual([]);
  });
});

describe('evidence files', () => {
  it('takes PDFs, photos and office documents, shows PDFs and common images in the page, thumbnails what the image library reads', () => {
    expect(['application/pdf', 'image/jpeg', 'image/png', 'image/heic', 'image/webp', 'application/vnd.oasis.opendocument.spreadsheet'].every(isEvidenceMediaType)).toBe(true);
    expect(['application/zip', 'application/x-msdownload', 'text/html', 'image/svg+xml', undefined, 'constructor'].some(isEvidenceMediaType)).toBe(false);
    expect(opensInline('application/pdf') && opensInline('image/png') && !opensInline('image/heic') && !opensInline('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe(true);
    expect(hasThumbnail('image/jpeg') && !hasThumbnail('image/heic') && !hasThumbnail('application/pdf')).toBe(true);
  });

  it('keeps a Vietnamese name composed (NFC), its last path segment only, without control characters or bidirectional overrides', () => {
    expect(evidenceFilename('Bie\u0302n ba\u0309n tập huấn.pdf')).toBe('Biên bản tập huấn.pdf');
    expect(evidenceFilename('C:\\fakepath\\Ảnh.jpg')).toBe('Ảnh.jpg');
    expect(evidenceFilename('../../etc/passwd')).toBe('passwd');
    expect(evidenceFilename('báo\u0000cáo.pdf')).toBe('báocáo.pdf');
    expect(evidenceFilename('hồ sơ\u202efdp.exe')).toBe('hồ sơfdp.exe');
    expect(evidenceFilename('tệp\ud800.pdf')).toBe('tệp.pdf');
    for (const empty of [undefined, '', '  ', '..', 'a/']) expect(evidenceFilename(empty)).toBe('tệp đính kèm');
    expect([...evidenceFilename('ạ'.repeat(400))]).toHaveLength(255);
  });
});
