import L from 'leaflet';
import { useEffect, useMemo, useRef } from 'react';
import { useTheme } from '../../theme';
import { baseColours, baseLayer } from './baseLayers';
import { CONTOUR_COLOUR, contourSegments } from './cover';
import { coverImage } from './coverImage';
import { toLatLng, toLatLngBounds } from './grid';
import { dotColours, labelPin, stationDots } from './stationMarkers';
import { useGridMap } from './useGridMap';
import type { CoverResult, MapBase } from '../../../../contract/maps.js';

export interface GridPoint {
  readonly easting: number;
  readonly northing: number;
}

/** The cover on the map: cells by best ETA over the history's streets, the 6 min line, the stations. */
export function CoverMap({
  base,
  cover,
  probe,
  onProbe,
  stale,
}: {
  base: MapBase | null;
  cover: CoverResult | null;
  probe: GridPoint | null;
  onProbe: (point: GridPoint) => void;
  stale: boolean;
}) {
  const { theme } = useTheme();
  const { ref, map } = useGridMap();
  // One SVG layer for the station dots, kept for the map's life.
  const dotRenderer = useMemo(() => L.svg(), []);
  const probeRef = useRef(onProbe);
  useEffect(() => {
    probeRef.current = onProbe;
  }, [onProbe]);

  useEffect(() => {
    if (!map) return;
    const onClick = (event: L.LeafletMouseEvent) =>
      probeRef.current({ easting: Math.round(event.latlng.lng), northing: Math.round(event.latlng.lat) });
    map.on('click', onClick);
    return () => void map.off('click', onClick);
  }, [map]);

  useEffect(() => {
    if (!map || !base) return;
    const layer = baseLayer(base, baseColours()).addTo(map);
    layer.eachLayer((l) => (l as L.Layer & { bringToBack?: () => void }).bringToBack?.());
    return () => void layer.remove();
  }, [map, base, theme]);

  const image = useMemo(() => (cover ? coverImage(cover) : null), [cover]);
  const segments = useMemo(() => (cover ? contourSegments(cover) : []), [cover]);

  useEffect(() => {
    if (!map || !cover) return;
    const group = L.layerGroup();
    if (image)
      L.imageOverlay(image, toLatLngBounds(cover.bounds), {
        className: 'map-cover-image',
        interactive: false,
        opacity: 0.85,
      }).addTo(group);
    L.polyline(
      segments.map(([a, b]) => [toLatLng(a[0], a[1]), toLatLng(b[0], b[1])]),
      { color: CONTOUR_COLOUR, weight: 2.5, interactive: false },
    ).addTo(group);
    const taken = new Set(cover.without);
    stationDots(
      cover.stations.map((s) => ({ ...s, servable: s.servable && !taken.has(s.code) && !taken.has(s.name) })),
      dotColours(),
      null,
      dotRenderer,
    ).addTo(group);
    group.addTo(map);
    return () => void group.remove();
  }, [map, cover, image, segments, theme, dotRenderer]);

  // The first cover, and a new grid, bring the whole of it into view; a recompute keeps the person's view.
  const gridKey = cover ? JSON.stringify(cover.bounds) : null;
  const boundsRef = useRef(cover?.bounds);
  useEffect(() => {
    boundsRef.current = cover?.bounds;
  }, [cover]);
  useEffect(() => {
    if (map && boundsRef.current) map.fitBounds(toLatLngBounds(boundsRef.current), { animate: false });
  }, [map, gridKey]);

  useEffect(() => {
    if (!map || !probe) return;
    const pin = labelPin({
      easting: probe.easting,
      northing: probe.northing,
      label: 'Point',
      detail: '',
      ariaLabel: `Point read at ${probe.easting}, ${probe.northing}`,
      className: 'map-pin-incident',
      onActivate: null,
    }).addTo(map);
    return () => void pin.remove();
  }, [map, probe]);

  // Leaflet owns the map element's classes: React sets them once and marks staleness on a wrapper.
  return (
    <div className={stale ? 'cover-map-frame answer-stale' : 'cover-map-frame'}>
      <div
        ref={ref}
        className="map-canvas cover-map"
        data-testid="cover-map"
        aria-label="Cover map: click a place to read its best ETA"
      />
    </div>
  );
}
