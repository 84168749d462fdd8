import type { DetectedHeader } from './detect.js';

/**
 * Columns the model learns from, beyond those a file needs to be read at all: a file without them
 * imports rows that can never become training targets (a renamed attendance-time column once turned
 * 200 incidents into rows without a target, and a later import of the right file saw them as already
 * stored). Such a file is refused unless the user accepts it as partial.
 */
export function missingModelColumns(header: DetectedHeader): string[] {
  const missing: string[] = [];
  switch (header.kind) {
    case 'incidents': {
      const c = header.columns;
      if (c.firstPumpSeconds < 0) missing.push('the attendance time (FirstPumpArriving_AttendanceTime)');
      if (c.firstPumpStation < 0)
        missing.push('the deploying station (FirstPumpArriving_DeployedFromStation)');
      const located =
        (c.eastingRounded >= 0 && c.northingRounded >= 0) ||
        (c.eastingM >= 0 && c.northingM >= 0) ||
        (c.latitude >= 0 && c.longitude >= 0);
      if (!located) missing.push('the location (Easting_rounded + Northing_rounded)');
      return missing;
    }
    case 'mobilisations': {
      const c = header.columns;
      if (c.stationCode < 0 && c.stationName < 0)
        missing.push('the deploying station (DeployedFromStation_Code or DeployedFromStation_Name)');
      return missing;
    }
    case 'stations':
      return missing;
  }
}
