/**
 * Zod's issues worded in Vietnamese for the officials who read them in the pages: a rule that
 * words its own reason carries it in the issue's params (`vi` in plan-definition.ts); Zod's
 * own checks are worded here by their kind. The API's English stays for integrators.
 */
import type { z } from 'zod';

export function vietnameseIssue(issue: z.core.$ZodIssue): string {
  const own = (issue as { params?: { vi?: unknown } }).params?.vi;
  if (typeof own === 'string') return own;
  switch (issue.code) {
    case 'invalid_type':
      // Zod keeps the input only when asked to (reportInput); without it, its own message says what it received.
      return ('input' in issue ? issue.input === undefined : /received undefined$/.test(issue.message)) ? 'Chưa nhập' : 'Giá trị không đúng kiểu';
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
      return 'Có trường không được chấp nhận';
    default:
      return 'Giá trị không hợp lệ';
  }
}
