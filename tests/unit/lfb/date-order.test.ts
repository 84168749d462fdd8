import { describe, expect, it } from 'vitest';
import { DateOrderLog, judgeDateOrder } from '../../../main/core/lfb/date-order.js';
import { LondonTimeReader } from '../../../main/core/lfb/local-time.js';
import { newWallClock, readWallClock } from '../../../main/core/lfb/wallclock.js';

function read(value: string, monthFirst: boolean) {
  const wc = newWallClock();
  wc.monthFirst = monthFirst;
  const ok = readWallClock(value, wc);
  return { ok, y: wc.year, m: wc.month, d: wc.day, order: wc.order };
}

describe('date order', () => {
  it('notes what the two numbers of a numeric date allow, in both parsers', () => {
    expect(read('19/03/2023 14:11:51', false)).toMatchObject({ ok: true, m: 3, d: 19, order: 1 });
    expect(read('03/19/2023 14:11:51', false)).toMatchObject({ ok: false, order: 2 });
    expect(read('03/19/2023 14:11:51', true)).toMatchObject({ ok: true, m: 3, d: 19, order: 2 });
    expect(read('3/19/2023', true)).toMatchObject({ ok: true, m: 3, d: 19, order: 2 });
    // Both orders fit and give different days: noted, so a report can say the order was not shown.
    expect(read('04/03/2023', false)).toMatchObject({ ok: true, m: 3, d: 4, order: 3 });
    expect(read('04/03/2023', true)).toMatchObject({ ok: true, m: 4, d: 3, order: 3 });
    expect(read('04/03/2023 10:00:00', false)).toMatchObject({ ok: true, m: 3, d: 4, order: 3 });
    // The same number twice reads the same either way.
    expect(read('03/03/2023', false)).toMatchObject({ ok: true, m: 3, d: 3, order: 0 });
    // ISO and month names have no order to decide.
    expect(read('2023-03-19', true)).toMatchObject({ ok: true, m: 3, d: 19, order: 0 });
    expect(read('19 Mar 2023', true)).toMatchObject({ ok: true, m: 3, d: 19, order: 0 });
  });

  it('decides once per file from every date: keep, read again, or refuse with examples', () => {
    const log = new DateOrderLog();
    const time = new LondonTimeReader(false, 'day-first', log);
    for (const v of ['04/03/2023 10:00:00', '13/03/2023 10:00:00']) time.read(v);
    expect(judgeDateOrder('day-first', log.evidence())).toEqual({ status: 'ok' });

    const us = new DateOrderLog();
    const t2 = new LondonTimeReader(false, 'day-first', us);
    for (const v of ['04/03/2023 10:00:00', '03/13/2023 10:00:00']) t2.read(v);
    expect(judgeDateOrder('day-first', us.evidence())).toEqual({ status: 'reread', order: 'month-first' });
    expect(judgeDateOrder('month-first', us.evidence())).toEqual({ status: 'ok' });

    const mixed = new DateOrderLog();
    const t3 = new LondonTimeReader(false, 'day-first', mixed);
    for (const v of ['13/03/2023 10:00:00', '03/13/2023 10:00:00', '03/14/2023 10:00:00']) t3.read(v);
    const verdict = judgeDateOrder('day-first', mixed.evidence());
    expect(verdict.status).toBe('inconsistent');
    expect(verdict.status === 'inconsistent' && verdict.message).toBe(
      'its dates fit neither day-first nor month-first order consistently: 1 can only be day first ' +
        "('13/03/2023 10:00:00') and 2 only month first ('03/13/2023 10:00:00', '03/14/2023 10:00:00'); " +
        'correct the dates or export them as YYYY-MM-DD',
    );
  });
});
