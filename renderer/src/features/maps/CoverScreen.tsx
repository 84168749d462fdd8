import { useCallback, useMemo, useState } from 'react';
import { useApi } from '../../api';
import { Alert, ErrorMessage } from '../../components/Alert';
import { ProgressBar } from '../../components/ProgressBar';
import { useResult } from '../../hooks/useResult';
import { COVER_CELL_METRES, type CoverExportFormat } from '../../../../contract/maps.js';
import { bandOf, cellAt, CONTOUR_COLOUR, describeCell, ETA_BANDS, outOfReachSentence } from './cover';
import { CoverControls, nowInLondon, settingsCallTime, type CoverSettings } from './CoverControls';
import { CoverMap, type GridPoint } from './CoverMap';
import { useCover } from './useCover';

/**
 * Where 6 minutes is out of reach: for a chosen day and hour, every cell of a grid over Greater London
 * coloured by the best ETA from any servable station, the 360 s line, and the share of the history's
 * incidents beyond it. Computed by the core with the model in service; recomputed as stations are taken out.
 */
export function CoverScreen({ active, historyVersion }: { active: boolean; historyVersion: number }) {
  const api = useApi();
  // historyVersion: an import adds incidents to the backdrop (and may bring a boundaries file).
  const loadBase = useCallback(() => {
    void historyVersion; // a new version is a new request
    return api.mapBase();
  }, [api, historyVersion]);
  const base = useResult(loadBase);
  const [settings, setSettings] = useState<CoverSettings>(() => ({
    ...nowInLondon(),
    cellMetres: COVER_CELL_METRES.default,
    without: [],
  }));
  // Nothing is computed until the screen is first shown: the cover costs seconds of CPU.
  const [shown, setShown] = useState(active);
  if (active && !shown) setShown(true);

  const request = useMemo(
    () =>
      shown
        ? {
            callTime: settingsCallTime(settings),
            cellMetres: settings.cellMetres,
            without: [...settings.without],
          }
        : null,
    [shown, settings],
  );
  const state = useCover(api, request, historyVersion);
  // A failed recompute shows its reason, never the previous cover as if it answered the new settings.
  const cover = state.status === 'error' ? null : state.cover;
  const [probe, setProbe] = useState<GridPoint | null>(null);
  const cell = cover && probe ? cellAt(cover, probe.easting, probe.northing) : null;

  const [saved, setSaved] = useState<{ status: 'saving' | 'saved' | 'error'; text: string } | null>(null);
  // The core writes the file the command line writes (same picture, same columns), where the person says.
  const save = (format: CoverExportFormat) => {
    if (!request) return;
    setSaved({ status: 'saving', text: `Saving the cover as ${format.toUpperCase()}…` });
    api.exportCover({ ...request, format }).then(
      (result) =>
        setSaved(
          !result.ok
            ? { status: 'error', text: result.error }
            : result.value === null
              ? null
              : { status: 'saved', text: `Saved ${result.value.file}` },
        ),
      (error: unknown) =>
        setSaved({ status: 'error', text: error instanceof Error ? error.message : String(error) }),
    );
  };

  return (
    <div className="cover">
      <div className="panel cover-side">
        <h2 className="panel-title">Cover</h2>
        <CoverControls
          settings={settings}
          stations={base.value?.stations ?? []}
          onChange={(patch) => setSettings((current) => ({ ...current, ...patch }))}
        />
        <ErrorMessage error={base.error} title="Stations could not be listed" />
        {state.status === 'computing' ? (
          <ProgressBar label="Computing the cover…" done={0} total={0} />
        ) : null}
        <ErrorMessage error={state.error} title="No cover" />
        {cover ? (
          <p className="cover-share" data-testid="cover-share" data-share={cover.incidentsOutOfReach.share}>
            {outOfReachSentence(cover)}
          </p>
        ) : null}
        {cover?.isDemoModel ? (
          <Alert tone="warning" title="Demo model">
            This cover comes from the demo model, not one trained on London&rsquo;s records.
          </Alert>
        ) : null}
        <CellReadout
          cover={cover}
          probe={probe}
          onProbe={setProbe}
          cellText={cell ? describeCell(cell) : null}
          cell={cell}
        />
        <div className="cover-exports">
          <button
            type="button"
            className="button"
            disabled={!cover || saved?.status === 'saving'}
            onClick={() => save('png')}
          >
            Export PNG
          </button>
          <button
            type="button"
            className="button"
            disabled={!cover || saved?.status === 'saving'}
            onClick={() => save('csv')}
          >
            Export CSV
          </button>
        </div>
        {saved?.status === 'error' ? (
          <ErrorMessage error={saved.text} title="Not saved" />
        ) : saved ? (
          <p className="muted cover-saved" role="status" data-testid="cover-saved">
            {saved.text}
          </p>
        ) : null}
      </div>
      <div className="panel cover-main">
        <Legend />
        <CoverMap
          base={base.value}
          cover={cover}
          probe={probe}
          onProbe={setProbe}
          stale={state.status === 'computing'}
        />
        {cover ? (
          <p className="map-caption muted" data-testid="cover-caption">
            {`${cover.callTime} · ${cover.cellMetres} m cells · ${cover.columns} × ${cover.rows} grid · model ${cover.modelId.slice(0, 12)}`}
          </p>
        ) : null}
      </div>
    </div>
  );
}

