/**
 * The synthetic world's fire stations: real LFB station names and codes (callsigns), at positions
 * placed by hand to about half a kilometre from general London geography, NOT taken from any station
 * file. They are plausible, not surveyed; the generator's ground truth uses exactly these numbers,
 * and `stations.csv` in each generated folder carries them so an import can use them.
 */

export interface SyntheticStation {
  readonly name: string;
  readonly code: string;
  readonly borough: string;
  /** British National Grid metres (whole metres, as written to stations.csv). */
  readonly easting: number;
  readonly northing: number;
  /** Postcode districts of the station's ground, nearest the station first. */
  readonly districts: readonly string[];
  /** Pumping appliances based there (1 or 2): a second pump of the same station can be the second to go. */
  readonly pumps: 1 | 2;
}

/** ONS codes of the 33 London local authorities (the Incident file's IncGeo_BoroughCode). */
export const BOROUGH_CODES: Readonly<Record<string, string>> = {
  'City of London': 'E09000001',
  'Barking and Dagenham': 'E09000002',
  Barnet: 'E09000003',
  Bexley: 'E09000004',
  Brent: 'E09000005',
  Bromley: 'E09000006',
  Camden: 'E09000007',
  Croydon: 'E09000008',
  Ealing: 'E09000009',
  Enfield: 'E09000010',
  Greenwich: 'E09000011',
  Hackney: 'E09000012',
  'Hammersmith and Fulham': 'E09000013',
  Haringey: 'E09000014',
  Harrow: 'E09000015',
  Havering: 'E09000016',
  Hillingdon: 'E09000017',
  Hounslow: 'E09000018',
  Islington: 'E09000019',
  'Kensington and Chelsea': 'E09000020',
  'Kingston upon Thames': 'E09000021',
  Lambeth: 'E09000022',
  Lewisham: 'E09000023',
  Merton: 'E09000024',
  Newham: 'E09000025',
  Redbridge: 'E09000026',
  'Richmond upon Thames': 'E09000027',
  Southwark: 'E09000028',
  Sutton: 'E09000029',
  'Tower Hamlets': 'E09000030',
  'Waltham Forest': 'E09000031',
  Wandsworth: 'E09000032',
  Westminster: 'E09000033',
};

type Row = readonly [
  name: string,
  code: string,
  borough: string,
  eKm: number,
  nKm: number,
  districts: string,
  pumps: 1 | 2,
];

