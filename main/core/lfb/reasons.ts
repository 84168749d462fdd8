/** Why a row was not imported. Codes are stable: reports and tests key on them. */
export const REJECT_REASONS = {
  missing_incident_number: 'no IncidentNumber',
  bad_date: 'date/time missing or unreadable',
  bad_number: 'a time in seconds is not a number',
  negative_time: 'a time is negative',
  absurd_time: 'a time is longer than 2 hours',
  arrival_before_mobilisation: 'arrived before being mobilised',
  missing_station_name: 'no station name',
  missing_station_code: 'no station code',
  bad_coordinates: 'no usable position',
  // Weather files (ingest/weather).
  bad_hour: 'hour missing, unreadable or not on the hour',
  no_such_local_hour: 'a London hour the clocks skipped (spring forward)',
  implausible_weather: 'a weather value outside anything London sees',
  conflicting_hour: 'an hour the file gives twice with different values',
} as const;

export type RejectReason = keyof typeof REJECT_REASONS;

export const MAX_EXAMPLES_PER_REASON = 5;

/** A row that cannot be used. Created only on the (rare) rejection path. */
export class Rejection {
  constructor(
    readonly reason: RejectReason,
    /** Short text naming the column and the problem. */
    readonly message: string,
    /** The offending value, shortened. */
    readonly value: string,
  ) {}
}

export interface RejectExample {
  readonly reason: RejectReason;
  /** Row number as a spreadsheet shows it (the header is row 1 in a CSV). */
  readonly row: number;
  readonly message: string;
  readonly value: string;
}

/** Counts rejections by reason and keeps the first few examples of each. */
export class RejectionLog {
  readonly counts: Partial<Record<RejectReason, number>> = {};
  readonly examples: RejectExample[] = [];
  total = 0;

  add(rejection: Rejection, row: number): void {
    const n = (this.counts[rejection.reason] ?? 0) + 1;
    this.counts[rejection.reason] = n;
    this.total++;
    if (n <= MAX_EXAMPLES_PER_REASON) {
      const { reason, message, value } = rejection;
      this.examples.push({ reason, row, message, value });
    }
  }
}
