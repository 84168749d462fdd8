import { useState } from 'react';
import { Badge } from '../../components/Badge';
import { ConfirmDialog } from '../../components/Dialog';
import { formatCount } from '../../format';
import type { FileReport, ImportResult } from '../../../../contract/index.js';

/** The file's name without its folder (the core reports full paths; Windows or POSIX). */
/** What an override accepted, in the report's words (the core's codes are not for people). */
const ACCEPTED_LABELS: Readonly<Record<string, string>> = {
  missing_model_columns: 'a column the model learns from is missing',
  rejected_share: 'more than 5 % of rows rejected',
  moves_stations: 'it moves most stations’ positions',
};

function acceptedLabel(code: string): string {
  return ACCEPTED_LABELS[code] ?? code;
}

export function baseName(filePath: string): string {
  return filePath.split(/[\\/]/).pop() || filePath;
}

/** Refused files that may be imported anyway: the reason is shown again before anything is stored. */
function ImportAnyway({ report, onImport }: { report: FileReport; onImport: (retryId: string) => void }) {
  const [open, setOpen] = useState(false);
  const retryId = report.retryId!;
  return (
    <>
      <button type="button" className="button button-small" onClick={() => setOpen(true)}>
        Import anyway…
      </button>
      <ConfirmDialog
        open={open}
        title={`Import ${baseName(report.file)} anyway?`}
        confirmLabel="Import as partial"
        danger
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          setOpen(false);
          onImport(retryId);
        }}
      >
        <p>It was refused because:</p>
        <p className="report-error">{report.error}</p>
        <p>
          Importing it anyway stores its usable rows and records on the import that it was accepted as
          partial. It can be undone from the Data screen.
        </p>
      </ConfirmDialog>
    </>
  );
}

function FileReportCard({
  report,
  onImportAnyway,
}: {
  report: FileReport;
  onImportAnyway?: ((retryId: string, fileName: string) => void) | undefined;
}) {
  const reasons = Object.entries(report.rejected).sort((a, b) => b[1] - a[1]);
  return (
    <article className="report-file" aria-label={`Report for ${baseName(report.file)}`}>
      <header className="report-file-head">
        <h4 className="report-file-name" title={report.file}>
          {baseName(report.file)}
        </h4>
        <Badge tone={report.error ? 'danger' : 'neutral'}>{report.kind}</Badge>
      </header>
      {report.error ? (
        <>
          <p className="report-error" role="alert">
            Not imported: {report.error}
          </p>
          {report.retryId && onImportAnyway ? (
            <ImportAnyway
              report={report}
              onImport={(retryId) => onImportAnyway(retryId, baseName(report.file))}
            />
          ) : null}
        </>
      ) : (
        <>
          <dl className="report-counts">
            <div>
              <dt>Rows read</dt>
              <dd>{formatCount(report.rowsRead)}</dd>
            </div>
            <div className="count-ok">
              <dt>New</dt>
              <dd data-testid="rows-imported">{formatCount(report.rowsImported)}</dd>
            </div>
            <div>
              <dt>Corrected</dt>
              <dd data-testid="rows-changed">{formatCount(report.rowsChanged)}</dd>
            </div>
            <div>
              <dt>Unchanged</dt>
              <dd>{formatCount(report.rowsDuplicate)}</dd>
            </div>
            <div className={report.rowsRejected > 0 ? 'count-warn' : ''}>
              <dt>Rejected</dt>
              <dd>{formatCount(report.rowsRejected)}</dd>
            </div>
          </dl>
          {report.changedFields && report.changedFields.length > 0 ? (
            <p className="report-note">
              Corrected most often:{' '}
              {report.changedFields.map((f) => `${f.field} (${formatCount(f.rows)})`).join(', ')}. The earlier
              versions are kept: undoing this import on the Data screen restores them.
            </p>
          ) : null}
          {report.waitingForIncidents ? (
            <p className="report-note">
              {formatCount(report.waitingForIncidents)} mobilisation(s) wait for their incidents: import the
              Incident file that holds them (training skips them until then).
            </p>
          ) : null}
          {report.acceptedPartial && report.acceptedPartial.length > 0 ? (
            <p className="report-note">
              Imported anyway ({report.acceptedPartial.map(acceptedLabel).join('; ')}), as confirmed.
            </p>
          ) : null}
          {report.notes?.map((note) => (
            <p className="report-note" key={note}>
              {note}
            </p>
          ))}
          {reasons.length > 0 ? (
            <table className="table report-reasons">
              <caption>Rejected rows by reason</caption>
              <thead>
                <tr>
                  <th scope="col">Reason</th>
                  <th scope="col" className="num">
                    Rows
                  </th>
                  <th scope="col">Examples</th>
                </tr>
              </thead>
              <tbody>
                {reasons.map(([reason, count]) => (
                  <tr key={reason}>
                    <td>{reason}</td>
                    <td className="num">{formatCount(count)}</td>
                    <td>
                      <ul className="examples">
                        {report.examples
                          .filter((example) => example.reason === reason)
                          .slice(0, 3)
                          .map((example) => (
                            <li key={`${example.row}-${example.message}`}>
                              row {formatCount(example.row)}: {example.message}
                            </li>
                          ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      )}
    </article>
  );
}

/**
 * The validation report of one import: per file, what was new, corrected, already stored or rejected
 * and why; a refused file that may be imported anyway offers that behind a confirmation.
 */
export function ImportReport({
  result,
  onImportAnyway,
}: {
  result: ImportResult;
  onImportAnyway?: (retryId: string, fileName: string) => void;
}) {
  return (
    <div className="report" aria-label="Import report">
      {result.files.map((file) => (
        <FileReportCard key={file.file} report={file} onImportAnyway={onImportAnyway} />
      ))}
    </div>
  );
}
