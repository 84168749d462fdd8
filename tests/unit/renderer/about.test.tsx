import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../../../renderer/src/api';
import { AboutDialog } from '../../../renderer/src/features/about/AboutDialog';
import { DEFAULT_SETTINGS } from '../../../contract/index';
import { fakeApi, fleetStatus, ok } from './fakeApi';

const ROAMING = 'C:\\Users\\d1\\AppData\\Roaming\\Pump ETA\\history.sqlite';
const NOTE =
  'The history is in the roaming profile (C:\\Users\\d1\\AppData\\Roaming\\Pump ETA), where earlier versions kept it, and is used there.';

function about(databaseNote?: string) {
  const info = {
    appVersion: '0.1.0',
    versions: {},
    model: null,
    databasePath: ROAMING,
    predictionLogRetentionDays: 90,
    fleet: {
      settings: DEFAULT_SETTINGS,
      settingsFile: 'C:\\Users\\d1\\AppData\\Local\\Pump ETA\\settings.json',
      settingsWarning: null,
      status: fleetStatus(),
    },
  };
  return vi.fn(async () => ok(databaseNote ? { ...info, databaseNote } : info));
}

describe('About: where the database is', () => {
  it('shows the path, and why it is not where it belongs when the core says so', async () => {
    render(
      <ApiProvider api={fakeApi({ about: about(NOTE) })}>
        <AboutDialog open onClose={() => undefined} />
      </ApiProvider>,
    );
    expect(await screen.findByText(ROAMING)).toBeTruthy();
    expect(screen.getByText(NOTE)).toBeTruthy();
  });

  it('shows only the path otherwise', async () => {
    render(
      <ApiProvider api={fakeApi({ about: about() })}>
        <AboutDialog open onClose={() => undefined} />
      </ApiProvider>,
    );
    expect(await screen.findByText(ROAMING)).toBeTruthy();
    expect(screen.queryByText(/roaming profile/)).toBeNull();
  });
});
