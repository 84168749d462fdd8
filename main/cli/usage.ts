// The CLI's help text. This file must stay plain JavaScript (no types, no imports): bin/pump-eta.mjs
// loads it without the TypeScript loader so `pump-eta help` and `COMMAND --help` answer instantly.

const PLACE = `(--easting E --northing N | --postcode PC | --ward W)`;

export const COMMAND_HELP = {
  import: `import FILE... [--db PATH] [--json] [--accept-partial]
    Import LFB Incident / Mobilisation / stations files (.xlsx, .csv) into the history.
    A corrected record replaces the stored one (the earlier version is kept for undo).
    A file that lacks a column the model learns from, or with over 5 % of rows rejected, is
    refused; --accept-partial imports it anyway and records that on the import.`,
  imports: `imports [--db PATH] [--json]
    Every import: id, file, kind, when, rows added and changed, whether it was undone.`,
  'undo-import': `undo-import ID [--db PATH] [--json]
    Remove what import ID added and restore what it changed, in one step.
    Models and the registry are never touched.`,
  stats: `stats [--db PATH] [--json]
    Row counts and date ranges in the history database.`,
  audit: `audit --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.csv [--db PATH] [--json]
    The prediction log's answers between two London days (both included) as CSV, one row per answer:
    answered_at_utc,answered_at_london,model_id,kind,input,output (input and output as JSON: where the
    incident was, as typed, and what was answered). The log keeps answers for 90 days by default.`,
  synth: `synth --out DIR [--mobilisations N] [--format xlsx|csv] [--seed S] [--start-date YYYY-MM-DD] [--months M]
        [--weather]
    Write synthetic (not real) LFB-layout files with known ground truth (from a source checkout).
    --weather also draws hourly weather, lets rain slow journeys (a known effect) and writes it as
    weather-visual-crossing.csv and weather-open-meteo.csv.`,
  train: `train [--db PATH] [--json] [--seed S] [--trees N] [--tune]
    Train a candidate model from the history (time-based holdout).
    --tune first picks the trees' size by time-based cross-validation inside the training window.`,
  evaluate: `evaluate [--model ID|FILE] --data FILE [FILE...] [--json]
    Metrics of a model (default: the one in service) on LFB files it has never seen.`,
  predict: `predict ${PLACE} [--station NAME] [--time WHEN]
        [--pump-order N] [--incident-group G] [--stop-code S] [--property-category C]
        [--property-type T] [--weather W] [--rain-mm MM] [--temp-c C] [--json]
    The ETA of one vehicle: the incident's own station unless --station names another.
predict [--model ID|FILE] --input FILE --output FILE.csv [--json]
    Estimates for every usable vehicle row of an LFB Mobilisation file.

  --postcode   a postcode district (SE1) or a full postcode (SE1 7PB: placed at its district)
  --ward       a ward name; case, '&'/'and' and punctuation do not matter
  --time       when the call came in: 2026-11-28T17:50 or 17:50 (today) are London time
               (GMT or BST, as the clocks showed); an offset such as Z or +01:00 is taken as given.
               Default: now.
  --weather    what the weather is: dry, light-rain, heavy-rain, snow or fog (documented values);
  --rain-mm    rain in mm in the hour (0 to 150); --temp-c the temperature in °C (-25 to 45).
               Typed weather wins; else the imported weather of the call's hour (or the latest
               imported hour, up to 3 hours old); else none. The answer says which it used, and
               says so when the model was trained without weather data (typed weather then
               cannot change its answer).
  --incident-group, --stop-code, --property-category take the LFB's values (a typing slip is
               refused with the nearest); --property-type and --address-qualifier take any text,
               and a value the model does not know is estimated as 'other', said in a Note line
               with the nearest values it knows.`,
  rank: `rank ${PLACE} [--time WHEN] [--all | --limit N] [--json]
        [--pump-order N] [--incident-group G] [--stop-code S] [--property-category C] [--property-type T]
        [--weather W] [--rain-mm MM] [--temp-c C]
    Every station's ETA for the incident, fastest first (10 unless --all or --limit), each as the
    pump --pump-order would be (the first by default).
    Place, time and the incident's details are read as for predict (see 'pump-eta predict --help').`,
  stations: `stations [--db PATH] [--json]
    The stations the model in service can answer for, with their codes.`,
  cover: `cover --time WHEN [--cell M] [--without STATION,...] --output FILE.png|FILE.csv [--db PATH] [--json]
    The best ETA from any station to every cell of a grid over Greater London at that day and hour
    (model in service, first pump, no incident type), and the share of past incidents where the
    360 s target is out of reach. --cell is the cell size in metres (100 to 2000, default 500);
    --without takes stations out (codes or names, comma-separated or repeated).
    .png: cells coloured by ETA band (dark green ≤ 240 s … red > 480 s), the 360 s contour in black.
    .csv: easting,northing (cell centre),best_eta_s,station_code,station_name,within_target.`,
  models: `models [--db PATH] [--json]
    Every model; the champion is the one in service, a forced promotion is marked.`,
  compare: `compare [ID] [--db PATH] [--json]
    The champion against a candidate (default: the newest) on the same newest rows.`,
  promote: `promote ID [--force] [--db PATH] [--json]
    Put a candidate in service if the comparison allows; --force overrides and is recorded.
    Refused on a workstation that follows a shared folder: promote on the data officer's workstation.`,
  rollback: `rollback [ID] [--db PATH] [--json]
    Back to the trained champion before the current one (again: the one before that), or to model ID.
    Never to the demo model unless it is named: with no earlier trained model, refused (exit 1).
    Refused on a workstation that follows a shared folder: roll back on the data officer's workstation.`,
  keys: `keys create --out FILE [--json]
    Make the data officer's signing key pair: FILE (private, readable by its owner only; keep it on
    the data officer's workstation, never on the share) and FILE.pub (public: copy it to every
    workstation that follows). Never overwrites a key.`,
  publish: `publish [ID] [--folder DIR] [--key FILE] [--new-key] [--db PATH] [--json]
  publish --status [--folder DIR] [--key FILE] [--db PATH] [--json]
    Publish the model in service (the champion) to the shared folder, signed with the private key.
    ID, if given, must be the model in service: promote a model first, then publish it.
    Refused when the folder's publication is signed by another key: workstations given the old
    public key would refuse it; --new-key confirms a deliberate key rotation (user guide, "Rotating
    the key"). --status only looks: exit 0 when the folder publishes the model in service (or
    nothing yet), 6 when it publishes another one, 4 unreachable, 5 refused.
    --folder and --key default to the saved settings (pump-eta settings).`,
  sync: `sync [--folder DIR] [--public-key FILE] [--db PATH] [--json]
    Look at the shared folder once: verify the publication (signature with the data officer's public
    key, the model's hash, a test call) and put a newer model in service. Exit 0 when the model in
    service is the published one or nothing is published; 4 when the folder cannot be reached and 5
    when the publication is refused, also when it is not signed by the public key configured here
    (the model in service is kept; the reason is on stderr).
    --folder and --public-key default to the saved settings. Needs no imported history.`,
  settings: `settings [--role off|publish|follow] [--folder DIR] [--public-key FILE] [--private-key FILE]
        [--publisher-name NAME] [--publish-on-promote true|false] [--check-minutes N]
        [--retention-days N] [--force] [--db PATH] [--json]
    Show the settings (settings.json beside the history database, the file the app uses), or change
    them: the folder and key files are checked before anything is saved. A public key that does not
    verify the folder's current publication is refused (exit 5) unless --force (then saved with a
    warning: a key rotation not yet published). An empty value (--folder '')
    clears a path. An open window uses the new settings from its next look or publication. On the
    publishing workstation it also says whether the folder publishes the model in service.`,
  monitor: `monitor [--db PATH] [--json]
    How the model in service does on vehicles newer than everything it was built on (MAE per month
    against its holdout's, bias, P90 coverage, the flag's precision and recall, Brier score of the
    360 s chance), the stations whose pace changed, input drift (PSI) against its training window,
    values it never saw (a new station, a renamed ward), and whether retraining is recommended.
    Computed after every import; computed now if it never was.`,
};

