import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXAMPLE_QUERIES } from '../../src/ide/example-queries';
import { describeBrowser, useBrowser } from '../support/browser-tier';
import { startHttpServer, type HttpTestServer } from '../support/http';

/**
 * The browser tier: the IDE at `/` in a real (headless) Chromium, with every request that leaves
 * loopback aborted. GraphiQL 4 DOM used: `.graphiql-tab-button` (one per tab, labelled with the
 * operation name), `.graphiql-query-editor` and `.graphiql-response` (CodeMirror 5 editors),
 * `.graphiql-execute-button`.
 */
const TIMEOUT = 60000;
jest.setTimeout(3 * TIMEOUT);

const FAILURE_SCREENSHOT = path.join(tmpdir(), 'ogi-ide-failure.png');

const operationName = (query: string) => /\bquery\s+(\w+)/.exec(query)?.[1];

describeBrowser('the GraphQL IDE in Chromium', () => {
  let server: HttpTestServer;
  const tier = useBrowser(
    async () => {
      server = await startHttpServer('sqlite');
    },
    async () => server?.close(),
  );

  it('renders offline, offers the example tabs and runs the Shenzhen query', async () => {
    const { page } = tier.browser;
    const response = await page.goto(`${server.url}/`, { waitUntil: 'load', timeout: TIMEOUT });
    expect(response?.status()).toBe(200);

    // GraphiQL has rendered once its tabs and editor are in place.
    await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror', { timeout: TIMEOUT });
    const tabs = page.locator('.graphiql-tab-button');
    await page.waitForFunction(() => document.querySelectorAll('.graphiql-tab-button').length >= 7, undefined, { timeout: TIMEOUT });
    const labels = (await tabs.allInnerTexts()).map((t) => t.trim());
    expect(labels).toEqual([
      'ShenzhenDistricts',
      'ReportConsistency',
      'Inventory',
      'IndicatorCatalog',
      'FujianBest',
      'PingtanOrgans',
      'DisclosureRanking',
      'ProvinceMatrix',
    ]);
    expect(labels).toEqual(EXAMPLE_QUERIES.map((e) => operationName(e.query)));

    // Switching tabs swaps the editor's operation.
    await tabs.filter({ hasText: 'IndicatorCatalog' }).click();
    await page.locator('.graphiql-query-editor').filter({ hasText: 'query IndicatorCatalog' }).waitFor({ timeout: TIMEOUT });
    await tabs.filter({ hasText: 'ShenzhenDistricts' }).click();
    await page.locator('.graphiql-query-editor').filter({ hasText: 'query ShenzhenDistricts' }).waitFor({ timeout: TIMEOUT });
    expect(await page.locator('.graphiql-tab-active .graphiql-tab-button').innerText()).toBe('ShenzhenDistricts');
    // GraphiQL 4 re-parses the editor 100 ms (debounced) after a tab switch; until then it would send
    // the previous tab's operation name ("Unknown operation named IndicatorCatalog"). Wait until the
    // query editor (CodeMirror 5 exposes its instance on its wrapper element) holds the new name.
    await page.waitForFunction(
      (name) =>
        (
          document.querySelector('.graphiql-query-editor .CodeMirror') as
            (Element & { CodeMirror?: { operationName?: string | null } }) | null
        )?.CodeMirror?.operationName === name,
      'ShenzhenDistricts',
      { timeout: TIMEOUT },
    );

    // Wait for any answer, then assert on its text, so a failure shows what the pane says.
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.graphiql-response');
    try {
      await result.filter({ hasText: /"(data|errors)"/ }).waitFor({ timeout: TIMEOUT });
    } catch (error) {
      await page.screenshot({ path: FAILURE_SCREENSHOT }).catch(() => undefined);
      throw new Error(
        `No result after running the query (screenshot: ${FAILURE_SCREENSHOT}); the pane says: ${await result.innerText().catch(() => '?')}`,
        { cause: error },
      );
    }
    const text = await result.innerText();
    expect(text).toContain('深圳市');
    expect(text).toContain('罗湖区');
    expect(text).toContain('福田区');
    expect(text).not.toContain('"errors"');

    if (process.env.OGI_TEST_SCREENSHOT) await page.screenshot({ path: process.env.OGI_TEST_SCREENSHOT });

    expect(tier.browser.pageErrors).toEqual([]);
    // Evaluated last, so every request the page made (assets, introspection, the query) is counted.
    expect(tier.browser.blockedRequests).toEqual([]);
  });
});
