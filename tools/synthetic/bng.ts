/**
 * British National Grid (OSGB36 Transverse Mercator) easting/northing to WGS84 latitude/longitude, as
 * the Incident file carries both for non-dwellings. Ordnance Survey's published inverse projection plus
 * a seven-parameter Helmert shift: accurate to a few metres, far below the 50 m rounding of the grid.
 */

const AIRY_A = 6_377_563.396;
const AIRY_B = 6_356_256.909;
const F0 = 0.9996012717;
const LAT0 = (49 * Math.PI) / 180;
const LON0 = (-2 * Math.PI) / 180;
const N0 = -100_000;
const E0 = 400_000;
const GRS80_A = 6_378_137;
const GRS80_B = 6_356_752.3141;

// OSGB36 → WGS84 Helmert parameters (metres, arc-seconds, ppm).
const TX = 446.448;
const TY = -125.157;
const TZ = 542.06;
const RX = ((0.1502 / 3600) * Math.PI) / 180;
const RY = ((0.247 / 3600) * Math.PI) / 180;
const RZ = ((0.8421 / 3600) * Math.PI) / 180;
const S = 20.4894e-6;

export function bngToWgs84(easting: number, northing: number): { latitude: number; longitude: number } {
  const a = AIRY_A;
  const b = AIRY_B;
  const e2 = 1 - (b * b) / (a * a);
  const n = (a - b) / (a + b);
  let lat = LAT0;
  let m = 0;
  do {
    lat = (northing - N0 - m) / (a * F0) + lat;
    const dl = lat - LAT0;
    const sl = lat + LAT0;
    m =
      b *
      F0 *
      ((1 + n + (5 / 4) * n * n + (5 / 4) * n ** 3) * dl -
        (3 * n + 3 * n * n + (21 / 8) * n ** 3) * Math.sin(dl) * Math.cos(sl) +
        ((15 / 8) * n * n + (15 / 8) * n ** 3) * Math.sin(2 * dl) * Math.cos(2 * sl) -
        (35 / 24) * n ** 3 * Math.sin(3 * dl) * Math.cos(3 * sl));
  } while (Math.abs(northing - N0 - m) >= 0.00001);

  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  const nu = (a * F0) / Math.sqrt(1 - e2 * sinLat * sinLat);
  const rho = (a * F0 * (1 - e2)) / (1 - e2 * sinLat * sinLat) ** 1.5;
  const eta2 = nu / rho - 1;
  const tan = Math.tan(lat);
  const sec = 1 / cosLat;
  const vii = tan / (2 * rho * nu);
  const viii = (tan / (24 * rho * nu ** 3)) * (5 + 3 * tan * tan + eta2 - 9 * tan * tan * eta2);
  const ix = (tan / (720 * rho * nu ** 5)) * (61 + 90 * tan * tan + 45 * tan ** 4);
  const x = sec / nu;
  const xi = (sec / (6 * nu ** 3)) * (nu / rho + 2 * tan * tan);
  const xii = (sec / (120 * nu ** 5)) * (5 + 28 * tan * tan + 24 * tan ** 4);
  const xiia = (sec / (5040 * nu ** 7)) * (61 + 662 * tan * tan + 1320 * tan ** 4 + 720 * tan ** 6);
  const de = easting - E0;
  const phi = lat - vii * de ** 2 + viii * de ** 4 - ix * de ** 6;
  const lambda = LON0 + x * de - xi * de ** 3 + xii * de ** 5 - xiia * de ** 7;

  // OSGB36 geodetic → cartesian → Helmert → GRS80 geodetic.
  const sp = Math.sin(phi);
  const cp = Math.cos(phi);
  const nuA = a / Math.sqrt(1 - e2 * sp * sp);
  const x1 = nuA * cp * Math.cos(lambda);
  const y1 = nuA * cp * Math.sin(lambda);
  const z1 = nuA * (1 - e2) * sp;
  const x2 = TX + (1 + S) * x1 - RZ * y1 + RY * z1;
  const y2 = TY + RZ * x1 + (1 + S) * y1 - RX * z1;
  const z2 = TZ - RY * x1 + RX * y1 + (1 + S) * z1;
  const e2w = 1 - (GRS80_B * GRS80_B) / (GRS80_A * GRS80_A);
  const p = Math.hypot(x2, y2);
  let latW = Math.atan2(z2, p * (1 - e2w));
  for (let i = 0; i < 10; i++) {
    const s = Math.sin(latW);
    const nuW = GRS80_A / Math.sqrt(1 - e2w * s * s);
    latW = Math.atan2(z2 + e2w * nuW * s, p);
  }
  return { latitude: (latW * 180) / Math.PI, longitude: (Math.atan2(y2, x2) * 180) / Math.PI };
}
