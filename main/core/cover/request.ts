import type { CoverRequestParsed } from '../../../contract/index.js';
import { CallTimeError, describeLondonTime, resolveCallTime } from '../calendar/callTime.js';
import { stationDirectory } from '../places/stations.js';
import type { LoadedModel } from '../serving/service.js';
import { didYouMean, nearestNames } from '../util/fuzzy.js';
import { InputError } from '../util/input-error.js';

/**
 * A cover request read against the model in service, on the caller's thread and before any worker
 * starts: a typo in a station name or a call time is answered at once, naming what was wrong.
 */
export interface CheckedCoverRequest {
  readonly callTime: Date;
  readonly callTimeLabel: string;
  readonly cellMetres: number;
  /** Codes of the stations taken out, each once, in the order named. */
  readonly without: readonly string[];
}

export function checkCoverRequest(
  model: LoadedModel,
  request: CoverRequestParsed,
  now: Date = new Date(),
): CheckedCoverRequest {
  let callTime = now;
  if (request.callTime) {
    try {
      callTime = resolveCallTime(request.callTime, now).instant;
    } catch (error) {
      if (error instanceof CallTimeError) throw new InputError('callTime', error.message);
      throw error;
    }
  }
  const directory = stationDirectory(model.meta);
  const names = directory.servable.map((s) => s.name);
  const codes: string[] = [];
  const unknown: string[] = [];
  const servable = new Set(directory.servable.map((s) => s.code));
  const notSent: string[] = [];
  for (const typed of request.without) {
    const station = directory.find(typed);
    if (!station) {
      const hint = didYouMean(nearestNames(typed, names));
      unknown.push(`'${typed}'${hint ? ` (${hint})` : ''}`);
    } else if (!servable.has(station.code)) notSent.push(`${station.name} (${station.code})`);
    else if (!codes.includes(station.code)) codes.push(station.code);
  }
  // Taking out a station the model never sends a pump from would change nothing, silently.
  if (notSent.length > 0 && unknown.length === 0) {
    throw new InputError(
      'without',
      `${notSent.join(', ')} ${notSent.length === 1 ? 'is not a station' : 'are not stations'} the model in ` +
        `service sends pumps from (a fireboat, or a station closed since its data): taking ` +
        `${notSent.length === 1 ? 'it' : 'them'} out changes nothing. Leave ${notSent.length === 1 ? 'it' : 'them'} out of the list`,
    );
  }
  if (unknown.length > 0) {
    throw new InputError(
      'without',
      `${unknown.length === 1 ? 'no station is called' : 'no stations are called'} ${unknown.join(', ')}. ` +
        `Name stations by code or name as the station list ('pump-eta stations') gives them`,
    );
  }
  return {
    callTime,
    callTimeLabel: describeLondonTime(callTime.getTime()),
    cellMetres: request.cellMetres,
    without: codes,
  };
}
