import L from 'leaflet';
import { TARGET_SECONDS } from '../../../../contract/index.js';
import { useEffect, useMemo, useRef } from 'react';
import { formatMinSec } from '../../format';
import { useTheme } from '../../theme';
import { baseColours, baseLayer, boundariesSentence } from './baseLayers';
import { toLatLng } from './grid';
import { dotColours, labelPin, stationDots } from './stationMarkers';
import { useGridMap } from './useGridMap';
import type { Prediction } from '../../../../contract/index.js';
import type { MapBase, StationPoint } from '../../../../contract/maps.js';

/** The deploying station and this many next best: enough choice without hiding the incident. */
export const ALTERNATIVES_SHOWN = 3;
/** Around the incident, the view keeps at least this much of London in sight (metres each way). */
const MIN_VIEW_METRES = 2500;
/** A typed incident this close to the map's edge (share of its size) pans the map to it. */
const VIEW_MARGIN = 0.1;

export interface IncidentPosition {
  readonly easting: number;
  readonly northing: number;
}

export interface MapChoice {
  readonly station: StationPoint;
  readonly prediction: Prediction;
  readonly deploying: boolean;
}

/** The deploying station first, then the fastest others: what the map labels. */
export function mapChoices(
  stations: readonly StationPoint[],
  ranking: readonly Prediction[],
  deployingCode: string | null,
  alternatives = ALTERNATIVES_SHOWN,
): MapChoice[] {
  const byCode = new Map(stations.map((s) => [s.code, s]));
  const choices: MapChoice[] = [];
  const deploying = ranking.find((p) => p.station.code === deployingCode);
  const deployingPoint = deploying ? byCode.get(deploying.station.code) : undefined;
  if (deploying && deployingPoint)
    choices.push({ station: deployingPoint, prediction: deploying, deploying: true });
  for (const prediction of ranking) {
    if (choices.length >= alternatives + (deployingPoint ? 1 : 0)) break;
    if (prediction.station.code === deployingCode) continue;
    const point = byCode.get(prediction.station.code);
    if (point) choices.push({ station: point, prediction, deploying: false });
  }
  return choices;
}

/**
 * The incident on a map of London drawn from the history: every station, the incident, the deploying
 * station and the next best with their ETAs. A click on a station, or Enter on a labelled one, deploys it.
 */
