// Drives the web app in headless Chromium through a visit a person would make, and
// prints one JSON line describing what happened:
// {steps, requests, graphql, apqMisses, consoleErrors, pageErrors, axe, failure}.
// `steps` maps each step to what the page showed; `graphql` lists, per page, the
// operations it sent; `axe` lists, per page, axe-core's serious and critical
// violations; failure is null when every step worked, else the step and its error.
//
//   APP_CHECK_TOKEN=<a person's token> APP_CHECK_PERSON=<their key> \
//   APP_CHECK_SCREENSHOTS=../docs node checks/browser.mjs http://127.0.0.1:8000
//
// CHROMIUM_PATH names the browser (default /usr/bin/chromium, Debian's package).
// Host names other than localhost and 127.0.0.1 resolve to nothing, so the check
// itself can never reach beyond this machine; every request is still recorded.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { OFFLINE_CHROMIUM } from '../../playground/checks/offline-chromium.mjs';

const base = process.argv[2];
if (!base) {
  console.error('usage: node checks/browser.mjs <server URL>');
  process.exit(2);
}
const timeout = Number(process.env.BROWSER_CHECK_TIMEOUT_MS ?? 60000);
const secret = process.env.APP_CHECK_TOKEN ?? '';
const signedInKey = process.env.APP_CHECK_PERSON ?? '';
const screenshots = process.env.APP_CHECK_SCREENSHOTS ?? '';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const report = {
  steps: {},
  requests: [],
  graphql: {},
  apqMisses: 0,
  consoleErrors: [],
  pageErrors: [],
  axe: {},
  failure: null,
};
let step = 'start';

const browser = await chromium.launch(OFFLINE_CHROMIUM);

async function openContext() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.on('request', (request) => {
    report.requests.push(request.url());
    if (new URL(request.url()).pathname === '/graphql') {
      const body = request.postDataJSON() ?? {};
      (report.graphql[step] ??= []).push({
        operation: body.operationName ?? null,
        withText: typeof body.query === 'string',
        hash: body.extensions?.persistedQuery?.sha256Hash ?? null,
      });
    }
  });
  context.on('response', async (response) => {
    if (new URL(response.url()).pathname !== '/graphql') return;
    const body = await response.json().catch(() => null);
    const asksForText = (body?.errors ?? []).some((error) =>
      /PersistedQueryNotFound|PERSISTED_QUERY_NOT_FOUND|no 'query'/.test(
        `${error.message} ${error.extensions?.code ?? ''}`,
      ),
    );
    if (asksForText) report.apqMisses += 1;
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') report.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => report.pageErrors.push(String(error)));
  return { context, page };
}

async function axe(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ['violations'] }),
  );
  report.axe[step] = result.violations
    .filter((violation) => ['serious', 'critical'].includes(violation.impact))
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      targets: violation.nodes.map((node) => node.target.join(' ')).slice(0, 5),
    }));
}

async function settle(page) {
  await page.waitForLoadState('networkidle', { timeout });
  await page.waitForFunction(() => !document.querySelector('.loading'), null, { timeout });
}

const texts = (locator) => locator.allInnerTexts();

/** Do `action` (which changes the page in place) and wait until `operation` has been
 * answered and drawn. */
async function answered(page, operation, action) {
  const response = page.waitForResponse(
    (candidate) =>
      new URL(candidate.url()).pathname === '/graphql' &&
      candidate.status() === 200 &&
      candidate.request().postDataJSON()?.operationName === operation,
    { timeout },
  );
  await action();
  await response;
  await page.waitForFunction(() => !document.querySelector('.loading'), null, { timeout });
}

