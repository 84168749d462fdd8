import { createContext, useContext, type ReactNode } from 'react';
import type { PumpEtaApi } from '../../contract/index.js';

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or the end-to-end test bridge. */
    readonly pumpEta?: PumpEtaApi;
  }
}

const ApiContext = createContext<PumpEtaApi | null>(null);

/** Components reach the main process only through this context, so tests can hand them a fake. */
export function ApiProvider({ api, children }: { api: PumpEtaApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): PumpEtaApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi needs an <ApiProvider>');
  return api;
}
