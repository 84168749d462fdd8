/** What both maps share: the history's backdrop and any imported boundaries, as one Leaflet layer. */
import L from 'leaflet';
import { backdropImage } from './backdrop';
import { toLatLng, toLatLngBounds } from './grid';
import type { BoundaryLayer, MapBase } from '../../../../contract/maps.js';

export interface BaseColours {
  /** The history's incidents: the theme's text colour, so streets read on either background. */
  readonly backdrop: readonly [number, number, number];
  readonly boundary: string;
}

/** The theme's colours, read from its CSS variables (Leaflet paints canvas, which cannot use var()). */
export function baseColours(): BaseColours {
  const style = getComputedStyle(document.documentElement);
  const text = style.getPropertyValue('--text').trim() || '#dde3ea';
  const muted = style.getPropertyValue('--text-muted').trim() || '#96a3b0';
  const value = Number.parseInt(text.replace('#', ''), 16);
  const rgb: [number, number, number] = Number.isFinite(value)
    ? [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff]
    : [221, 227, 234];
  return { backdrop: rgb, boundary: muted };
}

function boundaryLines(layer: BoundaryLayer, colour: string): L.Layer {
  const group = L.layerGroup();
  for (const area of layer.areas) {
    const rings = area.rings
      .filter((ring) => ring.length >= 4)
      .map((ring) => {
        const points: L.LatLngTuple[] = [];
        for (let i = 0; i + 1 < ring.length; i += 2) points.push(toLatLng(ring[i] ?? 0, ring[i + 1] ?? 0));
        return points;
      });
    if (rings.length === 0) continue;
    L.polygon(rings, {
      color: colour,
      weight: 1,
      opacity: 0.7,
      fill: false,
      interactive: false,
      // Drawn on canvas in the app; the class marks the shape where the renderer is SVG.
      className: 'map-boundary',
    }).addTo(group);
  }
  return group;
}

/** "Boundaries: London boroughs (33 areas)." — what the map draws, for those who cannot see it. */
export function boundariesSentence(boundaries: readonly BoundaryLayer[]): string {
  if (boundaries.length === 0) return '';
  const layers = boundaries.map(
    (b) => `${b.name} (${b.areas.length} ${b.areas.length === 1 ? 'area' : 'areas'})`,
  );
  return `Boundaries: ${layers.join(', ')}.`;
}

export function baseLayer(base: MapBase, colours: BaseColours): L.LayerGroup {
  const group = L.layerGroup();
  if (base.backdrop && base.backdrop.incidents > 0) {
    const image = backdropImage(base.backdrop, colours.backdrop);
    if (image)
      L.imageOverlay(image, toLatLngBounds(base.backdrop.bounds), {
        className: 'map-backdrop',
        interactive: false,
        alt: `${base.backdrop.incidents} incidents from the history`,
      }).addTo(group);
  }
  for (const layer of base.boundaries) boundaryLines(layer, colours.boundary).addTo(group);
  return group;
}
