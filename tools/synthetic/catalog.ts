import { Categorical } from './prng.js';
import { LFB_PROPERTY_CATEGORIES } from '../../main/core/lfb/categories.js';

/**
 * The categorical vocabularies of the Incident and Mobilisation files and how often each value occurs.
 * Weights are rounded from the shape of a public 2023 sample of LFB Incident records (counts per 10,000),
 * so the synthetic mix of incident and property types looks like London's; they are not ground truth
 * a learner should recover (only `propertyCategorySeconds` in truth.ts is).
 */

export type StopCode =
  | 'AFA'
  | 'Special Service'
  | 'False alarm - Good intent'
  | 'Primary Fire'
  | 'Secondary Fire'
  | 'False alarm - Malicious';

export const STOP_CODES = new Categorical<StopCode>([
  ['AFA', 3999],
  ['Special Service', 3730],
  ['False alarm - Good intent', 933],
  ['Primary Fire', 676],
  ['Secondary Fire', 570],
  ['False alarm - Malicious', 90],
]);

export function incidentGroupOf(stop: StopCode): 'False Alarm' | 'Special Service' | 'Fire' {
  switch (stop) {
    case 'AFA':
    case 'False alarm - Good intent':
    case 'False alarm - Malicious':
      return 'False Alarm';
    case 'Special Service':
      return 'Special Service';
    case 'Primary Fire':
    case 'Secondary Fire':
      return 'Fire';
  }
}

type Category =
  | 'Dwelling'
  | 'Non Residential'
  | 'Other Residential'
  | 'Outdoor'
  | 'Outdoor Structure'
  | 'Road Vehicle'
  | 'Rail Vehicle'
  | 'Boat'
  | 'Aircraft';

// The LFB's own order (Aircraft, Boat, Dwelling, … Road Vehicle): the generator draws categories by index.
const CATEGORY_ORDER: readonly Category[] = LFB_PROPERTY_CATEGORIES;

function categories(counts: readonly number[]): Categorical<Category> {
  return new Categorical(CATEGORY_ORDER.map((c, i) => [c, counts[i] ?? 0] as const).filter(([, w]) => w > 0));
}

export const CATEGORY_BY_STOP: Readonly<Record<StopCode, Categorical<Category>>> = {
  AFA: categories([0, 0, 2129, 1470, 396, 2, 1, 1, 0]),
  'False alarm - Good intent': categories([6, 2, 544, 147, 23, 116, 41, 2, 52]),
  'False alarm - Malicious': categories([0, 0, 49, 22, 3, 7, 7, 0, 2]),
  'Primary Fire': categories([0, 1, 381, 130, 19, 9, 22, 1, 113]),
  'Secondary Fire': categories([0, 0, 0, 2, 0, 310, 258, 0, 0]),
  'Special Service': categories([2, 4, 2688, 275, 97, 198, 50, 4, 412]),
};

export const SPECIAL_SERVICE_TYPES = new Categorical<string>([
  ['Effecting entry/exit', 894],
  ['Flooding', 606],
  ['Lift Release', 502],
  ['No action (not false alarm)', 414],
  ['RTC', 347],
  ['Assist other agencies', 302],
  ['Medical Incident', 112],
  ['Animal assistance incidents', 112],
  ['Hazardous Materials incident', 78],
  ['Advice Only', 77],
  ['Making Safe (not RTC)', 77],
  ['Removal of objects from people', 51],
  ['Spills and Leaks (not RTC)', 42],
  ['Other rescue/release of persons', 36],
  ['Suicide/attempts', 29],
  ['Other Transport incident', 17],
  ['Rescue or evacuation from water', 14],
  ['Evacuation (no fire)', 14],
  ['Stand By', 7],
]);