// prettier-ignore
const ROWS: readonly Row[] = [
  ['Paddington', 'A21', 'Westminster', 526.2, 181.6, 'W2 W9', 2],
  ['Euston', 'A23', 'Camden', 529.7, 182.6, 'NW1 WC1H', 2],
  ['Soho', 'A24', 'Westminster', 529.8, 180.9, 'W1D W1F', 2],
  ['Dowgate', 'A28', 'City of London', 532.6, 180.8, 'EC4R EC4N', 1],
  ['Islington', 'A30', 'Islington', 531.4, 183.7, 'N1 EC1V', 2],
  ['Holloway', 'A31', 'Islington', 530.4, 186.0, 'N7 N19', 2],
  ['Hornsey', 'A32', 'Haringey', 530.3, 189.1, 'N8 N10', 1],
  ['Tottenham', 'A33', 'Haringey', 533.4, 189.5, 'N17 N15', 2],
  ['Edmonton', 'A34', 'Enfield', 534.2, 192.9, 'N18 N9', 2],
  ['Enfield', 'A35', 'Enfield', 533.0, 196.6, 'EN1 EN2', 1],
  ['Southgate', 'A36', 'Enfield', 529.7, 194.3, 'N14 N21', 1],
  ['Barnet', 'A37', 'Barnet', 524.5, 196.5, 'EN5 EN4', 1],
  ['Mill Hill', 'A38', 'Barnet', 522.1, 192.1, 'NW7', 1],
  ['Finchley', 'A39', 'Barnet', 526.6, 189.9, 'N3 N2', 1],
  ['Hendon', 'A40', 'Barnet', 523.3, 189.4, 'NW4 NW9', 2],
  ['West Hampstead', 'A41', 'Camden', 525.4, 184.7, 'NW6 NW3', 1],
  ['Kentish Town', 'A43', 'Camden', 528.9, 185.1, 'NW5 NW1', 1],
  ['Lewisham', 'E21', 'Lewisham', 538.1, 175.4, 'SE13 SE6', 2],
  ['Greenwich', 'E22', 'Greenwich', 538.0, 177.2, 'SE10 SE3', 1],
  ['East Greenwich', 'E23', 'Greenwich', 540.4, 178.4, 'SE7 SE10', 1],
  ['Plumstead', 'E25', 'Greenwich', 544.5, 178.5, 'SE18 SE2', 2],
  ['Erith', 'E27', 'Bexley', 551.2, 177.6, 'DA8 DA18', 1],
  ['Bexley', 'E28', 'Bexley', 549.2, 173.5, 'DA5 DA6', 1],
  ['Lee Green', 'E29', 'Greenwich', 539.6, 175.0, 'SE12 SE9', 1],
  ['Eltham', 'E30', 'Greenwich', 542.9, 174.5, 'SE9', 1],
  ['Forest Hill', 'E31', 'Lewisham', 535.2, 173.0, 'SE23 SE26', 1],
  ['Dockhead', 'E34', 'Southwark', 533.9, 179.7, 'SE1 SE16', 2],
  ['Old Kent Road', 'E35', 'Southwark', 533.7, 178.0, 'SE1 SE17', 2],
  ['Deptford', 'E36', 'Lewisham', 537.2, 177.3, 'SE8 SE14', 1],
  ['Peckham', 'E37', 'Southwark', 534.3, 176.5, 'SE15 SE22', 2],
  ['New Cross', 'E38', 'Lewisham', 536.0, 177.0, 'SE14 SE4', 1],
  ['Bromley', 'E39', 'Bromley', 540.4, 169.5, 'BR1 BR2', 2],
  ['Sidcup', 'E40', 'Bexley', 546.5, 171.6, 'DA14 DA15', 1],
  ['Orpington', 'E41', 'Bromley', 546.3, 165.7, 'BR6 BR5', 1],
  ['Biggin Hill', 'E42', 'Bromley', 541.6, 158.9, 'TN16', 1],
  ['Beckenham', 'E43', 'Bromley', 537.0, 169.5, 'BR3', 1],
  ['Stratford', 'F21', 'Newham', 538.7, 184.6, 'E15 E20', 2],
  ['Poplar', 'F22', 'Tower Hamlets', 537.8, 181.2, 'E14 E3', 2],
  ['Millwall', 'F23', 'Tower Hamlets', 537.8, 179.0, 'E14', 1],
  ['Shoreditch', 'F24', 'Hackney', 533.4, 182.4, 'E2 EC2A', 2],
  ['Shadwell', 'F25', 'Tower Hamlets', 535.2, 180.7, 'E1W E1', 1],
  ['Bethnal Green', 'F26', 'Tower Hamlets', 535.0, 182.7, 'E2 E3', 1],
  ['Homerton', 'F28', 'Hackney', 535.6, 185.2, 'E9 E5', 1],
  ['Leyton', 'F29', 'Waltham Forest', 537.9, 187.0, 'E10', 1],
  ['Leytonstone', 'F30', 'Waltham Forest', 539.4, 187.2, 'E11', 1],
  ['Stoke Newington', 'F32', 'Hackney', 533.5, 186.5, 'N16', 1],
  ['Whitechapel', 'F33', 'Tower Hamlets', 534.3, 181.5, 'E1', 2],
  ['Chingford', 'F34', 'Waltham Forest', 538.5, 194.0, 'E4', 1],
  ['Woodford', 'F35', 'Redbridge', 540.3, 191.5, 'IG8 E18', 1],
  ['Walthamstow', 'F36', 'Waltham Forest', 537.2, 189.2, 'E17', 1],
  ['Hainault', 'F37', 'Redbridge', 546.0, 191.8, 'IG6 IG7', 1],
  ['Romford', 'F38', 'Havering', 551.1, 189.0, 'RM1 RM7', 2],
  ['Hornchurch', 'F39', 'Havering', 554.2, 186.9, 'RM11 RM12', 1],
  ['Wennington', 'F40', 'Havering', 553.8, 181.0, 'RM13', 1],
  ['Dagenham', 'F41', 'Barking and Dagenham', 549.0, 185.3, 'RM10 RM8', 1],
  ['Ilford', 'F42', 'Redbridge', 543.8, 186.8, 'IG1 IG3', 2],
  ['Barking', 'F43', 'Barking and Dagenham', 545.2, 184.3, 'IG11', 1],
  ['East Ham', 'F44', 'Newham', 542.6, 183.6, 'E6 E12', 2],
  ['Plaistow', 'F45', 'Newham', 540.3, 182.2, 'E13 E16', 1],
  ['Harold Hill', 'F57', 'Havering', 554.8, 191.6, 'RM3', 1],
  ['Harrow', 'G21', 'Harrow', 515.2, 188.2, 'HA1 HA2', 1],
  ['Stanmore', 'G22', 'Harrow', 516.9, 191.7, 'HA7 HA8', 1],
  ['Hillingdon', 'G23', 'Hillingdon', 507.3, 183.7, 'UB10 UB8', 1],
  ['Southall', 'G24', 'Ealing', 512.5, 179.8, 'UB1 UB2', 2],
  ['Ealing', 'G25', 'Ealing', 517.6, 180.4, 'W5 W13', 1],
  ['Acton', 'G26', 'Ealing', 520.3, 180.3, 'W3', 1],
  ['North Kensington', 'G27', 'Kensington and Chelsea', 524.0, 181.7, 'W10 W11', 1],
  ['Willesden', 'G28', 'Brent', 522.0, 184.5, 'NW10 NW2', 1],
  ['Park Royal', 'G29', 'Brent', 520.3, 182.7, 'NW10', 1],
  ['Wembley', 'G30', 'Brent', 518.4, 185.6, 'HA9 HA0', 2],
  ['Northolt', 'G31', 'Ealing', 512.3, 184.3, 'UB5 UB6', 1],
  ['Ruislip', 'G32', 'Hillingdon', 509.2, 187.3, 'HA4', 1],
  ['Kensington', 'G33', 'Kensington and Chelsea', 525.4, 179.4, 'W8 SW7', 1],
  ['Chelsea', 'G34', 'Kensington and Chelsea', 527.5, 178.2, 'SW3 SW10', 1],
  ['Fulham', 'G35', 'Hammersmith and Fulham', 524.9, 177.0, 'SW6', 1],
  ['Hammersmith', 'G36', 'Hammersmith and Fulham', 523.0, 178.5, 'W6 W14', 2],
  ['Chiswick', 'G37', 'Hounslow', 520.7, 178.3, 'W4', 1],
  ['Heston', 'G38', 'Hounslow', 512.6, 177.4, 'TW5 TW3', 2],
  ['Feltham', 'G39', 'Hounslow', 510.5, 172.9, 'TW13 TW14', 1],
  ['Hayes', 'G40', 'Hillingdon', 509.8, 180.7, 'UB3 UB4', 1],
  ['Heathrow', 'G56', 'Hillingdon', 508.5, 175.8, 'TW6 UB7', 1],
  ['Clapham', 'H21', 'Lambeth', 529.0, 175.6, 'SW4 SW11', 1],
  ['Lambeth', 'H22', 'Lambeth', 530.6, 178.7, 'SE11 SE1', 2],
  ['Brixton', 'H24', 'Lambeth', 531.0, 175.0, 'SW9 SW2', 2],
  ['West Norwood', 'H25', 'Lambeth', 532.1, 171.5, 'SE27 SW16', 1],
  ['Addington', 'H26', 'Croydon', 537.5, 163.7, 'CR0', 1],
  ['Battersea', 'H27', 'Wandsworth', 527.6, 176.5, 'SW11 SW8', 2],
  ['Woodside', 'H28', 'Croydon', 534.7, 167.8, 'SE25', 1],
  ['Purley', 'H29', 'Croydon', 531.4, 161.5, 'CR8 CR2', 1],
  ['Croydon', 'H31', 'Croydon', 532.2, 165.3, 'CR0 CR9', 2],
  ['Norbury', 'H32', 'Croydon', 530.8, 169.4, 'SW16 CR7', 1],
  ['Wandsworth', 'H33', 'Wandsworth', 525.7, 174.8, 'SW18', 1],
  ['Wimbledon', 'H34', 'Merton', 524.7, 170.7, 'SW19 SW20', 1],
  ['Tooting', 'H35', 'Wandsworth', 527.7, 171.4, 'SW17', 1],
  ['Mitcham', 'H36', 'Merton', 527.4, 168.8, 'CR4', 1],
  ['Wallington', 'H37', 'Sutton', 528.8, 164.6, 'SM6', 1],
  ['Sutton', 'H38', 'Sutton', 525.8, 164.2, 'SM1 SM2', 1],
  ['Surbiton', 'H39', 'Kingston upon Thames', 518.2, 166.9, 'KT6 KT5', 1],
  ['New Malden', 'H40', 'Kingston upon Thames', 521.2, 168.3, 'KT3 KT4', 1],
  ['Kingston', 'H41', 'Kingston upon Thames', 518.4, 169.3, 'KT1 KT2', 1],
  ['Richmond', 'H42', 'Richmond upon Thames', 518.2, 175.2, 'TW9 TW10', 1],
  ['Twickenham', 'H43', 'Richmond upon Thames', 515.5, 173.3, 'TW1 TW2', 1],
];

