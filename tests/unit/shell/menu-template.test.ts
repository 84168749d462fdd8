import { describe, expect, it } from 'vitest';
import { menuTemplate, type MenuAction } from '../../../main/shell/menu-template.js';

const actions = (label: string, devTools = false) =>
  (menuTemplate({ devTools }).find((s) => s.label === label)?.items ?? []).filter(
    (i): i is MenuAction => typeof i === 'object' && 'send' in i,
  );

describe('menuTemplate', () => {
  it('has the menus the issue lists, each sending a navigate or command to the window', () => {
    expect(actions('File').map((a) => [a.label, a.send])).toEqual([
      ['Import LFB files…', { type: 'command', command: 'import' }],
      ['Settings…', { type: 'command', command: 'settings' }],
    ]);
    expect(actions('Model').map((a) => [a.label, a.send])).toEqual([
      ['Retrain', { type: 'command', command: 'retrain' }],
      ['Compare with champion…', { type: 'command', command: 'compare' }],
      ['Promote…', { type: 'command', command: 'promote' }],
      ['Rollback…', { type: 'command', command: 'rollback' }],
    ]);
    expect(actions('View').map((a) => [a.label, a.send])).toEqual([
      ['Incident form', { type: 'navigate', view: 'incident' }],
      ['Import', { type: 'navigate', view: 'import' }],
      ['Models', { type: 'navigate', view: 'models' }],
      ['Data', { type: 'navigate', view: 'data' }],
      ['Cover map', { type: 'navigate', view: 'cover' }],
      ['Monitoring', { type: 'navigate', view: 'monitoring' }],
    ]);
    expect(actions('Help').map((a) => a.send)).toEqual([{ type: 'command', command: 'about' }]);
  });

  it('offers reload and devtools only in development', () => {
    const roles = (devTools: boolean) =>
      menuTemplate({ devTools })
        .flatMap((s) => s.items)
        .filter((i) => typeof i === 'object' && 'role' in i)
        .map((i) => (i as { role: string }).role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('gives every shortcut to one item only', () => {
    const keys = menuTemplate({ devTools: true })
      .flatMap((s) => s.items)
      .flatMap((i) => (typeof i === 'object' && 'accelerator' in i && i.accelerator ? [i.accelerator] : []));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