/** Property types by category. The real files end every PropertyType with a space; so do these. */
export const PROPERTY_TYPES: Readonly<Record<Category, Categorical<string>>> = {
  Dwelling: withTrailingSpace([
    ['Purpose Built Flats/Maisonettes - 4 to 9 storeys', 1593],
    ['Purpose Built Flats/Maisonettes - Up to 3 storeys', 1227],
    ['House - single occupancy', 1113],
    ['Self contained Sheltered Housing', 489],
    ['Converted Flat/Maisonettes - 3 or more storeys', 440],
    ['Purpose Built Flats/Maisonettes - 10 or more storeys', 422],
    ['Converted Flat/Maisonette - Up to 2 storeys', 327],
    ['Licensed House in Multiple Occupation - Up to 2 storeys', 64],
    ['Licensed House in Multiple Occupation - 3 or more storeys', 34],
    ['Bungalow - single occupancy', 34],
  ]),
  'Non Residential': withTrailingSpace([
    ['Purpose built office', 254],
    ['Single shop', 237],
    ['Infant/Primary school', 146],
    ['Secondary school', 97],
    ['Restaurant/cafe', 89],
    ['Hospital', 88],
    ['Large supermarket', 79],
    ['College/University', 62],
    ['Warehouse', 56],
    ['Converted office', 54],
    ['Pub/wine bar/bar', 51],
    ['Medical/health centre', 51],
    ['Takeaway/ fast food', 34],
    ['Pre School/nursery', 30],
    ['Leisure Centre', 29],
    ['Shopping Centre', 28],
    ['Community centre/Hall', 27],
    ['Library', 20],
    ['Church/Chapel', 17],
  ]),
  'Other Residential': withTrailingSpace([
    ['Retirement/Old Persons Home', 190],
    ['Hotel/motel', 100],
    ['Hostel (e.g. for homeless people)', 78],
    ['Nursing/Care Home/Hospice', 65],
    ['Student Hall of Residence', 62],
    ['Boarding House/B&B for homeless/asylum seekers', 15],
    ['Youth hostel', 8],
  ]),
  Outdoor: withTrailingSpace([
    ['Road surface/pavement', 120],
    ['Domestic garden (vegetation not equipment)', 108],
    ['Loose refuse', 79],
    ['Park', 62],
    ['Tree scrub', 49],
    ['River/canal', 24],
    ['Hedge', 20],
    ['Playground/Recreation area (not equipment)', 19],
    ['Woodland/forest - conifers/softwood', 8],
  ]),
  'Outdoor Structure': withTrailingSpace([
    ['Small refuse/rubbish container', 159],
    ['Wheelie bin (domestic size)', 38],
    ['Large refuse/rubbish container (eg skip/ paladin)', 36],
    ['Common external bin storage area', 24],
    ['Bridge', 18],
    ['Fence', 17],
    ['Other outdoor structures', 16],
    ['Refuse/rubbish tip', 10],
  ]),
  'Road Vehicle': withTrailingSpace([
    ['Car', 359],
    ['Multiple Vehicles', 100],
    ['Motorcycle', 30],
    ['Van', 28],
    ['Bus/coach', 26],
    ['Lorry/HGV', 12],
    ['Bicycle', 11],
    ['Other road vehicle', 10],
  ]),
  'Rail Vehicle': withTrailingSpace([
    ['Train on train line', 5],
    ['Tram', 2],
    ['Other rail vehicle', 1],
  ]),
  Boat: withTrailingSpace([
    ['Barge', 3],
    ['Other vessel', 2],
    ['Large passenger vessel', 1],
    ['Motor yacht', 1],
  ]),
  Aircraft: withTrailingSpace([['Passenger plane', 8]]),
};

function withTrailingSpace(entries: readonly (readonly [string, number])[]): Categorical<string> {
  return new Categorical(entries.map(([v, w]) => [`${v} `, w] as const));
}

/** Address qualifiers by category (counts from the same sample). */
export const ADDRESS_QUALIFIERS: Readonly<Record<Category, Categorical<string>>> = {
  Dwelling: new Categorical([
    ['Correct incident location', 4122],
    ['Within same building', 1658],
    ['Nearby address - street not listed in gazetteer', 8],
    ['Nearby address - no building in street', 4],
  ]),
  'Non Residential': new Categorical([
    ['Correct incident location', 1316],
    ['Within same building', 661],
    ['On land associated with building', 57],
    ['Nearby address - street not listed in gazetteer', 10],
    ['Nearby address - no building in street', 3],
  ]),
  'Other Residential': new Categorical([
    ['Correct incident location', 351],
    ['Within same building', 187],
  ]),
  Outdoor: new Categorical([
    ['On land associated with building', 244],
    ['Open land/water - nearest gazetteer location', 167],
    ['In street outside gazetteer location', 126],
    ['In street close to gazetteer location', 74],
    ['Nearby address - no building in street', 10],
    ['Nearby address - street not listed in gazetteer', 7],
    ['In street remote from gazetteer location', 6],
    ['Railway land or rolling stock', 5],
    ['On motorway / elevated road', 3],
  ]),
  'Outdoor Structure': new Categorical([
    ['In street outside gazetteer location', 134],
    ['On land associated with building', 101],
    ['Correct incident location', 81],
    ['In street close to gazetteer location', 39],
    ['Open land/water - nearest gazetteer location', 9],
    ['Nearby address - no building in street', 6],
  ]),
  'Road Vehicle': new Categorical([
    ['In street outside gazetteer location', 303],
    ['In street close to gazetteer location', 128],
    ['On land associated with building', 100],
    ['On motorway / elevated road', 21],
    ['In street remote from gazetteer location', 9],
    ['Open land/water - nearest gazetteer location', 6],
  ]),
  'Rail Vehicle': new Categorical([['Railway land or rolling stock', 8]]),
  Boat: new Categorical([
    ['Open land/water - nearest gazetteer location', 5],
    ['On land associated with building', 1],
    ['In street close to gazetteer location', 1],
  ]),
  Aircraft: new Categorical([['On land associated with building', 8]]),
};

