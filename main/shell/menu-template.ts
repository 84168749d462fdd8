/**
 * The application menu as data: labels, shortcuts and what each item asks the focused window to do.
 * menu.ts turns it into Electron's Menu; a unit test checks it against the list.
 */
import type { MenuEvent } from '../../contract/index.js';

export interface MenuAction {
  readonly label: string;
  readonly accelerator?: string;
  readonly send: MenuEvent;
}

/** Items Electron implements itself (quit, copy, zoom …). */
export interface MenuRole {
  readonly role:
    | 'quit'
    | 'undo'
    | 'redo'
    | 'cut'
    | 'copy'
    | 'paste'
    | 'selectAll'
    | 'reload'
    | 'toggleDevTools'
    | 'resetZoom'
    | 'zoomIn'
    | 'zoomOut'
    | 'togglefullscreen';
}

export type MenuEntry = MenuAction | MenuRole | 'separator';

export interface MenuSection {
  readonly label: string;
  readonly items: readonly MenuEntry[];
}

const command = (
  label: string,
  cmd: Extract<MenuEvent, { type: 'command' }>['command'],
  accelerator?: string,
): MenuAction => ({
  label,
  ...(accelerator ? { accelerator } : {}),
  send: { type: 'command', command: cmd },
});
const view = (
  label: string,
  target: Extract<MenuEvent, { type: 'navigate' }>['view'],
  accelerator: string,
): MenuAction => ({
  label,
  accelerator,
  send: { type: 'navigate', view: target },
});

export function menuTemplate(options: { readonly devTools: boolean }): readonly MenuSection[] {
  return [
    {
      label: 'File',
      items: [
        command('Import LFB files…', 'import', 'CmdOrCtrl+O'),
        'separator',
        command('Settings…', 'settings', 'CmdOrCtrl+,'),
        'separator',
        { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      items: [
        { role: 'undo' },
        { role: 'redo' },
        'separator',
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'Model',
      items: [
        command('Retrain', 'retrain', 'CmdOrCtrl+Shift+R'),
        command('Compare with champion…', 'compare'),
        'separator',
        command('Promote…', 'promote'),
        command('Rollback…', 'rollback'),
      ],
    },
    {
      label: 'View',
      items: [
        view('Incident form', 'incident', 'CmdOrCtrl+1'),
        view('Import', 'import', 'CmdOrCtrl+2'),
        view('Models', 'models', 'CmdOrCtrl+3'),
        view('Data', 'data', 'CmdOrCtrl+4'),
        view('Cover map', 'cover', 'CmdOrCtrl+5'),
        view('Monitoring', 'monitoring', 'CmdOrCtrl+6'),
        'separator',
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
        ...(options.devTools ? (['separator', { role: 'reload' }, { role: 'toggleDevTools' }] as const) : []),
      ],
    },
    { label: 'Help', items: [command('About Pump ETA', 'about')] },
  ];
}
