import type { TruthFeatures } from './truth.js';

/**
 * Builds the ground-truth query for one vehicle from the rows of a generated Incident file and
 * Mobilisation file (as parsed text keyed by column name), so an evaluation can score a learner against
 * the true medians without knowing how the generator works inside.
 */
export function truthFeaturesFromRows(
  incident: Readonly<Record<string, string | undefined>>,
  mobilisation: Readonly<Record<string, string | undefined>>,
): TruthFeatures {
  const need = (row: Readonly<Record<string, string | undefined>>, name: string): string => {
    const v = row[name];
    if (v === undefined || v === '') throw new Error(`row has no ${name}`);
    return v;
  };
  if (need(incident, 'IncidentNumber') !== need(mobilisation, 'IncidentNumber')) {
    throw new Error('incident and mobilisation rows are for different incidents');
  }
  return {
    station: need(mobilisation, 'DeployedFromStation_Code'),
    easting: Number(need(incident, 'Easting_rounded')),
    northing: Number(need(incident, 'Northing_rounded')),
    date: need(incident, 'DateOfCall'),
    hour: Number(need(incident, 'HourOfCall')),
    propertyCategory: need(incident, 'PropertyCategory'),
    pumpOrder: Number(need(mobilisation, 'PumpOrder')),
    deployedFromLocation: need(mobilisation, 'DeployedFromLocation'),
  };
}
