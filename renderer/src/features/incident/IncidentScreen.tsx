import { useCallback, useMemo, useState } from 'react';
import { useApi } from '../../api';
import { Alert, ErrorMessage } from '../../components/Alert';
import { useResult } from '../../hooks/useResult';
import {
  EMPTY_FORM,
  buildRequest,
  isAmbiguousCallTimeError,
  withLocationChange,
  type IncidentForm,
} from './formModel';
import { EtaAnswer } from './EtaAnswer';
import { CallTimeField, DeploymentFields, IncidentTypeFields } from './IncidentFields';
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
export function IncidentScreen() {
  const api = useApi();
  const [form, setForm] = useState<IncidentForm>(EMPTY_FORM);
  const loadStations = useCallback(() => api.stations(), [api]);
  const stations = useResult(loadStations);

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
