import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../../../renderer/src/api';
import { DataScreen } from '../../../renderer/src/features/data/DataScreen';
import { ImportReport } from '../../../renderer/src/features/import/ImportReport';
import type { DataSummary } from '../../../contract/index.js';
import { fail, fakeApi, ok } from './fakeApi';

const summary = (undoneAt: string | null = null): DataSummary => ({
  imports: [
    {
      id: 2,
      fileName: 'incidents-2023.csv',
      kind: 'incidents',
      finishedAt: '2026-11-28T10:00:00Z',
      rowsImported: 0,
      rowsChanged: 12,
      rowsDuplicate: 9_988,
      rowsRejected: 0,
      acceptPartial: false,
      undoneAt,
    },
  ],
  counts: { incidents: 10_000 },
  range: { from: '2023-01-01', to: '2023-12-31' },
  weather: {
    hours: 8_757,
    firstHour: '2023-01-01T00:00:00.000Z',
    lastHour: '2023-12-31T23:00:00.000Z',
    gaps: 3,
    sources: [
      { source: 'visual-crossing', hours: 8_000 },
      { source: 'open-meteo', hours: 757 },
    ],
  },
});

describe('DataScreen: undo an import', () => {
  it('asks first, saying what undo does, then undoes and shows the result', async () => {
    let undone = false;
    const dataSummary = vi.fn(async () => ok(summary(undone ? '2026-11-28T11:00:00Z' : null)));
    const undoImport = vi.fn(async () => {
      undone = true;
      return ok({ id: 2, fileName: 'incidents-2023.csv', kind: 'incidents', removed: 0, restored: 12 });
    });
    const onUndone = vi.fn();
    render(
      <ApiProvider api={fakeApi({ dataSummary, undoImport })}>
        <DataScreen active refreshKey={0} onUndone={onUndone} />
      </ApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Undo import 2 (incidents-2023.csv)' }));
    expect(undoImport).not.toHaveBeenCalled();
    const dialog = screen.getByRole('dialog', { hidden: true });
    expect(dialog.textContent).toMatch(
      /Puts back the earlier versions of the 12 incidents it corrected \(it added none\)\./,
    );
    expect(dialog.textContent).not.toMatch(/\b0 /);
    expect(dialog.textContent).toMatch(/Models in service and their history are not changed/);
    fireEvent.click(screen.getByRole('button', { name: 'Undo import', hidden: true }));
    await waitFor(() => expect(undoImport).toHaveBeenCalledWith(2));
    expect(await screen.findByText('Import 2 undone')).toBeTruthy();
    expect(await screen.findByText(/^undone /)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Undo import 2/ })).toBeNull();
    // The maps read the history again (an undone boundaries file leaves them).
    expect(onUndone).toHaveBeenCalledTimes(1);
  });

  it('cancelling changes nothing; a refusal is shown as it came', async () => {
    const undoImport = vi.fn(async () =>
      fail(
        'Import not undone: import 2 (incidents-2023.csv) has rows that later import(s) 3 changed: undo that first.',
      ),
    );
    const onUndone = vi.fn();
    render(
      <ApiProvider api={fakeApi({ dataSummary: vi.fn(async () => ok(summary())), undoImport })}>
        <DataScreen active refreshKey={0} onUndone={onUndone} />
      </ApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: /Undo import 2/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel', hidden: true }));
    expect(undoImport).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: /Undo import 2/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Undo import', hidden: true }));
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /later import\(s\) 3 changed: undo that first/,
    );
    expect(onUndone).not.toHaveBeenCalled();
  });
});

