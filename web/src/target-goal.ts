/** A target's goal in the page's words: "tối thiểu 90%", "không vượt quá 50", "giảm ít nhất 10%". */
import type { Schemas } from './api.js';
import { formatNumber, formatPercent, t } from './i18n.js';

type Goal = Pick<Schemas['TargetAttainment'], 'measure' | 'direction' | 'value'>;

export const goalText = (goal: Goal): string => t(`goal.${goal.direction}`, { value: goal.measure === 'count' ? formatNumber(goal.value) : formatPercent(goal.value) });