let anonymous = null;
let signedIn = null;
try {
  anonymous = await openContext();
  let page = anonymous.page;

  step = 'find';
  await page.goto(`${base}/app/`, { waitUntil: 'load', timeout });
  let tabs = 0;
  while (tabs < 15 && !(await page.evaluate(() => document.activeElement?.id === 'search-text'))) {
    await page.keyboard.press('Tab');
    tabs += 1;
  }
  await page.keyboard.type('Donald Peurach');
  await answered(page, 'Search', () => page.keyboard.press('Enter'));
  report.steps.find = {
    tabsToSearch: tabs,
    searchLabel: await page.getByRole('searchbox', { name: 'Search' }).count(),
    url: page.url(),
    results: await texts(page.locator('.results li')),
  };
  await axe(page);

  step = 'person';
  await answered(page, 'PersonPage', () =>
    page.locator('.results a', { hasText: 'Donald Peurach' }).first().click(),
  );
  report.steps.person = {
    url: page.url(),
    heading: await page.locator('h1').innerText(),
    sections: await texts(page.locator('h2')),
    email: await page.getByText('Email:').count(),
    suggestions: await texts(page.locator('.suggestion')),
  };
  await axe(page);

  step = 'shared-link';
  await page.goto(`${base}/app/person/brian-castillo`, { waitUntil: 'load', timeout });
  await page.locator('.suggestion').first().waitFor({ timeout });
  await settle(page);
  report.steps['shared-link'] = {
    heading: await page.locator('h1').innerText(),
    sections: await texts(page.locator('h2')),
    lists: await texts(page.locator('section.panel li')),
  };
  if (screenshots) {
    await page.screenshot({ path: join(screenshots, 'app-person.png'), fullPage: false });
  }
  await page.goBack({ waitUntil: 'load', timeout });
  await page.locator('.suggestion').first().waitFor({ timeout });
  await settle(page);

  step = 'diversify';
  const before = await texts(page.locator('.suggestion-head'));
  await answered(page, 'PersonPage', () => page.getByLabel('Diversify').selectOption('1'));
  report.steps.diversify = {
    url: page.url(),
    before,
    after: await texts(page.locator('.suggestion-head')),
  };

  step = 'connect';
  await page.getByRole('link', { name: "How we're connected" }).click();
  await page.getByLabel('Start from').fill('Hannah Grant');
  await answered(page, 'Search', () => page.getByRole('button', { name: 'Find' }).click());
  await answered(page, 'ConnectionPath', () =>
    page.locator('.picks button', { hasText: 'Hannah Grant' }).first().click(),
  );
  report.steps.connect = {
    url: page.url(),
    heading: await page.locator('h2').first().innerText(),
    steps: await texts(page.locator('ol.path > li')),
  };
  await axe(page);

  step = 'project';
  await page.goto(`${base}/app/project/classroom-water-sensors`, { waitUntil: 'load', timeout });
  await page.locator('.suggestion').first().waitFor({ timeout });
  await settle(page);
  report.steps.project = {
    heading: await page.locator('h1').innerText(),
    members: await texts(page.locator('section.panel').first().locator('li')),
    needs: await page.locator('section.panel', { hasText: 'Needs' }).innerText(),
    suggested: await texts(page.locator('.suggestion')),
  };
  await axe(page);

  step = 'gathering';
  await page.goto(`${base}/app/gathering/iie-gathering-2018-spring`, { waitUntil: 'load', timeout });
  await page.locator('.team').first().waitFor({ timeout });
  await settle(page);
  const teamsAtFirst = await page.locator('.team').count();
  await page.getByLabel('Teams').fill('2');
  await answered(page, 'GatheringPage', () => page.getByLabel('Teams').press('Enter'));
  report.steps.gathering = {
    heading: await page.locator('h1').innerText(),
    attendeeGroups: await texts(page.locator('section.panel').first().locator('h3')),
    teamsAtFirst,
    teamsAfter: await page.locator('.team').count(),
    firstTeam: await page.locator('.team').first().innerText(),
  };
  await axe(page);

  step = 'cluster';
  await page.goto(`${base}/app/cluster/new-york-city`, { waitUntil: 'load', timeout });
  await page.locator('.suggestion').first().waitFor({ timeout });
  await settle(page);
  report.steps.cluster = {
    heading: await page.locator('h1').innerText(),
    sectors: await texts(page.locator('table.mix tbody tr')),
    barColors: await page
      .locator('table.mix .bar')
      .evaluateAll((bars) => bars.map((bar) => getComputedStyle(bar).backgroundColor)),
    introductions: await texts(page.locator('.suggestion')),
  };
  await axe(page);

  step = 'explorer';
  await page.goto(`${base}/app/explore?person=donald-peurach&radius=1`, { waitUntil: 'load', timeout });
  await page.waitForFunction(() => Number(document.querySelector('.graph')?.dataset.nodes) > 0, null, {
    timeout,
  });
  await settle(page);
  await page.waitForTimeout(300);
  const drawn = {
    nodes: Number(await page.locator('.graph').getAttribute('data-nodes')),
    canvases: await page.locator('.graph canvas').count(),
  };
  await axe(page);
  // Click the drawn node of a neighbour, where Cytoscape put it on the canvas.
  const target = await page.evaluate(() => {
    const container = document.querySelector('.graph');
    const graph = container._cyreg.cy;
    const node = graph.nodes().filter((candidate) => candidate.id() !== 'Person:donald-peurach')[0];
    const box = container.getBoundingClientRect();
    const at = node.renderedPosition();
    return { id: node.id(), x: box.left + at.x, y: box.top + at.y };
  });
  await answered(page, 'PersonPage', () => page.mouse.click(target.x, target.y));
  report.steps.explorer = { ...drawn, clicked: target.id, openedUrl: page.url() };

  step = 'cluster-network';
  await page.goto(`${base}/app/explore?cluster=new-york-city`, { waitUntil: 'load', timeout });
  await page.waitForFunction(() => Number(document.querySelector('.graph')?.dataset.nodes) > 0, null, {
    timeout,
  });
  await settle(page);
  if (screenshots) {
    await page.screenshot({ path: join(screenshots, 'app-explorer.png'), fullPage: false });
  }
  report.steps['cluster-network'] = {
    nodes: Number(await page.locator('.graph').getAttribute('data-nodes')),
    canvases: await page.locator('.graph canvas').count(),
  };
  await axe(page);

  step = 'sign-in';
  signedIn = await openContext();
  page = signedIn.page;
  await page.goto(`${base}/app/me`, { waitUntil: 'load', timeout });
  await page.getByLabel('API token').fill(secret);
  await answered(page, 'Me', () => page.getByRole('button', { name: 'Sign in' }).click());
  const discoverable = page.getByLabel(/^Discoverable/);
  const wasOn = await discoverable.isChecked();
  await axe(page);

  step = 'consent';
  await answered(page, 'Me', () => discoverable.uncheck());
  report.steps.consent = {
    wasOn,
    nowOn: await page.getByLabel(/^Discoverable/).isChecked(),
    stored: await page.evaluate(() => sessionStorage.length),
  };
  await page.goto(`${base}/app/person/${signedInKey}`, { waitUntil: 'load', timeout });
  await page.locator('h1').waitFor({ timeout });
  await settle(page);
  report.steps.ownPage = {
    heading: await page.locator('h1').innerText(),
    email: await page.getByText('Email:').count(),
    consentSwitches: await page.locator('fieldset.consent input[type=checkbox]').count(),
  };

  step = 'anonymous';
  const stranger = await openContext();
  page = stranger.page;
  const name = report.steps.ownPage.heading;
  await page.goto(`${base}/app/find?q=${encodeURIComponent(name)}`, { waitUntil: 'load', timeout });
  await page.locator('main p[role=status]').first().waitFor({ timeout });
  await settle(page);
  const found = await texts(page.locator('.results li'));
  await page.goto(`${base}/app/person/${signedInKey}`, { waitUntil: 'load', timeout });
  await page.locator('.empty, h1').first().waitFor({ timeout });
  await settle(page);
  report.steps.anonymous = {
    searchedFor: name,
    found,
    personPage: await page.locator('main').innerText(),
  };
  await stranger.context.close();

  step = 'sign-out';
  page = signedIn.page;
  await page.goto(`${base}/app/me`, { waitUntil: 'load', timeout });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('API token').waitFor({ timeout });
  report.steps['sign-out'] = { stored: await page.evaluate(() => sessionStorage.length) };
} catch (error) {
  report.failure = `${step}: ${error}`;
} finally {
  await browser.close();
}
process.stdout.write(`${JSON.stringify(report)}\n`);