describe('DataScreen: the stored weather hours', () => {
  it('shows their span, count, gaps and providers; with none, says what that means', async () => {
    const { unmount } = render(
      <ApiProvider api={fakeApi({ dataSummary: vi.fn(async () => ok(summary())) })}>
        <DataScreen active refreshKey={0} />
      </ApiProvider>,
    );
    const overview = await screen.findByRole('region', { name: 'Data overview' });
    await waitFor(() =>
      expect(overview.textContent).toContain(
        'Weather: 8,757 hours from 2023-01-01 00:00 UTC to 2023-12-31 23:00 UTC; 3 hours missing in between ' +
          '(gaps: calls in them have no weather); from Visual Crossing (8,000 hours), Open-Meteo (757 hours)',
      ),
    );
    unmount();
    const none = {
      ...summary(),
      weather: { hours: 0, firstHour: null, lastHour: null, gaps: 0, sources: [] },
    };
    render(
      <ApiProvider api={fakeApi({ dataSummary: vi.fn(async () => ok(none)) })}>
        <DataScreen active refreshKey={0} />
      </ApiProvider>,
    );
    const empty = await screen.findByRole('region', { name: 'Data overview' });
    await waitFor(() => expect(empty.textContent).toContain('Weather: none imported'));
  });

  it('asks to undo a weather import in weather hours, a zero count in words', async () => {
    const weatherImport = {
      ...summary().imports[0]!,
      id: 5,
      fileName: 'weather.csv',
      kind: 'weather',
      rowsImported: 24,
      rowsChanged: 0,
    };
    render(
      <ApiProvider
        api={fakeApi({ dataSummary: vi.fn(async () => ok({ ...summary(), imports: [weatherImport] })) })}
      >
        <DataScreen active refreshKey={0} />
      </ApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Undo import 5 (weather.csv)' }));
    const dialog = screen.getByRole('dialog', { hidden: true });
    expect(dialog.textContent).toContain('Removes the 24 weather hours it added (it corrected none).');
    expect(dialog.textContent).not.toMatch(/\b0 |the 0|weather it/);
  });
});

describe('ImportReport: a refused file may be imported anyway, after a confirmation', () => {
  it('shows the reason again and imports only when confirmed', () => {
    const onImportAnyway = vi.fn();
    const reason =
      'renamed.csv: lacks column(s) the model learns from: the attendance time (FirstPumpArriving_AttendanceTime); nothing was imported';
    render(
      <ImportReport
        onImportAnyway={onImportAnyway}
        result={{
          files: [
            {
              file: '/data/renamed.csv',
              kind: 'unknown',
              rowsRead: 0,
              rowsImported: 0,
              rowsChanged: 0,
              rowsDuplicate: 0,
              rowsRejected: 0,
              rejected: {},
              examples: [],
              error: reason,
              retryId: 'r-1',
            },
            {
              file: '/data/photo.xlsx',
              kind: 'unknown',
              rowsRead: 0,
              rowsImported: 0,
              rowsChanged: 0,
              rowsDuplicate: 0,
              rowsRejected: 0,
              rejected: {},
              examples: [],
              error: 'photo.xlsx: the file is a PNG image, not a spreadsheet',
            },
          ],
        }}
      />,
    );
    // Only the file whose refusal can be overridden offers it.
    expect(screen.getAllByRole('button', { name: 'Import anyway…' })).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Import anyway…' }));
    expect(onImportAnyway).not.toHaveBeenCalled();
    expect(screen.getByRole('dialog', { hidden: true }).textContent).toContain(reason);
    fireEvent.click(screen.getByRole('button', { name: 'Import as partial', hidden: true }));
    expect(onImportAnyway).toHaveBeenCalledWith('r-1', 'renamed.csv');
  });

  it('shows corrections, waiting mobilisations and a partial acceptance', () => {
    render(
      <ImportReport
        result={{
          files: [
            {
              file: 'mob.csv',
              kind: 'mobilisations',
              rowsRead: 100,
              rowsImported: 90,
              rowsChanged: 10,
              rowsDuplicate: 0,
              rowsRejected: 0,
              rejected: {},
              examples: [],
              changedFields: [{ field: 'attendance_seconds', rows: 10 }],
              waitingForIncidents: 40,
              acceptedPartial: ['rejected_share'],
              notes: [
                "Dates read month first (US order): 3 date(s) such as '03/19/2023' can only be read that way.",
              ],
            },
          ],
        }}
      />,
    );
    expect(screen.getByTestId('rows-changed').textContent).toBe('10');
    expect(screen.getByText(/Corrected most often: attendance_seconds \(10\)/)).toBeTruthy();
    expect(screen.getByText(/40 mobilisation\(s\) wait for their incidents/)).toBeTruthy();
    expect(screen.getByText(/Imported anyway \(more than 5 % of rows rejected\)/)).toBeTruthy();
    expect(screen.getByText(/Dates read month first \(US order\)/)).toBeTruthy();
  });
});
