import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../../../renderer/src/api';
import { EtaAnswer } from '../../../renderer/src/features/incident/EtaAnswer';
import { IncidentScreen } from '../../../renderer/src/features/incident/IncidentScreen';
import { StationRanking } from '../../../renderer/src/features/incident/StationRanking';
import {
  pumpsAnswer,
  PUMPS_WITHOUT_STOP_CODE,
  targetNoteFor,
  weatherLine,
  type PredictRequest,
  type WeatherUsed,
} from '../../../contract/index.js';
import { fail, fakeApi, ok, prediction } from './fakeApi';

/** The screen debounces typing; a loaded test machine needs more than testing-library's 1 s default. */
const SLOW = { timeout: 5_000 };

describe('EtaAnswer', () => {
  it('shows the ETA in mm:ss and seconds, the P90 bound and the target plainly', () => {
    render(
      <EtaAnswer prediction={prediction({ p90Seconds: 345, withinTargetProbability: 0.82 })} stale={false} />,
    );
    expect(screen.getByTestId('eta').textContent).toContain('5:12');
    expect(screen.getByTestId('eta').textContent).toContain('312 s');
    expect(screen.getByTestId('p90').textContent).toContain('5:45');
    expect(screen.getByTestId('target').textContent).toBe('✓Target likely met (82 % chance)');
    expect(screen.getByTestId('target-fact').textContent).toBe(
      'Estimate 5:12 and its upper bound (5:45) are within 6 minutes',
    );
    expect(screen.queryByText('DEMO MODEL')).toBeNull();
  });

  it('calls a coin toss uncertain even when the estimate is under 6 minutes', () => {
    render(
      <EtaAnswer
        prediction={prediction({ etaSeconds: 357, p90Seconds: 425, withinTargetProbability: 0.51 })}
        stale={false}
      />,
    );
    const target = screen.getByTestId('target');
    expect(target.getAttribute('data-state')).toBe('uncertain');
    expect(target.textContent).toMatch(/Target uncertain \(51 % chance\)/);
    expect(target.textContent).not.toMatch(/likely met/);
    // The ETA-vs-6-minutes fact stays visible beside the judgement.
    expect(screen.getByTestId('target-fact').textContent).toBe(
      'Estimate 5:57 is within 6 minutes; the upper bound (7:05) is not',
    );
  });

  it('follows the calibrated chance at the thresholds, not the side of 360 s', () => {
    const cases: [number, boolean, string][] = [
      [0.7, false, 'met'],
      [0.6999, true, 'uncertain'],
      [0.3, true, 'uncertain'],
      [0.2999, true, 'missed'],
    ];
    for (const [chance, meetsTarget, state] of cases) {
      const { unmount } = render(
        <EtaAnswer prediction={prediction({ withinTargetProbability: chance, meetsTarget })} stale={false} />,
      );
      expect(screen.getByTestId('target').getAttribute('data-state'), String(chance)).toBe(state);
      unmount();
    }
  });

  it('gives the chance of arriving over 2 minutes later than estimated, flagged or not', () => {
    const { unmount } = render(
      <EtaAnswer prediction={prediction({ underestimationProbability: 0.084 })} stale={false} />,
    );
    expect(screen.getByTestId('late-chance').textContent).toBe(
      'Chance of arriving over 2 min later than estimated: 8 %',
    );
    unmount();
    render(
      <EtaAnswer
        prediction={prediction({
          underestimationRisk: true,
          underestimationProbability: 0.17,
          reasons: ['About 1 in 5 similar calls arrived over 2 minutes later than estimated'],
        })}
        stale={false}
      />,
    );
    // Flagged: it heads the warning box, with the reasons.
    const warning = screen.getByRole('status', { name: '' });
    expect(within(warning).getByTestId('late-chance').textContent).toMatch(/later than estimated: 17 %$/);
  });

  it('says the target is likely missed, and why the estimate may be low', () => {
    const reasons = [
      'About 1 in 5 similar calls arrived over 2 minutes later than estimated; 90 % arrive within 11:40',
    ];
    render(
      <EtaAnswer
        prediction={prediction({
          etaSeconds: 420,
          p90Seconds: 700,
          meetsTarget: false,
          withinTargetProbability: 0.12,
          underestimationRisk: true,
          reasons,
        })}
        stale={false}
      />,
    );
    expect(screen.getByTestId('target').textContent).toMatch(/likely missed/);
    const warning = screen.getByRole('status', { name: '' });
    expect(warning.textContent).toMatch(/may be too low/);
    for (const reason of reasons) expect(screen.getByText(reason)).toBeTruthy();
  });

  it('shows the chance of meeting the target, labelled as the guide names it', () => {
    render(<EtaAnswer prediction={prediction({ withinTargetProbability: 0.734 })} stale={false} />);
    expect(screen.getByTestId('within-target').textContent).toBe('73 %');
    expect(screen.getByText('Chance within 6 min')).toBeTruthy();
  });

  it('says plainly when the drive is beyond the model’s experience, even without the flag', () => {
    const reason = 'Erith is 44.9 km away, farther than 99 % of the drives this model learned from';
    render(
      <EtaAnswer
        prediction={prediction({ etaSeconds: 3900, beyondExperience: true, reasons: [reason] })}
        stale={false}
      />,
    );
    expect(screen.getByRole('status', { name: '' }).textContent).toMatch(/Beyond the model’s experience/);
    expect(screen.getByText(reason)).toBeTruthy();
  });

  it('labels the demo model', () => {
    render(<EtaAnswer prediction={prediction({ isDemoModel: true })} stale={false} />);
    expect(screen.getByText('DEMO MODEL')).toBeTruthy();
  });

  it('says when the model cannot use the weather, in the words of the CLI, and marks that part', () => {
    const weather: WeatherUsed = {
      source: 'typed',
      preset: 'heavy-rain',
      temperatureC: null,
      precipitationMm: 6,
      rainMm: 6,
      snowCm: 0,
      windKmh: null,
      visibilityKm: 5,
      modelUse: { status: 'unused', reason: 'no-data', share: 0 },
    };
    render(<EtaAnswer prediction={prediction({ weather })} stale={false} />);
    const line = screen.getByTestId('answer-weather');
    expect(line.textContent).toBe(weatherLine(weather));
    expect(line.textContent).toBe(
      'Weather: heavy rain (typed) — not used: this model was trained without weather data',
    );
    expect(line.getAttribute('data-model-use')).toBe('unused');
    expect(line.querySelector('.weather-unused')?.textContent).toBe(
      ' — not used: this model was trained without weather data',
    );
  });

  it('names a run of pump counts when none is clearly ahead, and highlights those bars', () => {
    const pumps = pumpsAnswer([0.05, 0.4, 0.31, 0.14, 0.1]);
    render(<EtaAnswer prediction={prediction({ pumps })} stale={false} />);
    expect(screen.getByTestId('pumps-summary').textContent).toBe(
      '2 or 3 pumps likely (71 %), but 24 % chance of 4 or more',
    );
    const bars = screen.getAllByTestId('pumps-bar');
    const marked = (attr: string) =>
      bars.map((bar, k) => (bar.getAttribute(attr) === 'true' ? k + 1 : 0)).filter((k) => k > 0);
    expect(marked('data-likely')).toEqual([2, 3]);
    // 24 % for 4 or more beside a "2 or 3" headline: the tail is shown as a warning.
    expect(marked('data-tail')).toEqual([4, 5]);
    expect(screen.getByTestId('pumps-summary').getAttribute('data-tail')).toBe('true');
  });

  it('says a pumps answer given without a stop code is rough, and none when the stop code is known', () => {
    const pumps = pumpsAnswer([0.51, 0.3, 0.09, 0.06, 0.04]);
    const { unmount } = render(
      <EtaAnswer
        prediction={prediction({ pumps: { ...pumps, caveat: PUMPS_WITHOUT_STOP_CODE } })}
        stale={false}
      />,
    );
    expect(screen.getByTestId('pumps-caveat').textContent).toBe(
      `Pumps needed is ${PUMPS_WITHOUT_STOP_CODE}.`,
    );
    unmount();
    render(<EtaAnswer prediction={prediction({ pumps })} stale={false} />);
    expect(screen.queryByTestId('pumps-caveat')).toBeNull();
  });

  it('does not mark a small chance of 4 or more as a warning', () => {
    render(
      <EtaAnswer
        prediction={prediction({ pumps: pumpsAnswer([0.7, 0.25, 0.02, 0.02, 0.01]) })}
        stale={false}
      />,
    );
    expect(screen.getByTestId('pumps-summary').textContent).toBe(
      '1 pump likely (70 %), 3 % chance of 4 or more',
    );
    expect(screen.getByTestId('pumps-summary').getAttribute('data-tail')).toBe('false');
    expect(screen.getAllByTestId('pumps-bar').every((bar) => bar.getAttribute('data-tail') === 'false')).toBe(
      true,
    );
  });

  it('says which typed details the model does not know, with the nearest it knows', () => {
    render(
      <EtaAnswer
        prediction={prediction({
          unknownCategories: [
            {
              field: 'propertyType',
              value: 'Dwelling-house',
              message: "property type 'Dwelling-house' is not one the model knows: estimated as 'other'",
              closest: ['House - single occupancy'],
            },
          ],
        })}
        stale={false}
      />,
    );
    expect(screen.getByTestId('unknown-category').textContent).toBe(
      "Property type 'Dwelling-house' is not one the model knows: estimated as 'other'. " +
        'Nearest it knows: House - single occupancy.',
    );
  });
});

