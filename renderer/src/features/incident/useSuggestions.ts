import { useEffect, useState } from 'react';
import type { PumpEtaApi, Suggestion } from '../../../../contract/index.js';

export const SUGGEST_DEBOUNCE_MS = 120;
export const SUGGEST_LIMIT = 8;

const NONE: readonly Suggestion[] = [];

/** Postcode districts and wards matching the typed text, from the gazetteer built from imported data. */
export function useSuggestions(api: PumpEtaApi, text: string, enabled: boolean) {
  const [found, setFound] = useState<{ items: readonly Suggestion[]; error: string | null }>({
    items: NONE,
    error: null,
  });
  const query = enabled ? text.trim() : '';

  useEffect(() => {
    if (!query) return;
    let current = true;
    const timer = setTimeout(() => {
      api.suggest(query, SUGGEST_LIMIT).then(
        (result) => {
          if (current)
            setFound(result.ok ? { items: result.value, error: null } : { items: NONE, error: result.error });
        },
        (e: unknown) => {
          if (current) setFound({ items: NONE, error: e instanceof Error ? e.message : String(e) });
        },
      );
    }, SUGGEST_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, query]);

  // The previous list stays while the next one is fetched, so it does not flicker as one types.
  return query ? found : { items: NONE, error: null };
}
