import { useCallback, useMemo, useState } from 'react';
import { useApi } from '../../api';
import { Alert, ErrorMessage } from '../../components/Alert';
import { useResult } from '../../hooks/useResult';
import { IncidentMap, type IncidentPosition } from '../maps/IncidentMap';
import {
  EMPTY_FORM,
  buildRequest,
  isAmbiguousCallTimeError,
  withLocationChange,
  type IncidentForm,
} from './formModel';
import { EtaAnswer } from './EtaAnswer';
import { CallTimeField, DeploymentFields, IncidentTypeFields } from './IncidentFields';
import { WeatherField } from './WeatherField';
import { LocationField } from './LocationField';
import { StationRanking } from './StationRanking';
import { useDebouncedPrediction } from './useDebouncedPrediction';
import './incident.css';

const LOCATION_KEYS = new Set<keyof IncidentForm>([
  'locationMode',
  'placeText',
  'place',
  'easting',
  'northing',
]);

/** The dispatcher's screen: describe the incident on the left, read the answer as it updates. */
export function IncidentScreen({ historyVersion = 0 }: { historyVersion?: number }) {
  const api = useApi();
  const [form, setForm] = useState<IncidentForm>(EMPTY_FORM);
  const loadStations = useCallback(() => api.stations(), [api]);
  const stations = useResult(loadStations);
  // historyVersion: an import adds incidents to the map's backdrop.
  const loadMapBase = useCallback(() => {
    void historyVersion; // a new version is a new request
    return api.mapBase();
  }, [api, historyVersion]);
  const mapBase = useResult(loadMapBase);

  const built = useMemo(() => buildRequest(form), [form]);
  const answer = useDebouncedPrediction(
    api,
    built.ok ? { request: built.request, incident: built.incident } : null,
  );

  const update = (patch: Partial<IncidentForm>) =>
    setForm((current) =>
      (Object.keys(patch) as (keyof IncidentForm)[]).some(
        (k) => LOCATION_KEYS.has(k) && patch[k] !== current[k],
      )
        ? withLocationChange(current, patch)
        : { ...current, ...patch },
    );

  const ground = answer.prediction?.resolvedLocation.stationGround ?? form.place?.stationGround ?? null;
  const stale = answer.status === 'loading';
  const deploying = answer.prediction?.station.code ?? form.station;
  const incidentAt = useIncidentPosition(built, answer.prediction?.resolvedLocation ?? null);

  return (
    <div className="incident">
      <form
        className="panel incident-form"
        aria-label="Incident"
        onSubmit={(event) => event.preventDefault()}
      >
        <h2 className="panel-title">Incident</h2>
        <LocationField form={form} onChange={update} />
        <CallTimeField
          value={form.callTime}
          offset={form.callTimeOffset}
          ambiguous={isAmbiguousCallTimeError(answer.error)}
          incomplete={form.callTimeIncomplete}
          // A new time is a new question: which of the two autumn hours applies is asked again.
          onChange={(callTime, callTimeIncomplete) =>
            update({ callTime, callTimeIncomplete, callTimeOffset: '' })
          }
          onOffset={(callTimeOffset) => update({ callTimeOffset })}
        />
        <IncidentTypeFields form={form} onChange={update} />
        <WeatherField value={form.weather} onChange={(weather) => update({ weather })} />
        <DeploymentFields
          form={form}
          stations={stations.value ?? []}
          groundStation={ground}
          onChange={update}
        />
        <ErrorMessage error={stations.error} title="Stations could not be listed" />
        <button type="button" className="button button-quiet" onClick={() => setForm(EMPTY_FORM)}>
          Clear form
        </button>
      </form>

      <div className="panel incident-answer">
        {answer.prediction ? (
          <EtaAnswer prediction={answer.prediction} stale={stale} />
        ) : !built.ok ? (
          <Alert tone="info" title="Estimated attendance time">
            {built.missing}
          </Alert>
        ) : (
          <div className="answer-empty" role="status">
            {answer.status === 'error' ? null : <p>Estimating…</p>}
          </div>
        )}
        <ErrorMessage error={answer.error} title="No estimate" />
        <IncidentMap
          base={mapBase.value}
          incident={incidentAt}
          ranking={answer.ranking}
          deployingCode={deploying}
          onDeploy={(station) => update({ station })}
          stale={stale}
        />
        <ErrorMessage error={mapBase.error} title="The map could not be drawn" />
      </div>

      <div className="panel incident-ranking">
        {answer.ranking ? (
          <StationRanking
            stations={answer.ranking}
            selectedCode={deploying}
            stale={stale}
            onSelect={(station) => update({ station })}
          />
        ) : (
          <Alert tone="info" title="Stations by ETA">
            Every station&rsquo;s estimate appears here once the incident is located.
          </Alert>
        )}
      </div>
    </div>
  );
}

/**
 * Where the map puts the incident: typed coordinates at once (the map follows the form in the same frame),
 * a place where the core resolved it. One object per position, so the map's layers move only when it does.
 */
function useIncidentPosition(
  built: ReturnType<typeof buildRequest>,
  resolved: IncidentPosition | null,
): IncidentPosition | null {
  const location = built.ok ? built.incident.location : null;
  const typed = location?.kind === 'coordinates' ? location : null;
  const easting = typed?.easting ?? resolved?.easting ?? null;
  const northing = typed?.northing ?? resolved?.northing ?? null;
  return useMemo(
    () => (easting === null || northing === null ? null : { easting, northing }),
    [easting, northing],
  );
}