/** How many pumps are mobilised, by stop code (weights for 1..6 pumps). */
export const PUMPS_BY_STOP: Readonly<Record<StopCode, Categorical<number>>> = {
  AFA: pumps([43, 46, 3.3, 1.8, 5.6, 0.3]),
  'False alarm - Good intent': pumps([48.5, 39.6, 5.5, 1.3, 4.4, 0.6]),
  'False alarm - Malicious': pumps([51, 35.6, 5.6, 3.3, 4.4, 0]),
  'Primary Fire': pumps([25, 52, 9.9, 5.6, 6.1, 1.4]),
  'Secondary Fire': pumps([83.2, 15.8, 0.7, 0.2, 0.2, 0]),
  'Special Service': pumps([90.8, 7.9, 0.9, 0.2, 0.2, 0.1]),
};

function pumps(weights: readonly number[]): Categorical<number> {
  return new Categorical(weights.map((w, i) => [i + 1, w] as const).filter(([, w]) => w > 0));
}

/** Expected vehicles per incident under these tables: sizes an output by mobilisation count. */
export function expectedPumpsPerIncident(): number {
  const stopP = STOP_CODES.probabilities();
  let total = 0;
  STOP_CODES.values.forEach((stop, i) => {
    const dist = PUMPS_BY_STOP[stop];
    const p = dist.probabilities();
    total += stopP[i]! * dist.values.reduce((s, n, j) => s + n * p[j]!, 0);
  });
  return total;
}

export const NUM_CALLS = new Categorical<number>([
  [1, 8415],
  [2, 1229],
  [3, 184],
  [4, 57],
  [5, 33],
  [6, 19],
  [7, 11],
]);

/** Delay codes (DelayCodeId, DelayCode_Description) recorded for attendances over the 6-minute target. */
export const NOT_HELD_UP = { id: 12, description: 'Not held up' } as const;
export const DELAY_REASONS = new Categorical<{ id: number; description: string }>([
  [{ id: 9, description: 'Traffic, roadworks, etc' }, 45],
  [{ id: 5, description: 'Address incomplete/wrong' }, 25],
  [{ id: 3, description: 'At drills when mobilised' }, 10],
  [{ id: 11, description: 'Weather conditions' }, 5],
  [{ id: 8, description: 'Appliance/equipment defect' }, 5],
  [{ id: 6, description: 'Arrived but held up - Provide reason' }, 10],
]);

/** Share of calls in each local hour (the 2023 sample's profile), used to place calls within a day. */
// prettier-ignore
export const CALLS_BY_HOUR: readonly number[] = [
  362, 291, 231, 210, 194, 173, 197, 281, 388, 436, 457, 497,
  536, 485, 542, 501, 595, 557, 583, 567, 525, 517, 475, 400,
];

/** Notional hourly cost of a pump (£) by financial year (April–March), approximate public figures. */
export const PUMP_HOUR_COST_BY_FY: Readonly<Record<number, number>> = {
  2008: 260,
  2009: 260,
  2010: 260,
  2011: 260,
  2012: 290,
  2013: 290,
  2014: 295,
  2015: 298,
  2016: 326,
  2017: 328,
  2018: 333,
  2019: 339,
  2020: 346,
  2021: 352,
  2022: 364,
  2023: 388,
  2024: 399,
  2025: 410,
};

export type { Category as PropertyCategory };