describe('StationRanking', () => {
  it('lists stations fastest first and makes the clicked one the deploying station', () => {
    const onSelect = vi.fn();
    const stations = [
      prediction({ station: { code: 'E31', name: 'Millwall' }, etaSeconds: 200 }),
      prediction({
        station: { code: 'F41', name: 'Poplar' },
        etaSeconds: 260,
        underestimationRisk: true,
        withinTargetProbability: 0.31,
        beyondExperience: true,
        reasons: ['About 1 in 4 similar calls …', 'Poplar is 9.1 km away, farther than 99 % …'],
      }),
    ];
    render(<StationRanking stations={stations} selectedCode="E31" onSelect={onSelect} stale={false} />);
    const rows = screen.getAllByRole('button');
    expect(rows[0]?.getAttribute('aria-pressed')).toBe('true');
    expect(within(rows[0]!).getByText('62 %')).toBeTruthy();
    expect(within(rows[0]!).queryByText(/beyond the model’s experience/)).toBeNull();
    expect(within(rows[1]!).getByText(/may be underestimated/)).toBeTruthy();
    expect(within(rows[1]!).getByText('31 %')).toBeTruthy();
    expect(within(rows[1]!).getByText(/beyond the model’s experience/)).toBeTruthy();
    fireEvent.click(rows[1]!);
    expect(onSelect).toHaveBeenCalledWith('F41');
  });

  it('keeps the warning marks out of the name, so truncating a long name never hides them', () => {
    const name = 'Shoreditch Fire Station With A Very Long Name';
    const far = 'Shoreditch is 44.9 km away, farther than 99 % of the drives this model learned from';
    render(
      <StationRanking
        stations={[
          prediction({
            station: { code: 'A21', name },
            underestimationRisk: true,
            beyondExperience: true,
            reasons: ['About 1 in 4 similar calls arrived over 2 minutes later than estimated', far],
          }),
        ]}
        selectedCode={null}
        onSelect={vi.fn()}
        stale={false}
      />,
    );
    const row = screen.getByRole('button');
    const nameCell = row.querySelector('.ranking-name')!;
    // The name cell (the one CSS truncates) holds the name alone, with the full name as its tooltip.
    expect(nameCell.textContent).toBe(name);
    expect(nameCell.getAttribute('title')).toBe(name);
    const marks = row.querySelector('.ranking-marks')!;
    expect(nameCell.contains(marks)).toBe(false);
    expect(marks.textContent).toContain('⚠');
    expect(marks.textContent).toContain('may be underestimated');
    // The far note is a compact mark whose full sentence is its tooltip and its spoken text.
    const farMark = row.querySelector('.ranking-far')!;
    expect(farMark.textContent).toBe('FAR beyond the model’s experience');
    expect(farMark.getAttribute('title')).toContain(far);
    expect(row.querySelector('.ranking-dist')!.textContent).not.toMatch(/beyond/);
    expect(row.textContent).toMatch(/^1.*Shoreditch.*⚠.*FAR/);
  });
});

