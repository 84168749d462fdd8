import { useApi } from '../../api';
import type {
  FleetEvent,
  FleetStatus,
  Publication,
  PublicationList,
  Result,
  Settings,
} from '../../../../contract/index.js';

/**
 * The fleet's requests as the window sees them (settings, status, publications, publish, check now and
 * the status events main sends).
 */
export interface FleetApi {
  getSettings(): Promise<Result<Settings>>;
  saveSettings(settings: Settings): Promise<Result<Settings>>;
  fleetStatus(): Promise<Result<FleetStatus>>;
  publications(): Promise<Result<PublicationList>>;
  publish(id?: string): Promise<Result<Publication>>;
  syncNow(): Promise<Result<FleetStatus>>;
  onFleetEvent(listener: (event: FleetEvent) => void): () => void;
}

export function useFleetApi(): FleetApi {
  return useApi() as unknown as FleetApi;
}
