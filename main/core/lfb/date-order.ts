import { describeCell, type Cell } from './cells.js';
import { ORDER_DAY_FIRST, ORDER_EITHER, ORDER_MONTH_FIRST, type DateOrderHint } from './wallclock.js';

/** Examples kept of each order, for the sentence that refuses a file. */
const MAX_ORDER_EXAMPLES = 3;

export type DateOrder = 'day-first' | 'month-first';

export interface DateOrderEvidence {
  /** Dates like `19/03/2023`: only day first fits. */
  readonly dayFirst: number;
  readonly monthFirst: number;
  /** Dates like `03/04/2023`: both orders fit and give different days. */
  readonly either: number;
  readonly dayFirstExamples: readonly string[];
  readonly monthFirstExamples: readonly string[];
  readonly eitherExamples: readonly string[];
}

/**
 * Counts, over a whole file, the numeric dates that only one order can read. A file's order is
 * decided once from all of them: every date of a file is read the same way, never some swapped.
 */
export class DateOrderLog {
  dayFirst = 0;
  monthFirst = 0;
  either = 0;
  readonly dayFirstExamples: string[] = [];
  readonly monthFirstExamples: string[] = [];
  readonly eitherExamples: string[] = [];

  note(hint: DateOrderHint, cell: Cell): void {
    if (hint === ORDER_DAY_FIRST) {
      if (++this.dayFirst <= MAX_ORDER_EXAMPLES) this.dayFirstExamples.push(describeCell(cell));
    } else if (hint === ORDER_MONTH_FIRST) {
      if (++this.monthFirst <= MAX_ORDER_EXAMPLES) this.monthFirstExamples.push(describeCell(cell));
    } else if (hint === ORDER_EITHER) {
      if (++this.either <= MAX_ORDER_EXAMPLES) this.eitherExamples.push(describeCell(cell));
    }
  }

  evidence(): DateOrderEvidence {
    return {
      dayFirst: this.dayFirst,
      monthFirst: this.monthFirst,
      either: this.either,
      dayFirstExamples: [...this.dayFirstExamples],
      monthFirstExamples: [...this.monthFirstExamples],
      eitherExamples: [...this.eitherExamples],
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

/** A file whose order cannot be told from its dates: none above 12, but some read differently. */
export function orderUndecided(e: DateOrderEvidence): boolean {
  return e.dayFirst === 0 && e.monthFirst === 0 && e.either > 0;
}

/** The report's sentence on the date order used; always one, so the order is never left unsaid. */
export function dateOrderNote(order: DateOrder, e: DateOrderEvidence): string {
  if (order === 'month-first') {
    if (e.monthFirst === 0) {
      return (
        'Dates read month first (US order): no day above 12 shows the order, but re-imported ' +
        `records are stored with the month-first reading of dates such as '${e.eitherExamples[0]}'.`
      );
    }
    return (
      `Dates read month first (US order): ${e.monthFirst} date(s) such as ` +
      `'${e.monthFirstExamples[0]}' can only be read that way, and none only day first.`
    );
  }
  if (e.dayFirst > 0) {
    return (
      `Dates read day first (UK order, as LFB files are): ${e.dayFirst} date(s) such as ` +
      `'${e.dayFirstExamples[0]}' can only be read that way.`
    );
  }
  if (e.either > 0) {
    return (
      `Dates could be read either way — no day above 12 — read day first as LFB files are ` +
      `('${e.eitherExamples[0]}' as day ${e.eitherExamples[0]!.slice(0, 2)}); if this file was saved in ` +
      'US order (month first), undo this import, save the dates as YYYY-MM-DD and import it again.'
    );
  }
  return 'No date in the file depends on the day/month order (ISO, named-month or same-number dates).';
}
