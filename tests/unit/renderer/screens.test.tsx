import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../../../renderer/src/api';
import { App } from '../../../renderer/src/App';
import { ImportReport } from '../../../renderer/src/features/import/ImportReport';
import { ModelsScreen } from '../../../renderer/src/features/models/ModelsScreen';
import { ThemeProvider } from '../../../renderer/src/theme';
import type { Comparison, PumpEtaApi } from '../../../contract/index.js';
import { fail, fakeApi, model, ok } from './fakeApi';

function renderApp(api: PumpEtaApi) {
  return render(
    <ThemeProvider>
      <ApiProvider api={api}>
        <App />
      </ApiProvider>
    </ThemeProvider>,
  );
}

describe('ImportReport', () => {
  it('shows counts, rejections by reason with examples, and unreadable files', () => {
    render(
      <ImportReport
        result={{
          files: [
            {
              file: 'incidents.csv',
              kind: 'incidents',
              rowsRead: 10,
              rowsImported: 7,
              rowsChanged: 0,
              rowsDuplicate: 1,
              rowsRejected: 2,
              rejected: { 'missing attendance time': 2 },
              examples: [
                {
                  reason: 'missing attendance time',
                  row: 4,
                  message: 'FirstPumpArriving_AttendanceTime is empty',
                },
              ],
            },
            {
              file: 'notes.txt',
              kind: 'unknown',
              rowsRead: 0,
              rowsImported: 0,
              rowsChanged: 0,
              rowsDuplicate: 0,
              rowsRejected: 0,
              rejected: {},
              examples: [],
              error: 'Not an LFB file.',
            },
          ],
        }}
      />,
    );
    expect(screen.getByTestId('rows-imported').textContent).toBe('7');
    expect(screen.getByText('missing attendance time')).toBeTruthy();
    expect(screen.getByText(/row 4: FirstPumpArriving_AttendanceTime is empty/)).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('Not an LFB file.');
  });
});

describe('App', () => {
  it('follows the menu and shows per-file progress, then the report, for dropped files', async () => {
    const api = fakeApi();
    renderApp(api);
    act(() => api.emitMenu({ type: 'navigate', view: 'data' }));
    expect(screen.getByRole('button', { name: 'Data' }).getAttribute('aria-current')).toBe('page');

    const file = new File(['IncidentNumber\n'], 'incidents.csv');
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', { value: { types: ['Files'], files: [file] } });
    act(() => void window.dispatchEvent(drop));
    await vi.waitFor(() => expect(api.importFiles).toHaveBeenCalledWith([file]));
    expect(screen.getByRole('button', { name: 'Import' }).getAttribute('aria-current')).toBe('page');

    act(() =>
      api.emitJob({
        type: 'progress',
        jobId: 'job-1',
        kind: 'import',
        phase: 'reading',
        done: 50,
        total: 100,
        file: 'incidents.csv',
        rows: 1,
      }),
    );
    expect((await screen.findByRole('progressbar', { name: 'incidents.csv' })).getAttribute('value')).toBe(
      '50',
    );
    act(() =>
      api.emitJob({
        type: 'done',
        jobId: 'job-1',
        kind: 'import',
        result: {
          files: [
            {
              file: 'incidents.csv',
              kind: 'incidents',
              rowsRead: 1,
              rowsImported: 1,
              rowsChanged: 0,
              rowsDuplicate: 0,
              rowsRejected: 0,
              rejected: {},
              examples: [],
            },
          ],
        },
      }),
    );
    expect(await screen.findByText('Import finished')).toBeTruthy();
  });

  it('shows why an import was refused', async () => {
    const api = fakeApi({ chooseAndImport: vi.fn(async () => fail('import at most 20 files at once')) });
    renderApp(api);
    act(() => api.emitMenu({ type: 'command', command: 'import' }));
    expect((await screen.findByRole('alert')).textContent).toContain('import at most 20 files at once');
  });
});

const comparison: Comparison = {
  id: 'c1',
  championId: 'champ',
  challengerId: 'cand',
  rows: 100,
  window: { from: '2023-11-01', to: '2023-12-31' },
  champion: { mae: 70 },
  challenger: { mae: 60 },
  maeDiffCi: [-12, -8],
  decision: { promote: true, reasons: ['MAE is 10 s lower'] },
  stations: [],
  sample: [],
};

