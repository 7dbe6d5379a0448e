/**
 * The words plans are written with: the verbs that begin a task, the cues of each task kind,
 * the days the country commemorates. All folded (no diacritics, lower case).
 */
import type { TaskKind } from '../task-kinds';
import { fold } from './text';

/** Verbs and adverbs that begin an instruction ("Tổ chức…", "Tăng cường…", "Chủ trì, phối hợp…"). */
const ACTION_START = new RegExp(
  `^(?:${[
    'to chuc', 'tang cuong', 'day manh', 'tiep tuc', 'trien khai', 'thuc hien', 'xay dung', 'nang cao', 'tap huan', 'boi duong', 'dao tao',
    'kiem tra', 'giam sat', 'thanh tra', 'tuyen truyen', 'truyen thong', 'phoi hop', 'chu tri', 'chi dao', 'huong dan', 'ra soat', 'duy tri',
    'nhan rong', 'mo ', 'thanh lap', 'bien soan', 'phat hanh', 'don doc', 'theo doi', 'bao cao', 'tong hop', 'hoan thien', 'ban hanh', 'dau tu',
    'cung cap', 'van dong', 'phat dong', 'long ghep', 'cung co', 'kien toan', 'quan triet', 'pho bien', 'danh gia', 'so ket', 'tong ket',
    'khao sat', 'dieu tra', 'cap ', 'dang ky', 'giai quyet', 'xu ly', 'tham muu', 'de xuat', 'huy dong', 'bo tri', 'ung dung', 'so hoa',
    'cap nhat', 'chu dong', 'khuyen khich', 'ho tro', 'phat huy', 'tap trung', 'uu tien', 'da dang hoa', 'khan truong', 'thuong xuyen',
    'dinh ky', 'hang nam', 'hang quy', 'ky niem', 'huong ung', 'lap ', 'do dac', 'kiem ke', 'thong ke', 'tiem', 'trien lam', 'bieu duong',
    'khen thuong', 'nghien cuu', 'sua doi', 'bo sung', 'dam bao', 'quan ly', 'phong', 'chuan bi', 'tiep nhan', 'lua chon',
    'mua sam', 'sap xep', 'dua ', 'phan bo', 'giao ', 'yeu cau cac', 'tich cuc', 'kip thoi', 'phat trien', 'thu hut', 'tao ',
    'hoan thanh (?!trong|truoc|xong|cham|vao|dung)',
  ].join('|')})`,
);

/** The closing formulas of a plan ("Trong quá trình thực hiện, nếu có khó khăn…", "Trên đây là Kế hoạch…"): no task. */
export function isClosingFormula(text: string): boolean {
  return /^(?:trong qua trinh (?:to chuc )?(?:trien khai|thuc hien)|tren day la ke hoach|yeu cau (?:thu truong )?cac (?:co quan|so)[^.]*nghiem tuc)/.test(fold(text));
}

/** Whether a sentence begins with an instruction. */
export function beginsWithAction(text: string): boolean {
  return ACTION_START.test(fold(text).replace(/^[\s\-–+•*]+/, ''));
}

/** Where the first instruction of a sentence begins, within its first words ("Các đơn vị trường học căn cứ Kế hoạch xây dựng …"), or -1. */
export function actionStart(text: string, withinWords = 12): number {
  const folded = fold(text);
  let words = 0;
  for (const match of folded.matchAll(/[\p{L}\p{N}]+/gu)) {
    if (ACTION_START.test(folded.slice(match.index))) return match.index;
    words += 1;
    if (words >= withinWords) break;
  }
  return -1;
}

/** The cues of each kind, as the issue and the plans phrase them. */
const KIND_CUES: { kind: TaskKind; cue: RegExp }[] = [
  { kind: 'commemoration', cue: /\b(?:ky niem|huong ung|mit tinh|nhan dip ngay|thang hanh dong|le phat dong|to chuc (?:cac hoat dong )?ngay [^,;.()]{3,80}?\(?\d{1,2}\/\d{1,2}\b)/g },
  { kind: 'training', cue: /\b(?:tap huan|boi duong|huan luyen|dao tao)\b/g },
  { kind: 'campaign', cue: /\b(?:tuyen truyen|truyen thong|pho bien,? giao duc phap luat|pho bien (?:cac )?(?:van ban )?(?:quy pham )?(?:phap luat|luat))\b/g },
  { kind: 'inspection', cue: /\b(?:kiem tra|giam sat|thanh tra)\b/g },
  { kind: 'report', cue: /\b(?:so ket|tong ket|bao cao(?! vien))\b/g },
];

/**
 * The kind a task's words give it: the cue that comes first, in its title and then in its
 * description. Names of units ("Sở Thông tin và Truyền thông") are to be blanked out first.
 */
export function kindOf(texts: readonly string[]): TaskKind {
  for (const text of texts) {
    const folded = fold(text);
    let best: { kind: TaskKind; at: number } | undefined;
    for (const { kind, cue } of KIND_CUES) {
      for (const match of folded.matchAll(cue)) {
        // "của Ban Bí thư sơ kết Chỉ thị…" names another body's act, not this task.
        if (/\bcua\s+(?:\S+\s+){0,3}$/.test(folded.slice(Math.max(0, match.index - 30), match.index))) continue;
        if (!best || match.index < best.at) best = { kind, at: match.index };
        break;
      }
    }
    if (best) return best.kind;
  }
  return 'generic';
}

/** Days commemorated every year, for texts that name the day without its date. */
export const COMMEMORATION_DAYS: { name: RegExp; day: string }[] = [
  { name: /ngay quoc te hanh phuc/, day: '03-20' },
  { name: /ngay gia dinh viet nam/, day: '06-28' },
  { name: /ngay quoc te xoa bo bao luc (?:doi voi|voi) phu nu/, day: '11-25' },
  { name: /ngay quoc te phu nu/, day: '03-08' },
  { name: /ngay phu nu viet nam/, day: '10-20' },
  { name: /ngay quoc te thieu nhi/, day: '06-01' },
  { name: /ngay nha giao viet nam/, day: '11-20' },
  { name: /ngay thay thuoc viet nam/, day: '02-27' },
  { name: /ngay suc khoe the gioi/, day: '04-07' },
  { name: /ngay the gioi phong,? chong (?:hiv\/aids|aids)/, day: '12-01' },
  { name: /ngay dan so the gioi/, day: '07-11' },
  { name: /ngay dan so viet nam/, day: '12-26' },
  { name: /ngay quoc te nguoi cao tuoi/, day: '10-01' },
  { name: /ngay nguoi cao tuoi viet nam/, day: '06-06' },
  { name: /ngay phap luat viet nam/, day: '11-09' },
  { name: /ngay moi truong the gioi/, day: '06-05' },
  { name: /ngay the gioi khong thuoc la/, day: '05-31' },
  { name: /ngay toan dan phong,? chong ma tuy/, day: '06-26' },
  { name: /ngay quoc te phong,? chong ma tuy/, day: '06-26' },
  { name: /ngay sach (?:va van hoa doc )?viet nam/, day: '04-21' },
  { name: /ngay van hoa cac dan toc viet nam/, day: '04-19' },
  { name: /ngay the thao viet nam/, day: '03-27' },
  { name: /ngay chuyen doi so quoc gia/, day: '10-10' },
];
