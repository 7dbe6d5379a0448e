/**
 * The one pattern for figure names (`officialsTrained`, `modelsEstablished`), in a module of its
 * own because workflows check it too and import nothing else. Starting with a letter, a name can
 * never be `__proto__`; names such as `constructor` are fine as data, and every look-up by a
 * figure name reads own properties only.
 */
export const FIGURE_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;
export const FIGURE_NAME_RULE = 'figure names are a letter, then letters, digits and "_" (at most 64)';

export interface CatalogueFigure {
  /** What a report form calls it. */
  label: string;
  /** What it counts, after the number: "1.200 hộ". */
  unit: string;
  /** A count that cannot exceed the unit's recorded households. */
  boundedByHouseholds?: true;
}

/**
 * The figures the engine knows by name: those activity reports count and targets are measured
 * by. A report may also carry the figures its plan's targets name (`source.figure`), and no other.
 */
export const figureCatalogue: Readonly<Record<string, CatalogueFigure>> = {
  trainingCourses: { label: 'Số lớp tập huấn', unit: 'lớp' },
  trainees: { label: 'Số người được tập huấn', unit: 'người' },
  officialsTrained: { label: 'Số cán bộ được tập huấn', unit: 'người' },
  campaigns: { label: 'Số đợt tuyên truyền', unit: 'đợt' },
  pieces: { label: 'Số tin, bài, sản phẩm', unit: 'tin, bài' },
  peopleReached: { label: 'Số lượt người', unit: 'lượt người' },
  householdsReached: { label: 'Số hộ được tuyên truyền', unit: 'hộ', boundedByHouseholds: true },
  events: { label: 'Số sự kiện', unit: 'sự kiện' },
  participants: { label: 'Số người tham gia', unit: 'người' },
  inspections: { label: 'Số cuộc kiểm tra', unit: 'cuộc' },
  unitsInspected: { label: 'Số đơn vị được kiểm tra', unit: 'đơn vị' },
  reports: { label: 'Số báo cáo', unit: 'báo cáo' },
  modelsEstablished: { label: 'Số mô hình được thành lập', unit: 'mô hình' },
  householdsInformed: { label: 'Số hộ được cung cấp thông tin', unit: 'hộ', boundedByHouseholds: true },
  householdsFollowingCode: { label: 'Số hộ thực hiện Bộ tiêu chí ứng xử', unit: 'hộ', boundedByHouseholds: true },
  violenceCases: { label: 'Số vụ bạo lực gia đình', unit: 'vụ' },
};

export const inCatalogue = (name: string): boolean => Object.hasOwn(figureCatalogue, name);