export const USAGE = `Pump ETA — attendance-time estimates for LFB dispatch (offline)

Usage: pump-eta <command> [options]      pump-eta <command> --help      pump-eta --version

Dispatch
  predict ${PLACE} [--station NAME] [--time WHEN] [--pump-order N]
          [--incident-group G] [--stop-code S] [--property-category C] [--property-type T]
          [--weather dry|light-rain|heavy-rain|snow|fog] [--rain-mm MM] [--temp-c C] [--json]
  rank    ${PLACE} [--time WHEN] [--pump-order N]
          [--incident-group G] [--stop-code S] [--property-category C] [--property-type T] [--all] [--json]
  stations [--json]                       The stations the model can answer for
  cover --time WHEN [--cell M] [--without STATION,...] --output FILE.png|FILE.csv [--json]
                                          Best ETA per grid cell over London; where 360 s is out of reach

Data
  import FILE... [--db PATH] [--json] [--accept-partial]
                                          Import LFB Incident / Mobilisation / stations files (.xlsx, .csv),
                                          hourly weather (Visual Crossing, Open-Meteo CSV), boundaries;
                                          corrected records replace stored ones (earlier versions kept)
  imports [--db PATH] [--json]            Every import: id, file, kind, when, rows added / changed
  undo-import ID [--db PATH] [--json]     Remove what an import added and restore what it changed
  stats [--db PATH] [--json]              Row counts and date ranges in the history database
  audit --from DATE --to DATE --out FILE.csv [--db PATH] [--json]
                                          The prediction log's answers of a period, for an audit
  synth --out DIR [--mobilisations N] [--format xlsx|csv] [--seed S]
                                          Write synthetic (not real) LFB-layout files with known ground truth

Models
  train [--db PATH] [--json] [--seed S] [--trees N] [--tune]
                                          Train a candidate from the history (time-based holdout)
  evaluate [--model ID|FILE] --data FILE [FILE...] [--json]
                                          Metrics of a model on LFB files it has never seen
  predict [--model ID|FILE] --input FILE --output FILE.csv
                                          Estimates for every usable vehicle row of an LFB file
  models [--json]                         Every model; the champion is the one in service
  compare [ID] [--json]                   Champion vs a candidate on the same newest rows
  promote ID [--force]                    Put a candidate in service if the comparison allows
  rollback [ID]                           Back to the previous trained champion (repeat to go further), or to ID
  monitor [--json]                        The model in service on newer data: error, drift, retrain or not

Fleet (one data officer publishes, every workstation follows a shared folder)
  keys create --out FILE                  Make the signing key pair (FILE private, FILE.pub public)
  publish [--folder DIR] [--key FILE] [--new-key] [--status] [--json]
                                          Publish the model in service to the shared folder, signed
  sync [--folder DIR] [--public-key FILE] [--json]
                                          One look at the folder: verify and put a newer model in service
  settings [--role R] [--folder DIR] [--public-key FILE] [--private-key FILE] [--check-minutes N] ...
                                          Show or change the settings the app uses (settings.json)

--time takes London time (2026-11-28T17:50, or 17:50 for today) or an ISO time with offset.
The database is --db PATH, else $PUMP_ETA_DB, else history.sqlite in the app's user-data folder.
import creates it, and so do predict, rank, stations and cover (empty, to answer from the demo model on a fresh
install); the other commands say so when it does not exist.
`;

