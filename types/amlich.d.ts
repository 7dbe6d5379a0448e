// Types for `amlich`, Hồ Ngọc Đức's Vietnamese lunar calendar algorithm (no bundled types).
declare module 'amlich' {
  /** [day, month, year] of the solar date; [0, 0, 0] when the lunar date does not exist. */
  export function convertLunar2Solar(lunarDay: number, lunarMonth: number, lunarYear: number, lunarLeap: 0 | 1, timeZone: number): [number, number, number];
  /** [day, month, year, leap] of the lunar date. */
  export function convertSolar2Lunar(day: number, month: number, year: number, timeZone: number): [number, number, number, 0 | 1];
}
