import { describe, expect, it } from 'vitest';
import { MAX_EXAMPLES_PER_REASON, Rejection, RejectionLog } from '../../../main/core/lfb/reasons.js';

describe('RejectionLog', () => {
  it('counts every rejection and keeps the first examples of each reason', () => {
    const log = new RejectionLog();
    for (let row = 2; row < 12; row++)
      log.add(new Rejection('bad_date', 'DateOfCall is not a date/time', `x${row}`), row);
    log.add(new Rejection('negative_time', 'AttendanceTimeSeconds is negative', '-3'), 40);
    expect(log.total).toBe(11);
    expect(log.counts).toEqual({ bad_date: 10, negative_time: 1 });
    expect(log.examples.filter((e) => e.reason === 'bad_date')).toHaveLength(MAX_EXAMPLES_PER_REASON);
    expect(log.examples[0]).toEqual({
      reason: 'bad_date',
      row: 2,
      message: 'DateOfCall is not a date/time',
      value: 'x2',
    });
    expect(log.examples.at(-1)).toEqual({
      reason: 'negative_time',
      row: 40,
      message: 'AttendanceTimeSeconds is negative',
      value: '-3',
    });
  });
});
