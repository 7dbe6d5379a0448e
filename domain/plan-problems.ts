/**
 * The problems of a plan in Vietnamese, next to the field they concern: what the preview of a
 * draft lists, so that an official never reads the API's English. Rules that word their own
 * reason carry it in the issue's params (`vi` in plan-definition.ts); Zod's own checks are
 * worded here by their kind.
 */
import type { z } from 'zod';

export interface PlanProblem {
  /** Dotted path into the plan, as the API names fields: `tasks.2.leadUnit`. */
  path: string;
  message: string;
}

const pathOf = (path: readonly PropertyKey[]): string => path.map(String).join('.') || '(root)';

function wording(issue: z.core.$ZodIssue): string {
  const own = (issue as { params?: { vi?: unknown } }).params?.vi;
  if (typeof own === 'string') return own;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'Chưa nhập' : 'Giá trị không đúng kiểu';
    case 'too_small':
      if (issue.origin === 'string') return 'Không được để trống';
      if (issue.origin === 'array') return `Cần ít nhất ${String(issue.minimum)} mục`;
      return `Không được nhỏ hơn ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'string') return `Dài quá ${String(issue.maximum)} ký tự`;
      if (issue.origin === 'array') return `Nhiều quá ${String(issue.maximum)} mục`;
      return `Không được lớn hơn ${String(issue.maximum)}`;
    case 'invalid_format':
      return issue.format === 'date' ? 'Ngày không hợp lệ (năm-tháng-ngày)' : 'Sai định dạng';
    case 'invalid_value':
      return 'Giá trị không thuộc danh sách cho phép';
    case 'invalid_union':
      return 'Giá trị không hợp lệ';
    case 'unrecognized_keys':
      return 'Có trường không thuộc kế hoạch';
    default:
      return 'Giá trị không hợp lệ';
  }
}

/** Zod's issues with a plan, one problem a field, worded in Vietnamese. */
export function vietnameseProblems(issues: readonly z.core.$ZodIssue[]): PlanProblem[] {
  return issues.map((issue) => ({ path: pathOf(issue.path), message: wording(issue) }));
}