function Legend() {
  return (
    <ul className="cover-legend" aria-label="Best ETA">
      {ETA_BANDS.map((band) => (
        <li key={band.label}>
          <svg className="cover-swatch" width="14" height="14" aria-hidden="true">
            <rect width="14" height="14" fill={band.colour} />
          </svg>
          {band.label}
        </li>
      ))}
      <li>
        <svg className="cover-swatch" width="18" height="14" aria-hidden="true">
          <rect width="18" height="14" fill={ETA_BANDS[2]?.colour} />
          <line x1="0" y1="7" x2="18" y2="7" stroke={CONTOUR_COLOUR} strokeWidth="2.5" />
        </svg>
        6 min line
      </li>
    </ul>
  );
}

/** A place's cell in words: typed as grid metres, or picked with a click on the map. */
function CellReadout({
  cover,
  probe,
  onProbe,
  cell,
  cellText,
}: {
  cover: ReturnType<typeof useCover>['cover'];
  probe: GridPoint | null;
  onProbe: (point: GridPoint) => void;
  cell: ReturnType<typeof cellAt>;
  cellText: string | null;
}) {
  const [easting, setEasting] = useState('');
  const [northing, setNorthing] = useState('');
  const read = () => {
    const e = Number(easting);
    const n = Number(northing);
    if (easting.trim() && northing.trim() && Number.isFinite(e) && Number.isFinite(n))
      onProbe({ easting: e, northing: n });
  };
  return (
    <section className="cover-readout" aria-label="Read a place">
      <h3 className="cover-readout-title">Read a place</h3>
      <form
        className="cover-readout-form"
        onSubmit={(event) => {
          event.preventDefault();
          read();
        }}
      >
        <label>
          <span className="field-label">Easting</span>
          <input
            className="input"
            inputMode="numeric"
            value={easting}
            onChange={(e) => setEasting(e.target.value)}
          />
        </label>
        <label>
          <span className="field-label">Northing</span>
          <input
            className="input"
            inputMode="numeric"
            value={northing}
            onChange={(e) => setNorthing(e.target.value)}
          />
        </label>
        <button type="submit" className="button button-small">
          Read
        </button>
      </form>
      <output
        className="cover-cell"
        data-testid="cover-cell"
        aria-live="polite"
        data-seconds={cell?.etaSeconds ?? undefined}
        data-station={cell?.station?.code ?? undefined}
        data-colour={cell?.etaSeconds != null ? bandOf(cell.etaSeconds).colour : undefined}
      >
        {!probe
          ? 'Click the map or enter a grid reference to read a place.'
          : !cover
            ? ''
            : cell
              ? `${probe.easting}, ${probe.northing}: ${cellText ?? ''}`
              : `${probe.easting}, ${probe.northing} is outside the grid.`}
      </output>
    </section>
  );
}
