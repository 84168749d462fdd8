import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => cleanup());

// jsdom has <dialog> but not its modal methods; the app's Dialog falls back to the open attribute.
if (typeof HTMLDialogElement !== 'undefined' && !('showModal' in HTMLDialogElement.prototype)) {
  Object.assign(HTMLDialogElement.prototype, {
    showModal(this: HTMLDialogElement) {
      this.setAttribute('open', '');
    },
    close(this: HTMLDialogElement) {
      this.removeAttribute('open');
    },
  });
}

// jsdom has no 2D canvas and says so on every call; the maps draw their vectors as SVG without one.
if (typeof HTMLCanvasElement !== 'undefined') {
  Object.assign(HTMLCanvasElement.prototype, { getContext: () => null });
}
