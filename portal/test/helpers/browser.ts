import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { packageRoot } from '../../../src/common/package-root';
import { startTestServer, type TestServer } from '../../../test/helpers/server';

/**
 * The portal in a real browser: Debian's Chromium (CHROMIUM_PATH, default
 * /usr/bin/chromium) driven by playwright-core, against the real service
 * serving the built portal (`npm run portal:build`, which `pretest` runs).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The built portal (PORTAL_TEST_DIR: another build, e.g. `vite build --outDir`). */
const PORTAL_DIR = process.env.PORTAL_TEST_DIR ?? path.join(packageRoot(), 'dist', 'portal');
/** Where every page's screenshots go, at desktop and phone widths (gitignored; the README names it). */
export const SCREENSHOTS = path.join(packageRoot(), 'portal', 'screenshots');

export type Language = 'en' | 'it';
const BROWSER_LOCALE: Record<Language, string> = { en: 'en-US', it: 'it-IT' };
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export interface PortalPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions in the page so far (a test ends with none). */
  problems: string[];
  /** Opens a portal path (`/invoices`) and waits for the page's heading. */
  goto(pathname: string): Promise<void>;
  /** Logs in through the login form and waits for the overview (or `next`). */
  login(userId: string, password: string): Promise<void>;
  /** axe-core on the page as it is: the serious and critical violations (an empty list passes). */
  accessibility(): Promise<string[]>;
  /** Screenshots of the page at desktop and phone widths, named `<name>-<language>-{desktop,phone}.png`. */
  screenshot(name: string): Promise<void>;
}

export interface Portal {
  t: TestServer;
  browser: Browser;
  /** A new browser profile (no cookies, no storage) whose preferred language is `language`. */
  open(language: Language): Promise<PortalPage>;
  stop(): Promise<void>;
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Requests the portal expects to fail, which Chromium still logs as console errors (a wrong password is a 401). */
const EXPECTED_FAILURE = /Failed to load resource: the server responded with a status of (401|429|404)/;

export async function startPortal(env: Record<string, string> = {}): Promise<Portal> {
  if (!existsSync(path.join(PORTAL_DIR, 'index.html')))
    throw new Error(`the portal is not built in ${PORTAL_DIR}: run npm run portal:build`);
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const t = await startTestServer({ PORTAL_DIR, ...env });
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  } catch (err) {
    await t.stop();
    throw err;
  }
  const contexts: BrowserContext[] = [];

  const open = async (language: Language): Promise<PortalPage> => {
    const context = await browser.newContext({
      locale: BROWSER_LOCALE[language],
      viewport: DESKTOP,
      baseURL: t.url,
      timezoneId: 'Europe/Rome',
    });
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !EXPECTED_FAILURE.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    const portalPage: PortalPage = {
      page,
      context,
      problems,
      goto: async (pathname) => {
        await page.goto(pathname);
        await page.locator('h1').first().waitFor();
      },
      login: async (userId, password) => {
        if (!page.url().includes('/login')) await page.goto('/login');
        const form = page.locator('form');
        await form.locator('input[autocomplete="username"]').fill(userId);
        await form.locator('input[type="password"]').fill(password);
        await form.locator('button[type="submit"]').click();
        await page.waitForURL((url) => url.pathname !== '/login');
        await page.locator('main h1').first().waitFor();
      },
      accessibility: async () => {
        await page.evaluate(axeSource);
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
          const result = await axe.run();
          return result.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        });
        return violations;
      },
      screenshot: async (name) => {
        for (const [width, size] of [
          ['desktop', DESKTOP],
          ['phone', PHONE],
        ] as const) {
          await page.setViewportSize(size);
          await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${language}-${width}.png`), fullPage: true });
        }
        await page.setViewportSize(DESKTOP);
      },
    };
    return portalPage;
  };

  return {
    t,
    browser,
    open,
    stop: async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await t.stop();
    },
  };
}

interface AxeViolation {
  id: string;
  impact?: string | null;
  nodes: Array<{ target: string[] }>;
}

/** The path and query of a link in an e-mail (the service writes its PUBLIC_URL in front), to open on the test server. */
export function linkIn(text: string, pathname: string): string {
  const match = new RegExp(`https?://[^\\s/]+(${pathname}\\?token=[^\\s)>"]+)`).exec(text);
  if (!match) throw new Error(`no ${pathname} link in: ${text}`);
  return match[1];
}
