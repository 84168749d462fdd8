import { useCallback, useMemo, useState } from 'react';
import { useApi } from '../../api';
import { Alert, ErrorMessage } from '../../components/Alert';
import { ProgressBar } from '../../components/ProgressBar';
import { useResult } from '../../hooks/useResult';
import { COVER_CELL_METRES, type CoverExportFormat } from '../../../../contract/maps.js';
import { cellAt, describeCell, outOfReachSentence } from './cover';
import { nowInLondon } from '../../format';
import { CoverControls, settingsCallTime, type CoverSettings } from './CoverControls';
import { CoverMap, type GridPoint } from './CoverMap';
import { CellReadout, Legend } from './CoverPanels';
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
