import type { IncidentInput } from '../../../contract/index.js';
import type { StationRecord } from '../features/spec.js';
import { isInLondon } from '../geo/london.js';
import { InputError } from '../util/input-error.js';
import { findPlace } from './find-place.js';
import type { Gazetteer } from './gazetteer.js';
import type { StationDirectory } from './stations.js';

/**
 * An incident's location as typed — coordinates, a postcode, a ward — turned in one step into a point
 * on the grid, the station ground it lies in and the station whose ground that is.
 */

export interface ResolvedIncident {
  readonly easting: number;
  readonly northing: number;
  readonly stationGround: string | null;
  readonly borough: string | null;
  readonly ward: string | null;
  readonly postcodeDistrict: string | null;
  /** How a typed place was read; absent for coordinates. */
  readonly description?: string;
}

export interface PlacedIncident {
  readonly place: ResolvedIncident;
  /**
   * The station a pump is sent from when the dispatcher names none: the owner of the place's ground,
   * else the nearest servable station.
   */
  readonly groundStation: StationRecord;
}

export interface PlaceContext {
  /** Searched in order: the history's gazetteer (when built) before the model's own. */
  readonly gazetteers: readonly Gazetteer[];
  readonly stations: StationDirectory;
  /** The only gazetteer is the demo model's synthetic one: an unknown name is explained as such. */
  readonly demoOnly: boolean;
}

export function resolvePlace(location: IncidentInput['location'], context: PlaceContext): PlacedIncident {
  const place = placeOf(location, context);
  const groundStation =
    (place.stationGround && context.stations.byGround(place.stationGround)) ||
    context.stations.nearest(place.easting, place.northing);
  return { place, groundStation };
}

function placeOf(location: IncidentInput['location'], context: PlaceContext): ResolvedIncident {
  switch (location.kind) {
    case 'coordinates': {
      if (!isInLondon(location.easting, location.northing)) {
        throw new InputError(
          'location',
          `easting ${location.easting}, northing ${location.northing} is outside London (British National Grid metres, e.g. 530000, 180000)`,
        );
      }
      const nearest = context.stations.nearest(location.easting, location.northing);
      return {
        easting: location.easting,
        northing: location.northing,
        stationGround: nearest.name,
        borough: null,
        ward: null,
        postcodeDistrict: null,
      };
    }
    case 'postcodeDistrict':
    case 'ward': {
      const found = findPlace(context.gazetteers, location.kind, location.value, context.demoOnly);
      const entry = found.entry;
      return {
        easting: entry.easting,
        northing: entry.northing,
        stationGround: entry.stationGround,
        borough: entry.borough,
        ward: found.kind === 'ward' ? entry.name : null,
        postcodeDistrict: found.postcodeDistrict,
        description: found.description,
      };
    }
    default: {
      const never: never = location;
      throw new InputError('location', `unsupported location ${JSON.stringify(never)}`);
    }
  }
}