describe('ModelsScreen', () => {
  it('shows that a second retrain is refused', async () => {
    const api = fakeApi({
      startTraining: vi.fn(async () => fail('A retrain is already running: wait for it or cancel it.')),
    });
    render(
      <ApiProvider api={api}>
        <ModelsScreen active jobs={{}} onChampionChanged={() => undefined} />
      </ApiProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Retrain on imported data' }));
    expect((await screen.findByRole('alert')).textContent).toContain('already running');
  });

  it('shows live training progress: tree k of n and the validation loss', () => {
    const api = fakeApi();
    render(
      <ApiProvider api={api}>
        <ModelsScreen
          active={false}

          onChampionChanged={() => undefined}
          jobs={{
            t: {
              jobId: 't',
              kind: 'training',
              status: 'running',
              progress: [{ key: 'run', phase: 'point', done: 40, total: 200 }],
              losses: [{ done: 40, loss: 81.234 }],
              logs: [],
              result: null,
              error: null,
            },
          }}
        />
      </ApiProvider>,
    );
    expect(screen.getByText('ETA model: tree 40 of 200')).toBeTruthy();
    expect(screen.getByText('validation loss 81.2 s')).toBeTruthy();
  });

  it('promotes only after confirmation, then reports the new champion', async () => {
    const candidate = model({ id: 'cand', status: 'candidate', createdAt: '2026-12-01T00:00:00Z' });
    const api = fakeApi({
      listModels: vi.fn(async () => ok([model({ id: 'champ' }), candidate])),
      compare: vi.fn(async () => ok(comparison)),
      promote: vi.fn(async () => ok(comparison)),
    });
    const onChampionChanged = vi.fn();
    render(
      <ApiProvider api={api}>
        <ModelsScreen active jobs={{}} onChampionChanged={onChampionChanged} />
      </ApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Compare' }));
    expect(await screen.findByText('The promotion policy allows this challenger')).toBeTruthy();
    fireEvent.click(screen.getAllByRole('button', { name: 'Promote…' })[0]!);
    expect(api.promote).not.toHaveBeenCalled();
    fireEvent.click(await screen.findByRole('button', { name: 'Promote' }));
    await vi.waitFor(() => expect(api.promote).toHaveBeenCalledWith('cand', false));
    expect(await screen.findByText('Model cand is now the champion.')).toBeTruthy();
    expect(onChampionChanged).toHaveBeenCalled();
    // The comparison was of the pair before the switch: it is gone, with its Promote… button.
    expect(screen.queryByText('The promotion policy allows this challenger')).toBeNull();
  });

  it('closes the confirmation when the promotion is refused, so the refusal is read on the screen', async () => {
    const candidate = model({ id: 'cand', status: 'candidate', createdAt: '2026-12-01T00:00:00Z' });
    const api = fakeApi({
      listModels: vi.fn(async () => ok([model({ id: 'champ' }), candidate])),
      compare: vi.fn(async () => ok(comparison)),
      promote: vi.fn(async () => ({
        ok: false as const,
        error: 'Not promoted: the champion changed meanwhile',
      })),
    });
    render(
      <ApiProvider api={api}>
        <ModelsScreen active jobs={{}} onChampionChanged={() => undefined} />
      </ApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Compare' }));
    fireEvent.click((await screen.findAllByRole('button', { name: 'Promote…' }))[0]!);
    fireEvent.click(await screen.findByRole('button', { name: 'Promote' }));
    expect(await screen.findByText('Not promoted: the champion changed meanwhile')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('runs Model → Rollback… from the menu through a confirmation', async () => {
    const api = fakeApi({
      listModels: vi.fn(async () =>
        ok([
          model({ id: 'champ', parentId: 'old' }),
          model({ id: 'newer', status: 'retired', createdAt: '2026-11-20T10:00:00Z' }),
          model({ id: 'old', status: 'retired', rollbackTarget: true }),
        ]),
      ),
      rollback: vi.fn(async () => ok(model({ id: 'old' }))),
    });
    render(
      <ApiProvider api={api}>
        <ModelsScreen active jobs={{}} onChampionChanged={() => undefined} />
      </ApiProvider>,
    );
    await screen.findByText('old');
    act(() => api.emitMenu({ type: 'command', command: 'rollback' }));
    expect(await screen.findByText('Roll back to model old?')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Roll back' }));
    await vi.waitFor(() => expect(api.rollback).toHaveBeenCalledWith('old'));
    expect(await screen.findByText('Rolled back: model old is the champion again.')).toBeTruthy();
  });

  it('marks a model that was put in service by a forced promotion', async () => {
    const api = fakeApi({
      listModels: vi.fn(async () =>
        ok([model({ id: 'forced1', forcedPromotion: true }), model({ id: 'plain1', status: 'retired' })]),
      ),
    });
    render(
      <ApiProvider api={api}>
        <ModelsScreen active jobs={{}} onChampionChanged={() => undefined} />
      </ApiProvider>,
    );
    const forcedRow = (await screen.findByText('forced1')).closest('tr')!;
    expect(within(forcedRow).getByText('Forced')).toBeTruthy();
    expect(within(screen.getByText('plain1').closest('tr')!).queryByText('Forced')).toBeNull();
  });

  it('names no model and rolls nothing back when the only earlier model is the demo model', async () => {
    const api = fakeApi({
      listModels: vi.fn(async () =>
        ok([
          model({ id: 'champ', parentId: 'demo' }),
          model({ id: 'demo', status: 'retired', isDemo: true }),
        ]),
      ),
    });
    render(
      <ApiProvider api={api}>
        <ModelsScreen active jobs={{}} onChampionChanged={() => undefined} />
      </ApiProvider>,
    );
    await screen.findByText('demo');
    act(() => api.emitMenu({ type: 'command', command: 'rollback' }));
    expect(await screen.findByText(/There is no earlier trained model to roll back to/)).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.rollback).not.toHaveBeenCalled();
  });

  it('says so before a rollback puts the synthetic demo model back in service', async () => {
    const api = fakeApi({
      listModels: vi.fn(async () =>
        ok([
          model({ id: 'champ', parentId: 'demo' }),
          model({ id: 'demo', status: 'retired', isDemo: true }),
        ]),
      ),
      rollback: vi.fn(async () => ok(model({ id: 'demo', isDemo: true }))),
    });
    render(
      <ApiProvider api={api}>
        <ModelsScreen active jobs={{}} onChampionChanged={() => undefined} />
      </ApiProvider>,
    );
    await screen.findByText('demo');
    // Only on purpose: from the demo model's own row (a plain rollback never takes it).
    const demoRow = screen.getByText('demo').closest('tr')!;
    fireEvent.click(within(demoRow).getByRole('button', { name: 'Roll back to this…' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toMatch(/This is the DEMO model.*synthetic data.*demonstration answers/);
    fireEvent.click(screen.getByRole('button', { name: 'Roll back to the demo model' }));
    await vi.waitFor(() => expect(api.rollback).toHaveBeenCalledWith('demo'));
  });
});
