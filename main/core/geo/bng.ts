/**
 * British National Grid (OSGB36 transverse Mercator) ↔ WGS84 latitude/longitude, after the Ordnance
 * Survey's "A guide to coordinate systems in Great Britain". The datum change is the published
 * 7-parameter Helmert transformation, good to a few metres — far finer than LFB's 50 m rounded
 * incident coordinates — so OSTN15 (sub-metre, a 15 MB grid) is not worth shipping.
 */

export interface GridPoint {
  readonly easting: number;
  readonly northing: number;
}

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

interface Ellipsoid {
  readonly a: number;
  readonly b: number;
}

const AIRY_1830: Ellipsoid = { a: 6_377_563.396, b: 6_356_256.909 };
const WGS84: Ellipsoid = { a: 6_378_137, b: 6_356_752.314_245 };

// National Grid projection constants.
const F0 = 0.999_601_271_7;
const LAT0 = (49 * Math.PI) / 180;
const LON0 = (-2 * Math.PI) / 180;
const E0 = 400_000;
const N0 = -100_000;

const DEG = Math.PI / 180;
const ARCSEC = DEG / 3600;

/** OSGB36 → WGS84 (the inverse of the OS's WGS84 → OSGB36 parameters). */
const OSGB36_TO_WGS84 = {
  tx: 446.448,
  ty: -125.157,
  tz: 542.06,
  s: -20.4894e-6,
  rx: 0.1502 * ARCSEC,
  ry: 0.247 * ARCSEC,
  rz: 0.8421 * ARCSEC,
};
type Helmert = typeof OSGB36_TO_WGS84;
const WGS84_TO_OSGB36: Helmert = {
  tx: -446.448,
  ty: 125.157,
  tz: -542.06,
  s: 20.4894e-6,
  rx: -0.1502 * ARCSEC,
  ry: -0.247 * ARCSEC,
  rz: -0.8421 * ARCSEC,
};

const AIRY_N = (AIRY_1830.a - AIRY_1830.b) / (AIRY_1830.a + AIRY_1830.b);
const AIRY_E2 = 1 - (AIRY_1830.b * AIRY_1830.b) / (AIRY_1830.a * AIRY_1830.a);

/** Meridional arc from the true origin to latitude `lat` (radians), scaled by F0. */
function meridionalArc(lat: number): number {
  const n = AIRY_N;
  const n2 = n * n;
  const n3 = n2 * n;
  const d = lat - LAT0;
  const s = lat + LAT0;
  return (
    AIRY_1830.b *
    F0 *
    ((1 + n + (5 / 4) * n2 + (5 / 4) * n3) * d -
      (3 * n + 3 * n2 + (21 / 8) * n3) * Math.sin(d) * Math.cos(s) +
      ((15 / 8) * n2 + (15 / 8) * n3) * Math.sin(2 * d) * Math.cos(2 * s) -
      (35 / 24) * n3 * Math.sin(3 * d) * Math.cos(3 * s))
  );
}

/** OSGB36 geodetic (radians) → grid. */
function projectOsgb36(lat: number, lon: number): GridPoint {
  const a = AIRY_1830.a;
  const sin = Math.sin(lat);
  const cos = Math.cos(lat);
  const tan = Math.tan(lat);
  const tan2 = tan * tan;
  const tan4 = tan2 * tan2;
  const nu = (a * F0) / Math.sqrt(1 - AIRY_E2 * sin * sin);
  const rho = (a * F0 * (1 - AIRY_E2)) / Math.pow(1 - AIRY_E2 * sin * sin, 1.5);
  const eta2 = nu / rho - 1;
  const cos3 = cos * cos * cos;
  const cos5 = cos3 * cos * cos;

  const I = meridionalArc(lat) + N0;
  const II = (nu / 2) * sin * cos;
  const III = (nu / 24) * sin * cos3 * (5 - tan2 + 9 * eta2);
  const IIIA = (nu / 720) * sin * cos5 * (61 - 58 * tan2 + tan4);
  const IV = nu * cos;
  const V = (nu / 6) * cos3 * (nu / rho - tan2);
  const VI = (nu / 120) * cos5 * (5 - 18 * tan2 + tan4 + 14 * eta2 - 58 * tan2 * eta2);

  const dl = lon - LON0;
  const dl2 = dl * dl;
  return {
    northing: I + II * dl2 + III * dl2 * dl2 + IIIA * dl2 * dl2 * dl2,
    easting: E0 + IV * dl + V * dl2 * dl + VI * dl2 * dl2 * dl,
  };
}

