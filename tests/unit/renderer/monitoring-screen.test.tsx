import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../../../renderer/src/api';
import { MonitoringScreen } from '../../../renderer/src/features/monitoring/MonitoringScreen';
import type { MonitorReport } from '../../../contract/index.js';
import { fail, fakeApi, ok } from './fakeApi';

const base: MonitorReport = {
  modelId: 'abc123def456',
  isDemo: false,
  state: 'ready',
  trainedFrom: '2018-01-01T00:00:00Z',
  trainedTo: '2018-11-05T00:00:00Z',
  scoredAfter: '2018-12-30T00:00:00Z',
  computedAt: '2026-12-04T08:00:00Z',
  holdout: { mae: 71.5, low: 69.8, high: 73.1, rows: 8_877 },
  months: [
    {
      month: '2019-01',
      vehicles: 5_341,
      mae: 71.2,
      maeLow: 69.0,
      maeHigh: 73.4,
      bias: -18.9,
      p90Coverage: 0.88,
      flagPrecision: 0.17,
      flagRecall: 0.68,
      flagFireRate: 0.2,
      withinTargetBrier: 0.129,
    },
  ],
  newestMonth: '2019-01',
  stations: [
    {
      code: 'A24',
      name: 'Soho',
      vehicles: 197,
      mae: 107.1,
      bias: -101.3,
      holdoutMae: 76.8,
      holdoutBias: -51.9,
      biasShift: -58.3,
      shifted: true,
    },
  ],
  drift: [
    { feature: 'ward', psi: 0.04, level: 'stable', seasonal: false, notInTrainingWindow: false, movers: [] },
    {
      feature: 'wind_kmh',
      psi: null,
      level: null,
      seasonal: false,
      notInTrainingWindow: true,
      movers: [],
    },
  ],
  newCategories: [{ feature: 'station', category: 'Z99', vehicles: 137, firstMonth: '2019-01' }],
  vehicles: 5_341,
  unscored: 137,
  problem: null,
  advice: {
    retrain: true,
    sentence:
      'MAE on January 2019’s 5,341 vehicles is as at training; 1 station opened since; retraining is recommended.',
    reasons: ['vehicles from 1 station the model never saw: Z99 (137)'],
  },
};

function show(
  monitor: () => Promise<ReturnType<typeof ok<MonitorReport>>>,
  startTraining = vi.fn(async () => ok({ jobId: 't' })),
) {
  render(
    <ApiProvider api={fakeApi({ monitor, startTraining })}>
      <MonitoringScreen active={false} jobs={{}} refreshKey={0} onOpenModels={() => {}} />
    </ApiProvider>,
  );
  return { startTraining };
}

describe('MonitoringScreen', () => {
  it('shows the advice, the tables and starts a retrain from beside the advice', async () => {
    const { startTraining } = show(vi.fn(async () => ok(base)));
    expect(await screen.findByText(/retraining is recommended/)).toBeTruthy();
    expect(screen.getByText(/Z99 \(137\)/)).toBeTruthy();
    expect(screen.getByRole('row', { name: /Soho \(A24\).*slower than expected/ })).toBeTruthy();
    expect(screen.getByRole('row', { name: /^2019-01 5,341/ })).toBeTruthy();
    // An input the training window never held shows no drift, only why.
    expect(
      screen.getByRole('row', { name: /^wind_kmh – not in the training window: not used by this model$/ }),
    ).toBeTruthy();
    expect(screen.getByRole('row', { name: /^ward 0\.040 stable/ })).toBeTruthy();
    expect(screen.getByText(/137 vehicles came from stations the model cannot place/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Retrain' }));
    await waitFor(() => expect(startTraining).toHaveBeenCalledTimes(1));
    expect(await screen.findByText(/A retrain is running/)).toBeTruthy();
  });

  it('says in words when there is nothing newer yet, and shows no tables', async () => {
    const empty: MonitorReport = {
      ...base,
      state: 'no-new-data',
      months: [],
      stations: [],
      drift: [],
      newCategories: [],
      newestMonth: null,
      advice: { retrain: false, sentence: 'No vehicles newer than the training window yet.', reasons: [] },
    };
    show(vi.fn(async () => ok(empty)));
    expect(await screen.findByText('No vehicles newer than the training window yet.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows a failure to read the report as it came', async () => {
    show(vi.fn(async () => fail('the database is locked')) as never);
    expect(await screen.findByText('the database is locked')).toBeTruthy();
  });
});
