import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  useDebouncedPrediction,
  type PredictionInput,
} from '../../../renderer/src/features/incident/useDebouncedPrediction';
import type { Prediction, Result } from '../../../contract/index.js';
import { fail, fakeApi, ok, prediction } from './fakeApi';

const input = (value: string): PredictionInput => ({
  request: { location: { kind: 'postcodeDistrict', value }, pumpOrder: 1 },
  incident: { location: { kind: 'postcodeDistrict', value } },
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('useDebouncedPrediction', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits for the form to be still, then asks once for the ETA and the ranking', async () => {
    const api = fakeApi();
    const { result, rerender } = renderHook(({ value }) => useDebouncedPrediction(api, input(value), 250), {
      initialProps: { value: 'S' },
    });
    rerender({ value: 'SE' });
    rerender({ value: 'SE1' });
    expect(result.current.status).toBe('loading');
    await act(async () => void vi.advanceTimersByTime(249));
    expect(api.predict).not.toHaveBeenCalled();
    await act(async () => void vi.advanceTimersByTime(1));
    expect(api.predict).toHaveBeenCalledTimes(1);
    expect(api.predict).toHaveBeenCalledWith(input('SE1').request);
    expect(api.rankStations).toHaveBeenCalledWith(input('SE1').incident);
    expect(result.current.status).toBe('ready');
    expect(result.current.prediction?.etaSeconds).toBe(312);
  });

  it('drops an answer that arrives after the form changed', async () => {
    const slow = deferred<Result<Prediction>>();
    const predict = vi
      .fn()
      .mockReturnValueOnce(slow.promise)
      .mockResolvedValueOnce(ok(prediction({ etaSeconds: 200 })));
    const api = fakeApi({ predict });
    const { result, rerender } = renderHook(({ value }) => useDebouncedPrediction(api, input(value), 10), {
      initialProps: { value: 'E1' },
    });
    await act(async () => void vi.advanceTimersByTime(10));
    rerender({ value: 'E14' });
    await act(async () => void vi.advanceTimersByTime(10));
    expect(result.current.prediction?.etaSeconds).toBe(200);
    await act(async () => slow.resolve(ok(prediction({ etaSeconds: 999 }))));
    expect(result.current.prediction?.etaSeconds).toBe(200);
  });

  it('shows the core’s message when the request is refused', async () => {
    const api = fakeApi({ predict: vi.fn(async () => fail("location: unknown postcode district 'ZZ9'")) });
    const { result } = renderHook(() => useDebouncedPrediction(api, input('ZZ9'), 10));
    await act(async () => void vi.advanceTimersByTime(10));
    expect(result.current.status).toBe('error');
    expect(result.current.error).toBe("location: unknown postcode district 'ZZ9'");
    expect(result.current.prediction).toBeNull();
  });

  it('is idle without a complete form and never calls the core', async () => {
    const api = fakeApi();
    const { result } = renderHook(() => useDebouncedPrediction(api, null, 10));
    await act(async () => void vi.advanceTimersByTime(50));
    expect(result.current.status).toBe('idle');
    expect(api.predict).not.toHaveBeenCalled();
  });
});
