import { expect, test } from './fixtures.js';
import { RENDERER_CSP } from '../../main/shell/security-policy.js';

// These tests provoke CSP reports on purpose.
test.use({ allowProblems: true });

test('the page carries the strict CSP', async ({ app }) => {
  await expect(app.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute(
    'content',
    RENDERER_CSP,
  );
});

test('the CSP refuses inline script', async ({ app, problems }) => {
  const ran = await app.evaluate(async () => {
    const g = globalThis as unknown as {
      document: {
        createElement(tag: string): { textContent: string };
        body: { appendChild(node: unknown): void };
        addEventListener(type: string, listener: (event: { violatedDirective: string }) => void): void;
      };
      __inlineRan?: boolean;
    };
    const violation = new Promise<string>((resolve) =>
      g.document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective)),
    );
    const script = g.document.createElement('script');
    script.textContent = 'globalThis.__inlineRan = true;';
    g.document.body.appendChild(script);
    return { ran: g.__inlineRan === true, directive: await violation };
  });
  expect(ran.ran).toBe(false);
  expect(ran.directive).toMatch(/^script-src/);
  expect(problems.join('\n')).toMatch(/Content Security Policy/);
});

test('a request to an outside address is blocked', async ({ app, page }) => {
  const outside = 'http://198.51.100.7/collect';
  let reachedNetwork = false;
  page.on('request', (request) => {
    if (request.url().startsWith(outside)) reachedNetwork = true;
  });
  const result = await app.evaluate(async (url) => {
    const g = globalThis as unknown as {
      fetch(url: string): Promise<unknown>;
      document: {
        addEventListener(
          type: string,
          listener: (event: { blockedURI: string; violatedDirective: string }) => void,
        ): void;
      };
    };
    const violation = new Promise<{ blockedURI: string; violatedDirective: string }>((resolve) =>
      g.document.addEventListener('securitypolicyviolation', (e) =>
        resolve({ blockedURI: e.blockedURI, violatedDirective: e.violatedDirective }),
      ),
    );
    const fetched = await g.fetch(url).then(
      () => 'loaded',
      (error: Error) => `refused: ${error.message}`,
    );
    return { fetched, violation: await violation };
  }, outside);
  expect(result.fetched).toMatch(/^refused/);
  expect(result.violation.violatedDirective).toMatch(/^connect-src/);
  expect(result.violation.blockedURI).toContain('198.51.100.7');
  expect(reachedNetwork).toBe(false);
});
