import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import L from 'leaflet';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../../../renderer/src/api';
import { CoverScreen } from '../../../renderer/src/features/maps/CoverScreen';
import { IncidentMap, mapChoices } from '../../../renderer/src/features/maps/IncidentMap';
import type { PumpEtaApi } from '../../../contract/index.js';
import type { CoverRequest, CoverResult, MapBase, StationPoint } from '../../../contract/maps.js';
import { fail, fakeApi, ok, prediction } from './fakeApi';

const SLOW = { timeout: 5_000 };

const STATIONS: StationPoint[] = [
  { code: 'A21', name: 'Soho', easting: 529_600, northing: 181_000, servable: true },
  { code: 'A23', name: 'Euston', easting: 529_300, northing: 182_600, servable: true },
  { code: 'G30', name: 'Lambeth', easting: 530_900, northing: 178_700, servable: true },
  { code: 'A24', name: 'Dowgate', easting: 532_600, northing: 180_900, servable: true },
  { code: 'Z99', name: 'Training centre', easting: 520_000, northing: 170_000, servable: false },
];
const BASE: MapBase = { backdrop: null, stations: STATIONS, boundaries: [] };

const ranking = [
  prediction({ station: { code: 'A21', name: 'Soho' }, etaSeconds: 215 }),
  prediction({ station: { code: 'A23', name: 'Euston' }, etaSeconds: 304 }),
  prediction({
    station: { code: 'G30', name: 'Lambeth' },
    etaSeconds: 377,
    underestimationRisk: true,
    beyondExperience: true,
  }),
  prediction({ station: { code: 'A24', name: 'Dowgate' }, etaSeconds: 422 }),
  prediction({ station: { code: 'X00', name: 'Not on the map' }, etaSeconds: 500 }),
];

afterEach(() => vi.restoreAllMocks());

describe('mapChoices', () => {
  it('puts the deploying station first, then the fastest others, skipping stations without a position', () => {
    const choices = mapChoices(STATIONS, ranking, 'A23');
    expect(choices.map((c) => [c.station.code, c.deploying])).toEqual([
      ['A23', true],
      ['A21', false],
      ['G30', false],
      ['A24', false],
    ]);
    expect(mapChoices(STATIONS, ranking, 'A21', 1).map((c) => c.station.code)).toEqual(['A21', 'A23']);
  });
});

