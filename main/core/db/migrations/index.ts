import type { Migration } from './types.js';
import { migration001 } from './001_history.js';
import { migration002 } from './002_models.js';
import { migration003 } from './003_mobilisation_key.js';
import { migration004 } from './004_versions.js';
import { migration005 } from './005_postcode_full.js';
import { migration006 } from './006_boundaries.js';
import { migration007 } from './007_monitoring.js';
import { migration008 } from './008_weather.js';
import { migration009 } from './009_fleet.js';

/** Every migration, in order. Add a file per migration and list it here. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
];
