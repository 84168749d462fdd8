import { act, render, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useFileDrop } from '../../../renderer/src/hooks/useFileDrop';
import { useJobEvents } from '../../../renderer/src/hooks/useJobEvents';
import { useResult } from '../../../renderer/src/hooks/useResult';
import { fail, fakeApi, ok } from './fakeApi';

describe('useJobEvents', () => {
  it('folds events into per-job state and unsubscribes on unmount', () => {
    const api = fakeApi();
    const { result, unmount } = renderHook(() => useJobEvents(api));
    expect(api.listenerCount()).toBe(1);
    act(() =>
      api.emitJob({
        type: 'progress',
        jobId: 'j',
        kind: 'import',
        phase: 'reading',
        done: 1,
        total: 4,
        file: 'a.csv',
        rows: 10,
      }),
    );
    expect(result.current.j?.progress[0]?.done).toBe(1);
    act(() => api.emitJob({ type: 'done', jobId: 'j', kind: 'import', result: { files: [] } }));
    expect(result.current.j?.status).toBe('done');
    unmount();
    expect(api.listenerCount()).toBe(0);
  });
});

describe('useResult', () => {
  it('exposes the value or the error message, and reloads on demand', async () => {
    const load = vi
      .fn()
      .mockResolvedValueOnce(fail('The database is locked: close the CLI and try again.'))
      .mockResolvedValueOnce(ok(42));
    const { result } = renderHook(() => useResult(load));
    await vi.waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.error).toBe('The database is locked: close the CLI and try again.');
    act(() => result.current.reload());
    await vi.waitFor(() => expect(result.current.value).toBe(42));
    expect(result.current.error).toBeNull();
  });
});

function dropEvent(type: string, files: File[]): Event {
  const event = new Event(type, { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'dataTransfer', { value: { types: ['Files'], files, dropEffect: 'none' } });
  return event;
}

describe('useFileDrop', () => {
  it('shows the overlay while files are dragged and hands over dropped files', () => {
    const onFiles = vi.fn();
    let dragging = false;
    function Probe() {
      dragging = useFileDrop(onFiles);
      return null;
    }
    render(<Probe />);
    const file = new File(['x'], 'incidents.csv');
    act(() => void window.dispatchEvent(dropEvent('dragenter', [file])));
    expect(dragging).toBe(true);
    const drop = dropEvent('drop', [file]);
    act(() => void window.dispatchEvent(drop));
    expect(drop.defaultPrevented).toBe(true);
    expect(dragging).toBe(false);
    expect(onFiles).toHaveBeenCalledWith([file]);
  });

  it('ignores drags that carry no files', () => {
    const onFiles = vi.fn();
    function Probe() {
      useFileDrop(onFiles);
      return null;
    }
    render(<Probe />);
    const event = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(event, 'dataTransfer', { value: { types: ['text/plain'], files: [] } });
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
    expect(onFiles).not.toHaveBeenCalled();
  });
});
