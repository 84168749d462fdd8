export interface Migration {
  /** Strictly increasing, stored in PRAGMA user_version once applied. */
  readonly version: number;
  readonly name: string;
  /** SQL run inside the migration transaction. */
  readonly up: string;
  /**
   * The migration rebuilds a table others point at (SQLite's way to change a constraint): foreign
   * keys are off while it runs and every reference is checked before the transaction commits.
   */
  readonly rebuildsTables?: boolean;
}
