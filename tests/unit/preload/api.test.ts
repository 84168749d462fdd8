import { describe, expect, it, vi } from 'vitest';
import { createPumpEtaApi, type Transport } from '../../../preload/api.js';
import { DEFAULT_SETTINGS } from '../../../contract/index.js';

function transport() {
  const t = {
    invoke: vi.fn(async () => ({ ok: true as const, value: null })),
    onJobEvent: vi.fn(() => () => undefined),
    onMenu: vi.fn(() => () => undefined),
    onFleetEvent: vi.fn(() => () => undefined),
    importFiles: vi.fn(async () => ({ ok: true as const, value: { jobId: 'j' } })),
  };
  return t as typeof t & Transport;
}

describe('createPumpEtaApi', () => {
  it('sends each intent on its channel with an object payload the schemas accept', async () => {
    const t = transport();
    const api = createPumpEtaApi(t);
    await api.suggest('SE');
    await api.suggest('SE', 5);
    await api.startTraining();
    await api.promote('abc');
    await api.promote('abc', true);
    await api.rollback();
    await api.compare('def');
    await api.stations();
    await api.publish();
    await api.publish('abc');
    await api.syncNow();
    await api.saveSettings(DEFAULT_SETTINGS);
    expect(t.invoke.mock.calls).toEqual([
      ['suggest', { query: 'SE' }],
      ['suggest', { query: 'SE', limit: 5 }],
      ['startTraining', {}],
      ['promote', { id: 'abc', force: false }],
      ['promote', { id: 'abc', force: true }],
      ['rollback', {}],
      ['compare', { challengerId: 'def' }],
      ['stations', {}],
      ['publish', {}],
      ['publish', { id: 'abc' }],
      ['syncNow', {}],
      ['saveSettings', DEFAULT_SETTINGS],
    ]);
  });

  it('passes subscriptions through, returning their unsubscribe', () => {
    const t = transport();
    const off = vi.fn();
    t.onJobEvent.mockReturnValue(off);
    const unsubscribe = createPumpEtaApi(t).onJobEvent(() => undefined);
    unsubscribe();
    expect(off).toHaveBeenCalled();
  });
});