describe('StationRanking: the incident’s pumps and the target verdict', () => {
  it('says the pumps needed once above the list, and marks an ETA late by the verdict, not the side of 6 minutes', () => {
    const pumps = pumpsAnswer([0.3, 0.29, 0.05, 0.16, 0.2]);
    const stations = [
      // Under 6 minutes but a coin toss: not marked late, as predict says "uncertain".
      prediction({
        station: { code: 'E31', name: 'Millwall' },
        etaSeconds: 350,
        withinTargetProbability: 0.5,
        pumps,
      }),
      // Under 6 minutes by the point, yet a chance under 30 %: marked late, as predict says "likely missed".
      prediction({
        station: { code: 'F41', name: 'Poplar' },
        etaSeconds: 355,
        withinTargetProbability: 0.2,
        pumps,
      }),
    ];
    render(<StationRanking stations={stations} selectedCode={null} onSelect={vi.fn()} stale={false} />);
    expect(screen.getByTestId('ranking-pumps').textContent).toBe(
      'Pumps needed: 1 or 2 pumps likely (59 %), but 36 % chance of 4 or more',
    );
    const etas = screen.getAllByRole('button').map((row) => row.querySelector('.ranking-eta')!);
    expect(etas.map((e) => e.getAttribute('data-verdict'))).toEqual(['uncertain', 'missed']);
    expect(etas.map((e) => e.classList.contains('ranking-eta-late'))).toEqual([false, true]);
  });
});