/** `pump-eta COMMAND --help`, or '' for a command without help. */
export function commandUsage(name = '') {
  const help = Object.entries(COMMAND_HELP).find(([command]) => command === name);
  return help ? `Usage: pump-eta ${help[1]}\n` : '';
}

/** True when argv asks only for help or the version, which need none of the core. */
export function isHelpRequest(argv = ['']) {
  const [first, ...rest] = argv;
  const HELP = ['help', '--help', '-h'];
  return (
    first === undefined ||
    HELP.includes(first) ||
    first === '--version' ||
    first === '-V' ||
    rest.some((a) => a === '--help' || a === '-h')
  );
}

/**
 * The text and exit code for a help request: `help` and `--help` exit 0, no command at all exits 2
 * (a script that forgot its command should fail), `COMMAND --help` prints that command's usage.
 * Returns null for `COMMAND --help` when COMMAND has no help text here.
 */
export function helpAnswer(argv = [''], version = '') {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-V')
    return { code: 0, stdout: `pump-eta ${version}\n`, stderr: '' };
  if (first === undefined) return { code: 2, stdout: USAGE, stderr: '' };
  if (['help', '--help', '-h'].includes(first)) {
    const about = rest[0] ? commandUsage(rest[0]) : '';
    return { code: 0, stdout: about || USAGE, stderr: '' };
  }
  const about = commandUsage(first);
  // null: a command without its own help text (or no such command) is the caller's to answer.
  return about ? { code: 0, stdout: about, stderr: '' } : null;
}
