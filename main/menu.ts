import { BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import { CHANNELS, type MenuEvent } from '../contract/index.js';
import { menuTemplate, type MenuEntry } from './shell/menu-template.js';

/** Menu items act on the focused window (or the only one), which shows a view or runs a command. */
function sendToFocused(event: MenuEvent): void {
  const target = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  if (target && !target.isDestroyed()) target.webContents.send(CHANNELS.menu, event);
}

function toItem(entry: MenuEntry): MenuItemConstructorOptions {
  if (entry === 'separator') return { type: 'separator' };
  if ('role' in entry) return { role: entry.role };
  return {
    label: entry.label,
    ...(entry.accelerator ? { accelerator: entry.accelerator } : {}),
    click: () => sendToFocused(entry.send),
  };
}

export function setupMenu(devTools: boolean): void {
  const template = menuTemplate({ devTools }).map((section): MenuItemConstructorOptions => ({
    label: section.label,
    submenu: section.items.map(toItem),
  }));
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
