/**
 * One Leaflet map per screen, made once and kept: a form change moves layers, it never rebuilds the map.
 * CRS.Simple on grid metres, no tiles, no network; vectors on one canvas where the document has one.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useCallback, useState } from 'react';
import { canvasContext } from './backdrop';
import { LONDON_BOUNDS, toLatLngBounds } from './grid';
import './maps.css';

/** At zoom 0 a pixel is a metre; London fits around −6, a street corner around 0. */
const MIN_ZOOM = -8;
const MAX_ZOOM = 1;
const ZOOM_SNAP = 0.25;

function vectorRenderer(): L.Renderer {
  // A document without a 2D canvas (jsdom) still draws, as SVG.
  return canvasContext(document.createElement('canvas')) ? L.canvas({ padding: 0.5 }) : L.svg();
}

export function createGridMap(container: HTMLElement): L.Map {
  const map = L.map(container, {
    crs: L.CRS.Simple,
    minZoom: MIN_ZOOM,
    maxZoom: MAX_ZOOM,
    zoomSnap: ZOOM_SNAP,
    zoomDelta: 0.5,
    attributionControl: false,
    renderer: vectorRenderer(),
    keyboard: true,
  });
  map.fitBounds(toLatLngBounds(LONDON_BOUNDS));
  // Leaflet focuses the map on mousedown; in a scrolling panel that focus scrolled the map under the
  // pointer, so the mouseup landed elsewhere and a click on a station was lost. Focus without scrolling.
  const element = map.getContainer();
  element.focus = (options?: FocusOptions) =>
    HTMLElement.prototype.focus.call(element, { ...options, preventScroll: true });
  return map;
}

/**
 * The map for a container: `ref` goes on the element, `map` is null until it is attached. A screen that
 * is hidden (display: none) has no size; the map re-reads its size whenever the container resizes.
 */
export function useGridMap(): {
  ref: (element: HTMLDivElement | null) => (() => void) | undefined;
  map: L.Map | null;
} {
  const [map, setMap] = useState<L.Map | null>(null);
  // A ref callback with a cleanup (React 19): the map lives exactly as long as its element.
  const ref = useCallback((element: HTMLDivElement | null) => {
    if (!element) return undefined;
    const created = createGridMap(element);
    setMap(created);
    const observer =
      typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => created.invalidateSize());
    observer?.observe(element);
    return () => {
      observer?.disconnect();
      created.remove();
      setMap(null);
    };
  }, []);
  return { ref, map };
}
