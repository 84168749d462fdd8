import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../../main/shell/sender.js';

const INDEX = 'file:///opt/pump-eta/dist/renderer/index.html';

describe('isTrustedSender', () => {
  it('accepts our page in the top frame, whatever its hash or query', () => {
    expect(isTrustedSender({ url: INDEX, isTopFrame: true }, INDEX)).toBe(true);
    expect(isTrustedSender({ url: `${INDEX}#/models`, isTopFrame: true }, INDEX)).toBe(true);
  });

  it('refuses iframes, other pages, other schemes and missing frames', () => {
    expect(isTrustedSender({ url: INDEX, isTopFrame: false }, INDEX)).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/evil.html', isTopFrame: true }, INDEX)).toBe(false);
    expect(
      isTrustedSender({ url: 'https://example.com/dist/renderer/index.html', isTopFrame: true }, INDEX),
    ).toBe(false);
    expect(isTrustedSender({ url: 'about:blank', isTopFrame: true }, INDEX)).toBe(false);
    expect(isTrustedSender(null, INDEX)).toBe(false);
    expect(isTrustedSender({ url: '', isTopFrame: true }, INDEX)).toBe(false);
  });
});
