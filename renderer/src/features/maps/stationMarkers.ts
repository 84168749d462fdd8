/** Station points on a map: every station a small dot; the ones that matter a labelled, focusable pin. */
import L from 'leaflet';
import { toLatLng } from './grid';
import type { StationPoint } from '../../../../contract/maps.js';

export const STATION_RADIUS_PX = 4;
const PIN_PX = 12;

export interface DotColours {
  readonly servable: string;
  readonly unservable: string;
}

export function dotColours(): DotColours {
  const style = getComputedStyle(document.documentElement);
  return {
    servable: style.getPropertyValue('--accent').trim() || '#79aee0',
    unservable: style.getPropertyValue('--text-muted').trim() || '#96a3b0',
  };
}

/** A class per station, so a dot can be found by its code (codes are letters and digits; others dropped). */
export function stationClass(code: string): string {
  return `map-station-${code.replace(/[^A-Za-z0-9_-]/g, '')}`;
}

/**
 * Every station as a dot; a click calls `onClick` with its code. Dots are SVG (a hundred elements), so
 * each is a real element under the pointer; the many-point layers (boundaries, contour) stay on canvas.
 */
export function stationDots(
  stations: readonly StationPoint[],
  colours: DotColours,
  onClick: ((code: string) => void) | null,
  renderer: L.Renderer,
): L.LayerGroup {
  const group = L.layerGroup();
  for (const station of stations) {
    const colour = station.servable ? colours.servable : colours.unservable;
    const dot = L.circleMarker(toLatLng(station.easting, station.northing), {
      radius: STATION_RADIUS_PX,
      color: colour,
      weight: 1,
      fillColor: colour,
      fillOpacity: station.servable ? 0.8 : 0.3,
      interactive: onClick !== null,
      renderer,
      className: `map-station ${stationClass(station.code)}`,
    });
    dot.bindTooltip(
      station.servable ? station.name : `${station.name} (the model in service cannot send a pump from it)`,
    );
    if (onClick) dot.on('click', () => onClick(station.code));
    // Chromium makes an SVG shape with listeners a Tab stop: a hundred dots before the labelled pins.
    // The keyboard reaches the labelled stations on the map and every station in the ranking list.
    dot.on('add', () => dot.getElement()?.setAttribute('tabindex', '-1'));
    dot.addTo(group);
  }
  return group;
}

const ENTER = 'Enter';
const SPACE = ' ';

/**
 * A labelled pin that is a keyboard stop: Tab reaches it (Leaflet gives it tabindex 0), Enter or Space
 * acts like a click. Its content is built as elements, never as HTML text.
 */
export function labelPin(options: {
  readonly easting: number;
  readonly northing: number;
  readonly label: string;
  readonly detail: string;
  readonly ariaLabel: string;
  readonly className: string;
  readonly onActivate: (() => void) | null;
  readonly data?: Readonly<Record<string, string>>;
}): L.Marker {
  const content = document.createElement('span');
  content.className = 'map-pin-body';
  const name = document.createElement('span');
  name.className = 'map-pin-label';
  name.textContent = options.label;
  const detail = document.createElement('span');
  detail.className = 'map-pin-detail';
  detail.textContent = options.detail;
  content.append(name, detail);

  const marker = L.marker(toLatLng(options.easting, options.northing), {
    // A 12 px square on the point (the dot, and something to focus); the label hangs above it.
    icon: L.divIcon({
      html: content,
      className: `map-pin ${options.className}`,
      iconSize: [PIN_PX, PIN_PX],
      iconAnchor: [PIN_PX / 2, PIN_PX / 2],
    }),
    keyboard: options.onActivate !== null,
    interactive: options.onActivate !== null,
    title: '',
    alt: options.ariaLabel,
    riseOnHover: true,
  });
  const activate = options.onActivate;
  marker.on('add', () => {
    const element = marker.getElement();
    if (!element) return;
    element.setAttribute('aria-label', options.ariaLabel);
    for (const [key, value] of Object.entries(options.data ?? {})) element.dataset[key] = value;
    if (activate) {
      element.setAttribute('role', 'button');
      element.addEventListener('keydown', (event) => {
        if (event.key !== ENTER && event.key !== SPACE) return;
        event.preventDefault();
        activate();
      });
    }
  });
  if (activate) marker.on('click', activate);
  return marker;
}
