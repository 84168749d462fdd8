import { describe, expect, it } from 'vitest';
import { buildFeatureVector, CallEncoder, FeatureInputError } from '../../../main/core/features/build.js';
import { fitFeatureSpec } from '../../../main/core/features/fit.js';
import { CallInputTable } from '../../../main/core/features/inputTable.js';
import { FEATURE_NAMES } from '../../../main/core/features/spec.js';
import { SCHOOL, STATIONS, syntheticRows } from './helpers.js';

const { inputs, target } = syntheticRows(600);
const table = new CallInputTable();
for (const input of inputs) table.push(input);
const spec = fitFeatureSpec(table, target, { stations: STATIONS, schoolHolidays: SCHOOL, minCount: 20 });
const F = FEATURE_NAMES.length;

describe('CallEncoder', () => {
  it("writes each vehicle of a call exactly as buildFeatureVector writes the vehicle's whole input", () => {
    const encoder = new CallEncoder(spec);
    const vehicles: [string, number, boolean | null][] = [
      ['A21', 1, true],
      ['H27', 2, false],
      ['A23', 3, null],
      ['A21', 2, null],
    ];
    const out = new Float32Array(vehicles.length * F);
    let compared = 0;
    for (const call of inputs) {
      encoder.setCall(call);
      vehicles.forEach(([station, pumpOrder, home], j) => {
        encoder.writeVehicle(out, j * F, station, pumpOrder, home);
        const expected = buildFeatureVector(spec, {
          ...call,
          stationCode: station,
          pumpOrder,
          deployedFromHome: home,
        });
        expect(out.subarray(j * F, (j + 1) * F)).toEqual(expected);
        compared += 1;
      });
    }
    expect(compared).toBe(inputs.length * vehicles.length);
  });

  it('refuses what encodeRow refuses, for a later vehicle of a call too', () => {
    const encoder = new CallEncoder(spec);
    const out = new Float32Array(F);
    encoder.setCall(inputs[0]!);
    encoder.writeVehicle(out, 0, 'A21', 1, true);
    expect(() => encoder.writeVehicle(out, 0, 'Z99', 1, true)).toThrow(FeatureInputError);
    expect(() => encoder.writeVehicle(out, 0, 'A21', 0, true)).toThrow(/pump order/);
  });
});