describe('EtaAnswer for a second pump', () => {
  it('names the 6-minute target as the first pump’s', () => {
    const targetNote = targetNoteFor(2)!;
    render(<EtaAnswer prediction={prediction({ targetNote })} stale={false} />);
    expect(screen.getByTestId('target-note').textContent).toBe(
      "Target shown is the first pump's (6 minutes); the LFB's target for the second pump is 8 minutes, for which this model gives no chance.",
    );
  });

  it('says nothing of it for the first pump', () => {
    render(<EtaAnswer prediction={prediction({})} stale={false} />);
    expect(screen.queryByTestId('target-note')).toBeNull();
  });
});

describe('IncidentScreen', () => {
  it('answers as the dispatcher types, prefills the ground station and switches station on a ranking click', async () => {
    const api = fakeApi({
      suggest: vi.fn(async () =>
        ok([{ kind: 'postcodeDistrict' as const, value: 'E14', stationGround: 'Millwall' }]),
      ),
      stations: vi.fn(async () =>
        ok([
          { code: 'E31', name: 'Millwall' },
          { code: 'F41', name: 'Poplar' },
        ]),
      ),
      rankStations: vi.fn(async () =>
        ok({
          stations: [
            prediction({ station: { code: 'E31', name: 'Millwall' } }),
            prediction({ station: { code: 'F41', name: 'Poplar' }, etaSeconds: 330 }),
          ],
        }),
      ),
    });
    render(
      <ApiProvider api={api}>
        <IncidentScreen />
      </ApiProvider>,
    );
    const place = screen.getByRole('combobox', { name: 'Postcode or ward' });
    fireEvent.change(place, { target: { value: 'E1' } });
    const option = await screen.findByRole('option', { name: /E14/ }, SLOW);
    fireEvent.mouseDown(option);
    expect((place as HTMLInputElement).value).toBe('E14');

    await vi.waitFor(
      () =>
        expect(api.predict).toHaveBeenLastCalledWith({
          location: { kind: 'postcodeDistrict', value: 'E14' },
          pumpOrder: 1,
        }),
      SLOW,
    );
    await screen.findByTestId('eta', {}, SLOW);
    const station = screen.getByLabelText('Deploying station') as HTMLSelectElement;
    expect(station.value).toBe('E31');

    fireEvent.click(screen.getByRole('button', { name: /Poplar/ }));
    expect(station.value).toBe('F41');
    await vi.waitFor(
      () =>
        expect(api.predict).toHaveBeenLastCalledWith({
          location: { kind: 'postcodeDistrict', value: 'E14' },
          station: 'F41',
          pumpOrder: 1,
        }),
      SLOW,
    );
  });

  it('offers both readings of the autumn hour that happens twice and sends the chosen one with its offset', async () => {
    const twice =
      'callTime: 2025-10-26 01:30 happens twice in London: the clocks go back an hour that night. ' +
      'Say which: 2025-10-26T01:30+01:00 for the first (BST), 2025-10-26T01:30+00:00 for the second (GMT)';
    const api = fakeApi({
      predict: vi.fn(async (request: PredictRequest) =>
        request.callTime === '2025-10-26T01:30' ? fail(twice) : ok(prediction()),
      ),
    });
    render(
      <ApiProvider api={api}>
        <IncidentScreen />
      </ApiProvider>,
    );
    fireEvent.change(screen.getByRole('combobox', { name: 'Postcode or ward' }), {
      target: { value: 'SE1' },
    });
    fireEvent.change(screen.getByLabelText('Call time — now'), { target: { value: '2025-10-26T01:30' } });
    const choice = await screen.findByRole('group', { name: /Which 01:30\?/ }, SLOW);
    const gmt = within(choice).getByRole('button', { name: '01:30 GMT (second)' });
    expect(within(choice).getByRole('button', { name: '01:30 BST (first)' })).toBeTruthy();
    fireEvent.click(gmt);
    await vi.waitFor(
      () =>
        expect(api.predict).toHaveBeenLastCalledWith(
          expect.objectContaining({ callTime: '2025-10-26T01:30+00:00' }),
        ),
      SLOW,
    );
    await screen.findByTestId('eta', {}, SLOW);
    // The choice stays, showing which reading is in use, and the hint says so.
    expect(gmt.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByText('London time, GMT')).toBeTruthy();
    // A different time asks afresh: the offset is not carried over to it.
    fireEvent.change(screen.getByLabelText('Call time'), { target: { value: '2025-10-27T09:00' } });
    await vi.waitFor(
      () =>
        expect(api.predict).toHaveBeenLastCalledWith(
          expect.objectContaining({ callTime: '2025-10-27T09:00' }),
        ),
      SLOW,
    );
    await vi.waitFor(() => expect(screen.queryByRole('group', { name: /Which/ })).toBeNull(), SLOW);
  });

  it('never reads a half-typed call time as "now": it says the time is incomplete and asks nothing', async () => {
    const api = fakeApi();
    render(
      <ApiProvider api={api}>
        <IncidentScreen />
      </ApiProvider>,
    );
    fireEvent.change(screen.getByRole('combobox', { name: 'Postcode or ward' }), {
      target: { value: 'SE1' },
    });
    await vi.waitFor(() => expect(api.predict).toHaveBeenCalled(), SLOW);
    const asked = vi.mocked(api.predict).mock.calls.length;
    // The picker reports '' for a date typed without its hour; only its validity tells the two apart.
    const input = screen.getByLabelText('Call time — now') as HTMLInputElement;
    Object.defineProperty(input, 'validity', { configurable: true, value: { badInput: true } });
    fireEvent.keyUp(input, { key: '5' });
    expect(await screen.findByText(/The call time is incomplete: finish the date and time/)).toBeTruthy();
    expect(screen.getByLabelText('Call time')).toBe(input);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(api.predict).toHaveBeenCalledTimes(asked);
    // Now clears it: the current time again.
    Object.defineProperty(input, 'validity', { configurable: true, value: { badInput: false } });
    fireEvent.click(screen.getByRole('button', { name: 'Now' }));
    await vi.waitFor(() => expect(vi.mocked(api.predict).mock.calls.length).toBeGreaterThan(asked), SLOW);
    expect(screen.getByLabelText('Call time — now')).toBe(input);
  });

  it('does not flash an unknown-ward error while a postcode is being typed', async () => {
    const api = fakeApi({
      predict: vi.fn(async (request: PredictRequest) =>
        request.location.kind === 'ward'
          ? fail(`location: unknown ward '${request.location.value}'`)
          : ok(prediction()),
      ),
    });
    render(
      <ApiProvider api={api}>
        <IncidentScreen />
      </ApiProvider>,
    );
    const place = screen.getByRole('combobox', { name: 'Postcode or ward' });
    fireEvent.change(place, { target: { value: 'se1 7' } });
    expect(await screen.findByText(/Finish the postcode/, {}, SLOW)).toBeTruthy();
    // Well past the debounce: still no request and no error.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(api.predict).not.toHaveBeenCalled();
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.change(place, { target: { value: 'se1 7pb' } });
    await screen.findByTestId('eta', {}, SLOW);
    expect(api.predict).toHaveBeenLastCalledWith(
      expect.objectContaining({ location: { kind: 'postcodeDistrict', value: 'SE1 7PB' } }),
    );
  });

  it('shows the reason when there is no estimate', async () => {
    const api = fakeApi({ predict: vi.fn(async () => fail("location: unknown ward 'Atlantis'")) });
    render(
      <ApiProvider api={api}>
        <IncidentScreen />
      </ApiProvider>,
    );
    fireEvent.change(screen.getByRole('combobox', { name: 'Postcode or ward' }), {
      target: { value: 'Atlantis' },
    });
    const alert = await screen.findByRole('alert', {}, SLOW);
    expect(alert.textContent).toContain("unknown ward 'Atlantis'");
  });
});
