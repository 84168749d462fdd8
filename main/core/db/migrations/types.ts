export interface Migration {
  /** Strictly increasing, stored in PRAGMA user_version once applied. */
  readonly version: number;
  readonly name: string;
  /** SQL run inside the migration transaction. */
  readonly up: string;
}