export function IncidentMap({
  base,
  incident,
  ranking,
  deployingCode,
  onDeploy,
  stale,
}: {
  base: MapBase | null;
  incident: IncidentPosition | null;
  ranking: readonly Prediction[] | null;
  deployingCode: string | null;
  onDeploy: (code: string) => void;
  stale: boolean;
}) {
  const { theme } = useTheme();
  const { ref, map } = useGridMap();
  // One SVG layer for the station dots, kept for the map's life.
  const dotRenderer = useMemo(() => L.svg(), []);
  // The latest handler, read at click time: layers are not rebuilt when the parent re-renders.
  const deployRef = useRef(onDeploy);
  useEffect(() => {
    deployRef.current = onDeploy;
  }, [onDeploy]);

  useEffect(() => {
    if (!map || !base) return;
    const layer = baseLayer(base, baseColours()).addTo(map);
    return () => void layer.remove();
  }, [map, base, theme]);

  useEffect(() => {
    if (!map || !base) return;
    const layer = stationDots(
      base.stations,
      dotColours(),
      (code) => deployRef.current(code),
      dotRenderer,
    ).addTo(map);
    return () => void layer.remove();
  }, [map, base, theme, dotRenderer]);

  const choices = useMemo(
    () => (base && ranking ? mapChoices(base.stations, ranking, deployingCode) : []),
    [base, ranking, deployingCode],
  );

  useEffect(() => {
    if (!map || !incident) return;
    const group = L.layerGroup();
    const at = toLatLng(incident.easting, incident.northing);
    const colours = dotColours();
    for (const choice of choices) {
      // Straight lines: which station is where, not the road it takes.
      L.polyline([toLatLng(choice.station.easting, choice.station.northing), at], {
        color: choice.deploying ? colours.servable : colours.unservable,
        weight: choice.deploying ? 2.5 : 1.5,
        dashArray: choice.deploying ? undefined : '4 4',
        interactive: false,
      }).addTo(group);
    }
    for (const choice of choices) {
      const p = choice.prediction;
      const eta = formatMinSec(p.etaSeconds);
      const code = choice.station.code;
      // The ranking's marks, on the map too: a label must not read more reassuring than the list.
      const marks = [p.underestimationRisk ? '⚠' : null, p.beyondExperience ? 'FAR' : null].filter(
        (m): m is string => m !== null,
      );
      const spoken = [
        p.etaSeconds > TARGET_SECONDS ? 'beyond the 6 minute target' : null,
        p.underestimationRisk ? 'may be too low' : null,
        p.beyondExperience ? "beyond the model's experience" : null,
      ].filter((m): m is string => m !== null);
      const etaText = [eta, ...marks].join(' ');
      const etaSpoken = [`ETA ${eta}`, ...spoken].join(', ');
      labelPin({
        easting: choice.station.easting,
        northing: choice.station.northing,
        label: choice.station.name,
        detail: choice.deploying ? `${etaText} · deploying` : etaText,
        ariaLabel: choice.deploying
          ? `${choice.station.name}, deploying, ${etaSpoken}`
          : `Deploy ${choice.station.name}, ${etaSpoken}`,
        className: `${choice.deploying ? 'map-pin-deploying' : 'map-pin-alternative'}${
          p.etaSeconds > TARGET_SECONDS ? ' map-pin-late' : ''
        }`,
        onActivate: choice.deploying ? null : () => deployRef.current(code),
        data: { station: code, etaSeconds: String(Math.round(choice.prediction.etaSeconds)) },
      }).addTo(group);
    }
    labelPin({
      easting: incident.easting,
      northing: incident.northing,
      label: 'Incident',
      detail: '',
      ariaLabel: `Incident at ${Math.round(incident.easting)}, ${Math.round(incident.northing)}`,
      className: 'map-pin-incident',
      onActivate: null,
    }).addTo(group);
    group.addTo(map);
    return () => void group.remove();
  }, [map, incident, choices, theme]);

  // The view follows the place, not the keystrokes: while coordinates are typed the pin moves and the
  // map pans only if it leaves the view (a refit redraws every layer); once the answer for a new place
  // arrives, the incident and its labelled stations are brought into view together. Choosing another
  // station keeps the person's view.
  const fittedRef = useRef<string | null>(null);
  useEffect(() => {
    if (!map || !incident) return;
    const at = toLatLng(incident.easting, incident.northing);
    const place = `${incident.easting},${incident.northing}`;
    // Only an answer for this place may set the view: the stations of the previous one would frame it.
    if (choices.length > 0 && !stale && fittedRef.current !== place) {
      fittedRef.current = place;
      const points = [
        incident,
        ...choices.map((c) => c.station),
        { easting: incident.easting - MIN_VIEW_METRES, northing: incident.northing - MIN_VIEW_METRES },
        { easting: incident.easting + MIN_VIEW_METRES, northing: incident.northing + MIN_VIEW_METRES },
      ];
      map.fitBounds(L.latLngBounds(points.map((p) => toLatLng(p.easting, p.northing))), {
        animate: false,
        padding: [36, 36],
      });
    } else if (!map.getBounds().pad(-VIEW_MARGIN).contains(at)) {
      map.panTo(at, { animate: false });
    }
  }, [map, incident, choices, stale]);

  const deploying = choices.find((c) => c.deploying);
  return (
    <figure className={stale ? 'incident-map answer-stale' : 'incident-map'} aria-label="Incident map">
      <div ref={ref} className="map-canvas" data-testid="incident-map" />
      <figcaption className="map-caption muted" data-testid="incident-map-caption">
        {incident
          ? `${deploying ? `${deploying.station.name} deploying` : 'Incident'}; ${
              choices.filter((c) => !c.deploying).length
            } next best labelled. Click a station to deploy it; Tab reaches the labelled ones.`
          : 'The incident appears here once it is located.'}
        {base && base.backdrop === null ? ' Import incident files to draw London from the history.' : ''}
        {base && base.boundaries.length > 0 ? ` ${boundariesSentence(base.boundaries)}` : ''}
      </figcaption>
    </figure>
  );
}
