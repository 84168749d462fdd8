import { useState } from 'react';
import type { FleetStatus } from '../../../../contract/index.js';
import { isTrouble, noticeSentence, statusKey } from './fleetText';
import './fleet.css';

/**
 * One sentence under the header when the shared folder could not give this workstation a model (refused
 * or unreachable). Not a modal: dispatchers keep working. Dismissed, it stays away until the status changes.
 */
export function FleetNotice({ status }: { status: FleetStatus | null }) {
  const [dismissed, setDismissed] = useState<string | null>(null);
  if (!status || !isTrouble(status)) return null;
  const key = statusKey(status);
  if (dismissed === key) return null;
  return (
    <div className="fleet-notice" role="status" data-testid="fleet-notice">
      <span className="fleet-notice-text">{noticeSentence(status)}</span>
      <button
        type="button"
        className="button button-quiet button-small"
        onClick={() => setDismissed(key)}
        aria-label="Dismiss this notice"
      >
        Dismiss
      </button>
    </div>
  );
}
