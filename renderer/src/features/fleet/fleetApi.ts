import { useApi } from '../../api';
import type { PumpEtaApi } from '../../../../contract/index.js';

/** The fleet's requests as the window sees them: part of the app's one API. */
export type FleetApi = Pick<
  PumpEtaApi,
  'getSettings' | 'saveSettings' | 'fleetStatus' | 'publications' | 'publish' | 'syncNow' | 'onFleetEvent'
>;

export function useFleetApi(): FleetApi {
  return useApi();
}
