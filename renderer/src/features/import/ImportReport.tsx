import { Badge } from '../../components/Badge';
import { formatCount } from '../../format';
import type { FileReport, ImportResult } from '../../../../preload/contract';

/** The file's name without its folder (the core reports full paths; Windows or POSIX). */
export function baseName(filePath: string): string {
  return filePath.split(/[\\/]/).pop() || filePath;
}

export function isImportResult(value: unknown): value is ImportResult {
  return typeof value === 'object' && value !== null && Array.isArray((value as { files?: unknown }).files);
}

function FileReportCard({ report }: { report: FileReport }) {
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
        <p className="report-error" role="alert">
          Not imported: {report.error}
        </p>
      ) : (
        <>
          <dl className="report-counts">
            <div>
              <dt>Rows read</dt>
              <dd>{formatCount(report.rowsRead)}</dd>
            </div>
            <div className="count-ok">
              <dt>Imported</dt>
              <dd data-testid="rows-imported">{formatCount(report.rowsImported)}</dd>
            </div>
            <div>
              <dt>Duplicates</dt>
              <dd>{formatCount(report.rowsDuplicate)}</dd>
            </div>
            <div className={report.rowsRejected > 0 ? 'count-warn' : ''}>
              <dt>Rejected</dt>
              <dd>{formatCount(report.rowsRejected)}</dd>
            </div>
          </dl>
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

/** The validation report of one import: per file, what was stored, skipped as duplicate or rejected and why. */
export function ImportReport({ result }: { result: ImportResult }) {
  return (
    <div className="report" aria-label="Import report">
      {result.files.map((file) => (
        <FileReportCard key={file.file} report={file} />
      ))}
    </div>
  );
}