export const STATIONS: readonly SyntheticStation[] = ROWS.map(
  ([name, code, borough, eKm, nKm, districts, pumps]) => ({
    name,
    code,
    borough,
    easting: Math.round(eKm * 1000),
    northing: Math.round(nKm * 1000),
    districts: districts.split(' '),
    pumps,
  }),
);

export const STATION_BY_CODE: ReadonlyMap<string, SyntheticStation> = new Map(
  STATIONS.map((s) => [s.code, s]),
);
export const STATION_BY_NAME: ReadonlyMap<string, SyntheticStation> = new Map(
  STATIONS.map((s) => [s.name.toLowerCase(), s]),
);

export function stationByCode(code: string): SyntheticStation {
  const station = STATION_BY_CODE.get(code);
  if (!station) throw new Error(`unknown synthetic station code '${code}'`);
  return station;
}

/**
 * Indices of the `out.length` stations nearest a point, nearest first (ties by table order). A bounded
 * insertion pass: dispatch only ever looks at the nearest few stations, and sorting all ~100 for each of
 * a million incidents showed up as the generator's hottest spot.
 */
export function nearestStations(easting: number, northing: number, out: Int32Array): Int32Array {
  const k = out.length;
  const best = NEAREST_SCRATCH;
  let filled = 0;
  for (let i = 0; i < STATIONS.length; i++) {
    const s = STATIONS[i]!;
    const de = s.easting - easting;
    const dn = s.northing - northing;
    const d2 = de * de + dn * dn;
    if (filled === k && d2 >= best[k - 1]!) continue;
    let j = filled < k ? filled++ : k - 1;
    while (j > 0 && best[j - 1]! > d2) {
      best[j] = best[j - 1]!;
      out[j] = out[j - 1]!;
      j--;
    }
    best[j] = d2;
    out[j] = i;
  }
  return out;
}

const NEAREST_SCRATCH = new Float64Array(STATIONS.length);

export function distanceM(station: SyntheticStation, easting: number, northing: number): number {
  return Math.hypot(station.easting - easting, station.northing - northing);
}

/** Distance from each station to its nearest neighbour: sets how far that station's incidents spread. */
export const NEAREST_NEIGHBOUR_M: readonly number[] = STATIONS.map((s, i) => {
  let best = Infinity;
  STATIONS.forEach((t, j) => {
    if (j !== i) best = Math.min(best, Math.hypot(s.easting - t.easting, s.northing - t.northing));
  });
  return best;
});
