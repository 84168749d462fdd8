import { app, session, type Session } from 'electron';
import { isAllowedRequest, rendererRootUrl } from './shell/security-policy.js';

/**
 * Session-wide guards, installed before any window exists: the app is offline, so every request outside
 * its own renderer folder is cancelled; no web permission (camera, notifications, geolocation …) is
 * granted; no page may navigate away, open windows or attach a <webview>.
 */
export function setupSecurity(rendererIndex: string, target: Session = session.defaultSession): void {
  const root = rendererRootUrl(rendererIndex);

  target.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url, root);
    if (!allowed) console.warn(`pump-eta: blocked a request to ${details.url}`);
    callback({ cancel: !allowed });
  });
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
