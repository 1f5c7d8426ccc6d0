import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * The browser tier drives Debian's Chromium with playwright-core (no downloaded browsers). Like the
 * PostgreSQL tier it must run in CI (CI=true): there a missing browser fails the suite instead of
 * skipping it. Elsewhere it skips with a message. OGI_TEST_CHROMIUM overrides the executable.
 */
export const CHROMIUM_PATH = process.env.OGI_TEST_CHROMIUM ?? '/usr/bin/chromium';

const available = existsSync(CHROMIUM_PATH);
const required = process.env.CI === 'true' || process.env.CI === '1';

if (!available && !required) {
  console.warn(
    `Browser tier skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, set OGI_TEST_CHROMIUM, or CI=true to require it).`,
  );
}

export const describeBrowser: jest.Describe = available || required ? describe : describe.skip;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Whether a URL stays on this machine; non-network schemes (data:, blob:, about:) are local too. */
export function isLoopbackUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) return true;
  return LOOPBACK_HOSTS.has(parsed.hostname);
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** URLs of requests to anything but loopback: each was aborted. */
  blockedRequests: string[];
  /** Uncaught exceptions thrown in the page. */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * A headless Chromium with a fresh profile. Every request leaving loopback (HTTP or WebSocket) is
 * aborted and recorded, so a test can assert the page is fully offline.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Browser tier: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium).`);
  const profile = mkdtempSync(path.join(tmpdir(), 'ogi-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport: { width: 1400, height: 1000 },
      timeout: 60000,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(60000);

  const blockedRequests: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isLoopbackUrl(url)) {
      await route.continue();
    } else {
      blockedRequests.push(url);
      await route.abort('blockedbyclient');
    }
  });
  await context.routeWebSocket(
    (url) => !isLoopbackUrl(url.href),
    async (ws) => {
      blockedRequests.push(ws.url());
      await ws.close();
    },
  );

  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));

  return {
    context,
    page,
    blockedRequests,
    pageErrors,
    async close() {
      try {
        await context.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}

/**
 * A describe block's browser: `setUp` (its servers) and a fresh browser before its tests, the browser
 * then `tearDown` after them, whatever failed. `browser` is there once the tests run.
 */
export function useBrowser(setUp: () => Promise<unknown>, tearDown: () => Promise<unknown>, timeoutMs = 60_000): { browser: Browser } {
  const tier = {} as { browser: Browser };
  beforeAll(async () => {
    await setUp();
    tier.browser = await launchBrowser();
  }, 4 * timeoutMs);
  afterAll(async () => {
    try {
      await tier.browser?.close();
    } finally {
      await tearDown();
    }
  }, timeoutMs);
  return tier;
}