describe('IncidentMap', () => {
  const props = {
    base: BASE,
    ranking,
    deployingCode: 'A21',
    stale: false,
  };

  it('labels the deploying station and the next best with their ETAs; Enter on one deploys it', () => {
    const onDeploy = vi.fn();
    render(<IncidentMap {...props} incident={{ easting: 529_650, northing: 181_050 }} onDeploy={onDeploy} />);
    expect(screen.getByLabelText('Soho, deploying, ETA 3:35')).toBeTruthy();
    const euston = screen.getByRole('button', { name: 'Deploy Euston, ETA 5:04' });
    expect(euston.getAttribute('tabindex')).toBe('0');
    // Beyond the target: said, and shown in the warning colour, as in the ranking.
    const dowgate = screen.getByRole('button', {
      name: 'Deploy Dowgate, ETA 7:02, beyond the 6 minute target',
    });
    expect(dowgate.closest('.map-pin-late')).toBeTruthy();
    expect(screen.getByLabelText('Incident at 529650, 181050')).toBeTruthy();
    // The ranking's marks are on the labels too: the risk flag and FAR.
    const lambeth = screen.getByRole('button', {
      name: "Deploy Lambeth, ETA 6:17, beyond the 6 minute target, may be too low, beyond the model's experience",
    });
    expect(lambeth.textContent).toContain('6:17 ⚠ FAR');
    fireEvent.keyDown(euston, { key: 'Enter' });
    expect(onDeploy).toHaveBeenCalledWith('A23');
  });

  it('draws every station as a dot, and a click on one deploys it', () => {
    const onDeploy = vi.fn();
    const { container } = render(
      <IncidentMap {...props} incident={{ easting: 529_650, northing: 181_050 }} onDeploy={onDeploy} />,
    );
    expect(container.querySelectorAll('path.map-station')).toHaveLength(STATIONS.length);
    const lambeth = container.querySelector('path.map-station-G30');
    expect(lambeth).not.toBeNull();
    fireEvent.click(lambeth!);
    expect(onDeploy).toHaveBeenCalledWith('G30');
  });

  it('draws imported boundaries and names them', () => {
    const square = (e: number, n: number) => [e, n, e + 1000, n, e + 1000, n + 1000, e, n + 1000, e, n];
    const withBoundaries: MapBase = {
      ...BASE,
      boundaries: [
        {
          id: 1,
          name: 'boroughs.geojson',
          areas: [
            { name: 'Westminster', rings: [square(529_000, 180_500)] },
            { name: 'Camden', rings: [square(529_000, 181_500)] },
          ],
        },
      ],
    };
    const { container } = render(
      <IncidentMap
        {...props}
        base={withBoundaries}
        incident={{ easting: 529_650, northing: 181_050 }}
        onDeploy={vi.fn()}
      />,
    );
    expect(container.querySelectorAll('path.map-boundary')).toHaveLength(2);
    expect(screen.getByTestId('incident-map-caption').textContent).toContain(
      'Boundaries: boroughs.geojson (2 areas).',
    );
  });

  it('moves the incident without making a new map as the form changes', () => {
    const created = vi.spyOn(L, 'map');
    const onDeploy = vi.fn();
    const { rerender } = render(
      <IncidentMap {...props} incident={{ easting: 529_650, northing: 181_050 }} onDeploy={onDeploy} />,
    );
    for (let step = 1; step <= 5; step += 1)
      rerender(
        <IncidentMap
          {...props}
          incident={{ easting: 529_650 + step * 100, northing: 181_050 }}
          onDeploy={onDeploy}
        />,
      );
    expect(created).toHaveBeenCalledTimes(1);
    expect(screen.getByLabelText('Incident at 530150, 181050')).toBeTruthy();
    expect(screen.queryByLabelText('Incident at 529650, 181050')).toBeNull();
  });

  it('frames a new place only with its own answer, never with the stations of the previous one', () => {
    const fitted: L.LatLngBounds[] = [];
    const fit = L.Map.prototype.fitBounds;
    vi.spyOn(L.Map.prototype, 'fitBounds').mockImplementation(function (this: L.Map, bounds, options) {
      fitted.push(L.latLngBounds(bounds as L.LatLngTuple[]));
      return fit.call(this, bounds, options);
    });
    const onDeploy = vi.fn();
    const here = { easting: 529_650, northing: 181_050 };
    // Heathrow, 22 km west: the answer for it comes later.
    const there = { easting: 507_500, northing: 176_000 };
    const { rerender } = render(<IncidentMap {...props} incident={here} onDeploy={onDeploy} />);
    // London's box when the map is made, then the first place with its answer.
    const framed = fitted.length;
    expect(fitted.at(-1)!.contains(L.latLng(here.northing, here.easting))).toBe(true);
    // Typed: the pin moves, the previous answer is still shown (stale), the view is not framed on it.
    rerender(<IncidentMap {...props} incident={there} stale onDeploy={onDeploy} />);
    expect(fitted).toHaveLength(framed);
    // The answer for the new place arrives: framed around it.
    const heathrow = [prediction({ station: { code: 'A21', name: 'Soho' }, etaSeconds: 1500 })];
    rerender(<IncidentMap {...props} ranking={heathrow} incident={there} onDeploy={onDeploy} />);
    expect(fitted).toHaveLength(framed + 1);
    expect(fitted.at(-1)!.contains(L.latLng(there.northing, there.easting))).toBe(true);
  });
});

function coverFor(request: CoverRequest): CoverResult {
  // The cell at (529 600, 181 200) is Soho's, unless Soho is out: then Euston's, later.
  const sohoOut = (request.without ?? []).includes('A21');
  return {
    callTime: `${request.callTime} London time`,
    cellMetres: request.cellMetres ?? 500,
    bounds: { west: 529_000, south: 180_500, east: 530_000, north: 181_500 },
    columns: 2,
    rows: 2,
    bestEtaSeconds: sohoOut ? [330, 330, 420, 420] : [200, 200, 250, 250],
    bestStation: sohoOut ? [1, 1, 1, 1] : [0, 0, 0, 0],
    stations: STATIONS,
    without: request.without ?? [],
    incidentsOutOfReach: sohoOut
      ? { incidents: 1000, outOfReach: 150, share: 0.15 }
      : { incidents: 1000, outOfReach: 123, share: 0.123 },
    modelId: 'abc123',
    isDemoModel: false,
  };
}

