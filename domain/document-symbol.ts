/**
 * A document's number and symbol (số, ký hiệu) as Nghị định 30/2020/NĐ-CP writes it:
 * `925/KH-UBND` is number 925, type code KH (Kế hoạch), issuer code UBND; the issuer code
 * may carry the drafting unit after another hyphen (`KH-UBND-VX`). Codes keep Vietnamese
 * capitals: `10/KH-BCĐ`.
 */
export interface DocumentSymbol {
  number: number;
  typeCode: string;
  issuerCode: string;
}

/** Why a symbol is refused, in the API's English and in Vietnamese for the pages. */
export interface SymbolFault {
  en: string;
  vi: string;
}

const NUMBER = /^\d{1,7}$/;
const TYPE_CODE = /^\p{Lu}{1,10}$/u;
const ISSUER_CODE = /^[\p{Lu}\p{N}]+(?:-[\p{Lu}\p{N}]+)*$/u;

/** The parts of a well-formed symbol, or why it is not one. */
export function readDocumentSymbol(code: string): { ok: true; symbol: DocumentSymbol } | { ok: false; fault: SymbolFault } {
  const refuse = (en: string, vi: string) => ({ ok: false as const, fault: { en, vi } });
  const slash = code.indexOf('/');
  if (slash < 0) {
    return refuse('must be the number, a slash and the symbol: number/TYPE-ISSUER, as in 925/KH-UBND', 'Số, ký hiệu phải có dạng số/LOẠI-CƠQUAN, ví dụ 925/KH-UBND');
  }
  const number = code.slice(0, slash);
  const symbol = code.slice(slash + 1);
  if (!NUMBER.test(number) || Number(number) === 0) {
    return refuse('must begin with the document number in digits before the slash, as in 925/KH-UBND', 'Trước dấu / phải là số của văn bản (chữ số), ví dụ 925/KH-UBND');
  }
  const hyphen = symbol.indexOf('-');
  if (hyphen < 0) {
    return refuse('must give the type code and the issuer code joined by a hyphen after the slash, as in KH-UBND', 'Sau dấu / phải là mã loại văn bản và mã cơ quan ban hành nối bằng dấu -, ví dụ KH-UBND');
  }
  const typeCode = symbol.slice(0, hyphen);
  const issuerCode = symbol.slice(hyphen + 1);
  if (!TYPE_CODE.test(typeCode)) {
    return refuse('the type code before the hyphen must be capital letters, as in KH', 'Mã loại văn bản (trước dấu -) phải là chữ in hoa, ví dụ KH');
  }
  if (!ISSUER_CODE.test(issuerCode)) {
    return refuse('the issuer code after the hyphen must be capital letters and digits, as in UBND or BCĐ', 'Mã cơ quan ban hành (sau dấu -) phải là chữ in hoa và chữ số, ví dụ UBND hoặc BCĐ');
  }
  return { ok: true, symbol: { number: Number(number), typeCode, issuerCode } };
}
