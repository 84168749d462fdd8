import { useCallback, useEffect, useState } from 'react';
import { useApi } from './api';
import { ModelChip } from './components/ModelChip';
import { AboutDialog } from './features/about/AboutDialog';
import { DataScreen } from './features/data/DataScreen';
import { FleetNotice } from './features/fleet/FleetNotice';
import { SettingsDialog } from './features/fleet/SettingsDialog';
import { useFleetStatus } from './features/fleet/useFleetStatus';
import { DropOverlay } from './features/import/DropOverlay';
import { ImportScreen } from './features/import/ImportScreen';
import { CoverScreen } from './features/maps/CoverScreen';
import { useImports } from './features/import/useImports';
import { IncidentScreen } from './features/incident/IncidentScreen';
import { ModelsScreen } from './features/models/ModelsScreen';
import { MonitoringScreen } from './features/monitoring/MonitoringScreen';
import { useFileDrop } from './hooks/useFileDrop';
import { useJobEvents } from './hooks/useJobEvents';
import { useTheme } from './theme';
import type { MenuEvent, View } from '../../contract/index.js';

const NAV: readonly { view: View; label: string }[] = [
  { view: 'incident', label: 'Incident' },
  { view: 'cover', label: 'Cover' },
  { view: 'import', label: 'Import' },
  { view: 'models', label: 'Models' },
  { view: 'data', label: 'Data' },
  { view: 'monitoring', label: 'Monitoring' },
];

export function App() {
  const api = useApi();
  const { theme, toggle } = useTheme();
  const [view, setView] = useState<View>('incident');
  const [aboutOpen, setAboutOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const fleet = useFleetStatus();
  const [championVersion, setChampionVersion] = useState(0);
  const jobs = useJobEvents(api);
  const imports = useImports(api);
  const finishedJobs = Object.values(jobs).filter((j) => j.status !== 'running').length;
  // An undo changes the history as an import does: the maps read it again (incidents, boundaries).
  const [undos, setUndos] = useState(0);
  const onHistoryUndone = useCallback(() => setUndos((n) => n + 1), []);
  const historyVersion = finishedJobs + undos;

  const { importFiles, chooseAndImport } = imports;
  const onDrop = useCallback(
    (files: File[]) => {
      setView('import');
      void importFiles(files);
    },
    [importFiles],
  );
  const dragging = useFileDrop(onDrop);

  useEffect(
    () =>
      api.onMenu((event: MenuEvent) => {
        if (event.type === 'navigate') {
          setView(event.view);
          return;
        }
        switch (event.command) {
          case 'import':
            setView('import');
            void chooseAndImport();
            break;
          case 'about':
            setAboutOpen(true);
            break;
          case 'settings':
            setSettingsOpen(true);
            break;
          case 'retrain':
          case 'compare':
          case 'promote':
          case 'rollback':
            // The Models screen runs these itself (it is subscribed too); here we only show it.
            setView('models');
            break;
          default: {
            const unexpected: never = event.command;
            void unexpected;
          }
        }
      }),
    [api, chooseAndImport],
  );

  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-title">Pump ETA</h1>
        <nav className="app-nav" aria-label="Screens">
          {NAV.map((item) => (
            <button
              key={item.view}
              type="button"
              className={view === item.view ? 'nav-item nav-item-current' : 'nav-item'}
              aria-current={view === item.view ? 'page' : undefined}
              onClick={() => setView(item.view)}
            >
              {item.label}
            </button>
          ))}
        </nav>
        <div className="app-tools">
          <ModelChip
            version={championVersion}
            fleetVersion={fleet.version}
            {...(fleet.status ? { origin: fleet.status.origin } : {})}
          />
          <button
            type="button"
            className="button button-quiet"
            onClick={toggle}
            aria-label={`Switch to the ${theme === 'dark' ? 'light' : 'dark'} theme`}
          >
            {theme === 'dark' ? '☀ Light' : '☾ Dark'}
          </button>
          <button type="button" className="button button-quiet" onClick={() => setSettingsOpen(true)}>
            Settings
          </button>
          <button type="button" className="button button-quiet" onClick={() => setAboutOpen(true)}>
            About
          </button>
        </div>
      </header>
      <FleetNotice status={fleet.status} />
      {/* Screens stay mounted so a half-filled incident form survives a look at the Models screen. */}
      <main className="app-main">
        <div className="screen" hidden={view !== 'incident'}>
          <IncidentScreen historyVersion={historyVersion} />
        </div>
        <div className="screen" hidden={view !== 'cover'}>
          <CoverScreen active={view === 'cover'} historyVersion={historyVersion} />
        </div>
        <div className="screen" hidden={view !== 'import'}>
          <ImportScreen imports={imports} jobs={jobs} />
        </div>
        <div className="screen" hidden={view !== 'models'}>
          <ModelsScreen
            active={view === 'models'}
            jobs={jobs}
            onChampionChanged={() => {
              setChampionVersion((v) => v + 1);
              // A promotion on a publisher may publish: the status (and the publications) change.
              fleet.reload();
            }}
            fleet={fleet.status}
            fleetVersion={fleet.version}
          />
        </div>
        <div className="screen" hidden={view !== 'data'}>
          <DataScreen active={view === 'data'} refreshKey={finishedJobs} onUndone={onHistoryUndone} />
        </div>
        <div className="screen" hidden={view !== 'monitoring'}>
          <MonitoringScreen
            active={view === 'monitoring'}
            jobs={jobs}
            refreshKey={historyVersion + championVersion}
            onOpenModels={() => setView('models')}
          />
        </div>
      </main>
      {dragging ? <DropOverlay /> : null}
      <AboutDialog open={aboutOpen} onClose={() => setAboutOpen(false)} fleet={fleet.status} />
      <SettingsDialog open={settingsOpen} onClose={() => setSettingsOpen(false)} onStatus={fleet.update} />
    </div>
  );
}