describe('CoverScreen', () => {
  it('computes when shown, states the share, reads a place, and recomputes without a station', async () => {
    const cover = vi.fn(async (request: CoverRequest) => ok(coverFor(request)));
    const api = fakeApi({ mapBase: vi.fn(async () => ok(BASE)), cover });
    const { rerender } = render(
      <ApiProvider api={api}>
        <CoverScreen active={false} historyVersion={0} />
      </ApiProvider>,
    );
    // Hidden: nothing computed.
    await act(async () => new Promise((r) => setTimeout(r, 400)));
    expect(cover).not.toHaveBeenCalled();

    rerender(
      <ApiProvider api={api}>
        <CoverScreen active historyVersion={0} />
      </ApiProvider>,
    );
    const share = await screen.findByTestId('cover-share', {}, SLOW);
    expect(share.textContent).toBe(
      '12.3 % of the history’s incidents lie where no station reaches within 6 min (123 of 1,000).',
    );
    expect(cover).toHaveBeenCalledTimes(1);
    expect(cover.mock.calls[0]?.[0]).toMatchObject({ cellMetres: 500, without: [] });
    expect(cover.mock.calls[0]?.[0].callTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00$/);

    const readout = screen.getByRole('region', { name: 'Read a place' });
    fireEvent.change(within(readout).getByLabelText('Easting'), { target: { value: '529600' } });
    fireEvent.change(within(readout).getByLabelText('Northing'), { target: { value: '181200' } });
    fireEvent.click(within(readout).getByRole('button', { name: 'Read' }));
    const cell = screen.getByTestId('cover-cell');
    expect(cell.textContent).toMatch(
      /^529600, 181200 lies in the 500 m square centred at \d+, \d+: Best 3:20 \(200 s\) from Soho — within the 6 min target \(at the square's centre; the Incident screen answers for an exact place\)$/,
    );
    expect(cell.getAttribute('data-station')).toBe('A21');

    // Soho out: a new cover, the cell now Euston's and later, the share up.
    const unavailable = screen.getByLabelText('Stations unavailable') as HTMLSelectElement;
    const soho = within(unavailable).getByRole('option', { name: 'Soho' }) as HTMLOptionElement;
    soho.selected = true;
    fireEvent.change(unavailable);
    await waitFor(() => expect(cell.getAttribute('data-station')).toBe('A23'), SLOW);
    expect(cover.mock.calls.at(-1)?.[0]).toMatchObject({ without: ['A21'] });
    expect(cell.getAttribute('data-seconds')).toBe('330');
    expect(screen.getByTestId('cover-share').textContent).toMatch(/^15\.0 % /);
    expect(screen.getByText('Unavailable: Soho')).toBeTruthy();
    // A station the model cannot send is listed but cannot be chosen.
    expect(
      (within(unavailable).getByRole('option', { name: /Training centre/ }) as HTMLOptionElement).disabled,
    ).toBe(true);
  });

  it('exports through the core with the request on screen, and says where it saved or why not', async () => {
    const exportCover = vi
      .fn<PumpEtaApi['exportCover']>()
      .mockResolvedValueOnce(ok({ file: '/home/officer/cover-2026-12-04-1700.csv' }))
      .mockResolvedValueOnce(ok(null))
      .mockResolvedValueOnce(fail('The folder is not writable: choose another.'));
    const api = fakeApi({
      mapBase: vi.fn(async () => ok(BASE)),
      cover: vi.fn(async (request: CoverRequest) => ok(coverFor(request))),
      exportCover,
    });
    render(
      <ApiProvider api={api}>
        <CoverScreen active historyVersion={0} />
      </ApiProvider>,
    );
    await screen.findByTestId('cover-share', {}, SLOW);
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect((await screen.findByTestId('cover-saved')).textContent).toBe(
      'Saved /home/officer/cover-2026-12-04-1700.csv',
    );
    expect(exportCover.mock.calls[0]?.[0]).toMatchObject({ format: 'csv', cellMetres: 500, without: [] });

    // Cancelled: nothing said.
    fireEvent.click(screen.getByRole('button', { name: 'Export PNG' }));
    await waitFor(() => expect(screen.queryByTestId('cover-saved')).toBeNull());
    expect(exportCover.mock.calls[1]?.[0]).toMatchObject({ format: 'png' });

    fireEvent.click(screen.getByRole('button', { name: 'Export PNG' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Not saved');
    expect(alert.textContent).toContain('The folder is not writable: choose another.');
  });

  it('says in words why there is no cover', async () => {
    const api = fakeApi({
      mapBase: vi.fn(async () => ok(BASE)),
      cover: vi.fn(async () => fail('No model is in service: import incident files and train one.')),
    });
    render(
      <ApiProvider api={api}>
        <CoverScreen active historyVersion={0} />
      </ApiProvider>,
    );
    const alert = await screen.findByRole('alert', {}, SLOW);
    expect(alert.textContent).toContain('No cover');
    expect(alert.textContent).toContain('No model is in service: import incident files and train one.');
    expect(screen.getByRole('button', { name: 'Export PNG' }).hasAttribute('disabled')).toBe(true);
  });
});
