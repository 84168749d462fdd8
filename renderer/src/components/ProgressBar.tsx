/** A labelled native <progress>: indeterminate until the total is known. */
export function ProgressBar({
  label,
  done,
  total,
  detail,
}: {
  label: string;
  done: number;
  total: number;
  detail?: string | undefined;
}) {
  const known = total > 0;
  const percent = known ? Math.min(100, Math.round((done / total) * 100)) : null;
  return (
    <div className="progress">
      <div className="progress-label">
        <span className="progress-name">{label}</span>
        <span className="progress-figure">{percent === null ? 'starting…' : `${percent} %`}</span>
      </div>
      {known ? (
        <progress value={Math.min(done, total)} max={total} aria-label={label} />
      ) : (
        <progress aria-label={label} />
      )}
      {detail ? <div className="progress-detail">{detail}</div> : null}
    </div>
  );
}
