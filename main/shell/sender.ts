/**
 * Who may call the IPC handlers: only the top frame of our window, showing our own page. A frame that
 * navigated elsewhere, an iframe or a devtools extension is refused before its payload is even parsed.
 */
export interface SenderFrame {
  readonly url: string;
  /** False for iframes. */
  readonly isTopFrame: boolean;
}

export function isTrustedSender(frame: SenderFrame | null | undefined, rendererIndexUrl: string): boolean {
  if (!frame || !frame.isTopFrame) return false;
  let actual: URL;
  let expected: URL;
  try {
    actual = new URL(frame.url);
    expected = new URL(rendererIndexUrl);
  } catch {
    return false;
  }
  // The hash and query may carry view state; the document itself must be ours.
  return (
    actual.protocol === 'file:' && actual.host === expected.host && actual.pathname === expected.pathname
  );
}

export const UNTRUSTED_SENDER_MESSAGE =
  'Refused: this request did not come from the Pump ETA window. Restart the app if this persists.';