/** Grid → OSGB36 geodetic (radians). */
function unprojectOsgb36(easting: number, northing: number): { lat: number; lon: number } {
  const a = AIRY_1830.a;
  let lat = LAT0;
  let m = 0;
  // Converges to 0.01 mm in a handful of iterations.
  do {
    lat = (northing - N0 - m) / (a * F0) + lat;
    m = meridionalArc(lat);
  } while (Math.abs(northing - N0 - m) >= 0.000_01);

  const sin = Math.sin(lat);
  const cos = Math.cos(lat);
  const tan = Math.tan(lat);
  const tan2 = tan * tan;
  const tan4 = tan2 * tan2;
  const tan6 = tan4 * tan2;
  const sec = 1 / cos;
  const nu = (a * F0) / Math.sqrt(1 - AIRY_E2 * sin * sin);
  const rho = (a * F0 * (1 - AIRY_E2)) / Math.pow(1 - AIRY_E2 * sin * sin, 1.5);
  const eta2 = nu / rho - 1;
  const nu3 = nu * nu * nu;
  const nu5 = nu3 * nu * nu;
  const nu7 = nu5 * nu * nu;

  const VII = tan / (2 * rho * nu);
  const VIII = (tan / (24 * rho * nu3)) * (5 + 3 * tan2 + eta2 - 9 * tan2 * eta2);
  const IX = (tan / (720 * rho * nu5)) * (61 + 90 * tan2 + 45 * tan4);
  const X = sec / nu;
  const XI = (sec / (6 * nu3)) * (nu / rho + 2 * tan2);
  const XII = (sec / (120 * nu5)) * (5 + 28 * tan2 + 24 * tan4);
  const XIIA = (sec / (5040 * nu7)) * (61 + 662 * tan2 + 1320 * tan4 + 720 * tan6);

  const de = easting - E0;
  const de2 = de * de;
  return {
    lat: lat - VII * de2 + VIII * de2 * de2 - IX * de2 * de2 * de2,
    lon: LON0 + X * de - XI * de2 * de + XII * de2 * de2 * de - XIIA * de2 * de2 * de2 * de,
  };
}

type Vec3 = readonly [number, number, number];

function toCartesian(lat: number, lon: number, e: Ellipsoid): Vec3 {
  const e2 = 1 - (e.b * e.b) / (e.a * e.a);
  const sin = Math.sin(lat);
  const nu = e.a / Math.sqrt(1 - e2 * sin * sin);
  return [nu * Math.cos(lat) * Math.cos(lon), nu * Math.cos(lat) * Math.sin(lon), (1 - e2) * nu * sin];
}

function fromCartesian([x, y, z]: Vec3, e: Ellipsoid): { lat: number; lon: number } {
  const e2 = 1 - (e.b * e.b) / (e.a * e.a);
  const p = Math.hypot(x, y);
  let lat = Math.atan2(z, p * (1 - e2));
  for (let i = 0; i < 10; i++) {
    const sin = Math.sin(lat);
    const nu = e.a / Math.sqrt(1 - e2 * sin * sin);
    const next = Math.atan2(z + e2 * nu * sin, p);
    if (Math.abs(next - lat) < 1e-12) {
      lat = next;
      break;
    }
    lat = next;
  }
  return { lat, lon: Math.atan2(y, x) };
}

function helmert([x, y, z]: Vec3, t: Helmert): Vec3 {
  const k = 1 + t.s;
  return [
    t.tx + k * x - t.rz * y + t.ry * z,
    t.ty + t.rz * x + k * y - t.rx * z,
    t.tz - t.ry * x + t.rx * y + k * z,
  ];
}

export function bngToWgs84(easting: number, northing: number): LatLon {
  const osgb = unprojectOsgb36(easting, northing);
  const wgs = fromCartesian(helmert(toCartesian(osgb.lat, osgb.lon, AIRY_1830), OSGB36_TO_WGS84), WGS84);
  return { lat: wgs.lat / DEG, lon: wgs.lon / DEG };
}

export function wgs84ToBng(lat: number, lon: number): GridPoint {
  const osgb = fromCartesian(helmert(toCartesian(lat * DEG, lon * DEG, WGS84), WGS84_TO_OSGB36), AIRY_1830);
  return projectOsgb36(osgb.lat, osgb.lon);
}
