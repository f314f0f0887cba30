// Opens the playground in headless Chromium, runs the example in the first tab with
// the execute button, and prints one JSON line describing what happened:
// {requests, consoleErrors, pageErrors, tabs, result, failure}; failure is null when
// every step worked, else the step's error. BROWSER_CHECK_SCREENSHOT=path.png saves
// what the page showed at the end.
//
//   node checks/browser.mjs http://127.0.0.1:8000/graphql
//
// CHROMIUM_PATH names the browser (default /usr/bin/chromium, Debian's package).
// Host names other than localhost and 127.0.0.1 resolve to nothing, so the check
// itself can never reach beyond this machine; every request is still recorded.
import { chromium } from 'playwright-core';
import { OFFLINE_CHROMIUM } from './offline-chromium.mjs';

const url = process.argv[2];
if (!url) {
  console.error('usage: node checks/browser.mjs <playground URL>');
  process.exit(2);
}
const timeout = Number(process.env.BROWSER_CHECK_TIMEOUT_MS ?? 60000);

const browser = await chromium.launch(OFFLINE_CHROMIUM);
const report = {
  requests: [],
  consoleErrors: [],
  pageErrors: [],
  tabs: [],
  result: null,
  failure: null,
};
let page = null;
try {
  const context = await browser.newContext();
  context.on('request', (request) => report.requests.push(request.url()));
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') report.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => report.pageErrors.push(String(error)));
  page.on('worker', (worker) => report.requests.push(worker.url()));

  await page.goto(url, { waitUntil: 'load', timeout });
  const run = page.locator('.graphiql-execute-button');
  await run.waitFor({ state: 'visible', timeout });
  // The editor is ready once the first tab's query has been typed in.
  await page.waitForFunction(
    () => (document.querySelector('.graphiql-query-editor')?.textContent ?? '').includes('{'),
    null,
    { timeout },
  );
  report.tabs = await page.locator('.graphiql-tab').allInnerTexts();
  await run.click();
  await page.waitForFunction(
    () => (document.querySelector('.graphiql-response')?.textContent ?? '').includes('"data"'),
    null,
    { timeout },
  );
  await page.waitForLoadState('networkidle', { timeout });
} catch (error) {
  report.failure = String(error);
} finally {
  if (page !== null) {
    report.result = await page
      .locator('.graphiql-response')
      .innerText({ timeout: 1000 })
      .catch(() => null);
    if (process.env.BROWSER_CHECK_SCREENSHOT) {
      await page.screenshot({ path: process.env.BROWSER_CHECK_SCREENSHOT }).catch(() => {});
    }
  }
  await browser.close();
}
process.stdout.write(`${JSON.stringify(report)}\n`);
