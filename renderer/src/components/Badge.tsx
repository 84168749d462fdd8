import type { ReactNode } from 'react';

export type BadgeTone = 'neutral' | 'accent' | 'ok' | 'warn' | 'danger' | 'demo';

export function Badge({
  tone = 'neutral',
  children,
  title,
}: {
  tone?: BadgeTone;
  children: ReactNode;
  title?: string;
}) {
  return (
    <span className={`badge badge-${tone}`} {...(title ? { title } : {})}>
      {children}
    </span>
  );
}

/** Shown wherever an answer comes from the bundled demo model, trained on generated (not real) data. */
export function DemoBadge() {
  return (
    <Badge
      tone="demo"
      title="Trained on generated data, not on LFB records: import data and retrain before relying on it."
    >
      DEMO MODEL
    </Badge>
  );
}
