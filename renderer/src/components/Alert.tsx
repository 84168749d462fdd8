import type { ReactNode } from 'react';

export type AlertTone = 'error' | 'warning' | 'info' | 'success';

/** A message the person must see: errors are announced (role=alert), the rest politely (role=status). */
export function Alert({ tone, title, children }: { tone: AlertTone; title?: string; children?: ReactNode }) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {title ? <strong className="alert-title">{title}</strong> : null}
      {children ? <div className="alert-body">{children}</div> : null}
    </div>
  );
}

/** Shows a Result's error as is; renders nothing when there is none. */
export function ErrorMessage({ error, title }: { error: string | null | undefined; title?: string }) {
  if (!error) return null;
  return (
    <Alert tone="error" {...(title ? { title } : {})}>
      {error}
    </Alert>
  );
}
