import { cellText, type Row } from './cells.js';
import {
  headerKey,
  INCIDENT_SCHEMA,
  mapColumns,
  missingRequirements,
  MOBILISATION_SCHEMA,
  STATION_SCHEMA,
  type ColumnMap,
  type IncidentField,
  type KindSchema,
  type LfbKind,
  type MobilisationField,
  type StationField,
} from './columns.js';

/** Signature columns a header must show before it is taken for an LFB record type. */
const MIN_LFB_SIGNATURE_HITS = 2;
/** `name`, `latitude`… are common words: a stations list must show more of them. */
const MIN_STATION_SIGNATURE_HITS = 3;
const MAX_LISTED_UNUSED = 12;

export type DetectedHeader =
  | { readonly kind: 'incidents'; readonly columns: ColumnMap<IncidentField>; readonly notes: string[] }
  | {
      readonly kind: 'mobilisations';
      readonly columns: ColumnMap<MobilisationField>;
      readonly notes: string[];
    }
  | { readonly kind: 'stations'; readonly columns: ColumnMap<StationField>; readonly notes: string[] };

export type HeaderDetection =
  | { readonly status: 'match'; readonly header: DetectedHeader }
  | {
      readonly status: 'incomplete';
      readonly kind: LfbKind;
      readonly label: string;
      readonly missing: string[];
    }
  | { readonly status: 'none' };

function signatureHits<F extends string>(schema: KindSchema<F>, map: ColumnMap<F>): number {
  return schema.signature.reduce((n, f) => n + (map[f] >= 0 ? 1 : 0), 0);
}

function unusedNote(headers: readonly string[], used: ReadonlySet<number>): string[] {
  const unused = headers.filter((h, i) => h !== '' && !used.has(i));
  if (unused.length === 0) return [];
  const shown = unused.slice(0, MAX_LISTED_UNUSED).join(', ');
  const more = unused.length > MAX_LISTED_UNUSED ? ` and ${unused.length - MAX_LISTED_UNUSED} more` : '';
  return [`${unused.length} column(s) not stored: ${shown}${more}.`];
}

/**
 * Recognises a header row. A file that joins Incident and Mobilisation columns (as analysis notebooks
 * leave them) is read as a Mobilisation file: one row per vehicle is what it holds, and its incident
 * columns repeat per vehicle and lack fields the Incident file has (coordinates, postcode).
 */
export function detectHeader(row: Row): HeaderDetection {
  const headers = row.map((c) => cellText(c) ?? '');
  const keys = headers.map(headerKey);

  const mob = mapColumns(MOBILISATION_SCHEMA, keys);
  const inc = mapColumns(INCIDENT_SCHEMA, keys);
  const sta = mapColumns(STATION_SCHEMA, keys);
  const mobHits = signatureHits(MOBILISATION_SCHEMA, mob);
  const incHits = signatureHits(INCIDENT_SCHEMA, inc);

  let header: DetectedHeader;
  let missing: string[];
  let schema: KindSchema<string>;
  if (mobHits >= MIN_LFB_SIGNATURE_HITS) {
    schema = MOBILISATION_SCHEMA;
    missing = missingRequirements(MOBILISATION_SCHEMA, mob);
    const notes =
      incHits >= MIN_LFB_SIGNATURE_HITS
        ? [
            'Incident and Mobilisation columns in one file: imported as a Mobilisation file; its ' +
              'Incident columns are not stored (import the Incident file for call details).',
          ]
        : [];
    header = { kind: 'mobilisations', columns: mob, notes };
  } else if (incHits >= MIN_LFB_SIGNATURE_HITS) {
    schema = INCIDENT_SCHEMA;
    missing = missingRequirements(INCIDENT_SCHEMA, inc);
    header = { kind: 'incidents', columns: inc, notes: [] };
  } else if (signatureHits(STATION_SCHEMA, sta) >= MIN_STATION_SIGNATURE_HITS) {
    schema = STATION_SCHEMA;
    missing = missingRequirements(STATION_SCHEMA, sta);
    header = { kind: 'stations', columns: sta, notes: [] };
  } else {
    return { status: 'none' };
  }
  if (missing.length > 0) return { status: 'incomplete', kind: schema.kind, label: schema.label, missing };

  const used = new Set(Object.values<number>(header.columns).filter((i) => i >= 0));
  header.notes.push(...unusedNote(headers, used));
  return { status: 'match', header };
}
