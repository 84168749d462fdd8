import { describeCell, type Cell } from './cells.js';
import { ORDER_DAY_FIRST, ORDER_MONTH_FIRST, type DateOrderHint } from './wallclock.js';

/** Examples kept of each order, for the sentence that refuses a file. */
const MAX_ORDER_EXAMPLES = 3;

export type DateOrder = 'day-first' | 'month-first';

export interface DateOrderEvidence {
  /** Dates like `19/03/2023`: only day first fits. */
  readonly dayFirst: number;
  readonly monthFirst: number;
  readonly dayFirstExamples: readonly string[];
  readonly monthFirstExamples: readonly string[];
}

/**
 * Counts, over a whole file, the numeric dates that only one order can read. A file's order is
 * decided once from all of them: every date of a file is read the same way, never some swapped.
 */
export class DateOrderLog {
  dayFirst = 0;
  monthFirst = 0;
  readonly dayFirstExamples: string[] = [];
  readonly monthFirstExamples: string[] = [];

  note(hint: DateOrderHint, cell: Cell): void {
    if (hint === ORDER_DAY_FIRST) {
      if (++this.dayFirst <= MAX_ORDER_EXAMPLES) this.dayFirstExamples.push(describeCell(cell));
    } else if (hint === ORDER_MONTH_FIRST) {
      if (++this.monthFirst <= MAX_ORDER_EXAMPLES) this.monthFirstExamples.push(describeCell(cell));
    }
  }

  evidence(): DateOrderEvidence {
    return {
      dayFirst: this.dayFirst,
      monthFirst: this.monthFirst,
      dayFirstExamples: [...this.dayFirstExamples],
      monthFirstExamples: [...this.monthFirstExamples],
    };
  }
}

export type DateOrderVerdict =
  | { readonly status: 'ok' }
  /** The file was read in the other order: read it again month first. */
  | { readonly status: 'reread'; readonly order: DateOrder }
  | { readonly status: 'inconsistent'; readonly message: string };

const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** Whether a file read in `readAs` order was read right, judged from all its dates. */
export function judgeDateOrder(readAs: DateOrder, e: DateOrderEvidence): DateOrderVerdict {
  if (e.dayFirst > 0 && e.monthFirst > 0) {
    return {
      status: 'inconsistent',
      message:
        `its dates fit neither day-first nor month-first order consistently: ${e.dayFirst} can only be ` +
        `day first (${quoted(e.dayFirstExamples)}) and ${e.monthFirst} only month first ` +
        `(${quoted(e.monthFirstExamples)}); correct the dates or export them as YYYY-MM-DD`,
    };
  }
  if (readAs === 'day-first' && e.monthFirst > 0) return { status: 'reread', order: 'month-first' };
  if (readAs === 'month-first' && e.dayFirst > 0) return { status: 'reread', order: 'day-first' };
  return { status: 'ok' };
}
