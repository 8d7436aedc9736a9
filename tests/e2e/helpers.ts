import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { generateSecrets } from '../../scripts/lib/secrets';
// Starts the built app as production does (`strapi start`), like the bench and fault runs.
import { startServer, freePort, ROOT } from '../../scripts/lib/server';

export const ARTIFACTS = path.join(__dirname, 'artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface E2eApp {
  url: string;
  env: Record<string, string>;
  /** The server's log file (stdout and stderr). */
  log: string;
  stop(): Promise<void>;
}

/**
 * A production server with the admin panel on a throwaway SQLite database; mails go to .eml files unless the
 * overrides (an object, or a function of the server's port) name an SMTP server. The overrides replace any
 * variable below (e.g. the install's own French default language).
 */
export const startApp = async (
  overrides: Record<string, string> | ((port: number) => Record<string, string>) = {}
): Promise<E2eApp> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outsourcing-cms-e2e-'));
  const port = await freePort();
  const env = {
    // The admin's Preview button opens the bundled example page on this server.
    FRONTEND_URL: `http://127.0.0.1:${port}/example`,
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: path.join(dir, 'data.db'),
    EMAIL_FILE_DIR: path.join(dir, 'mail'),
    QUOTE_ATTACHMENTS_DIR: path.join(dir, 'attachments'),
    SERVE_ADMIN_PANEL: 'true',
    // The browser tests drive the admin in English (a user's own choice of interface language); the
    // French default is checked where it matters: a new user's language, the French labels.
    ADMIN_DEFAULT_LOCALE: 'en',
    QUOTE_RATE_LIMIT_MAX: '50',
    SMTP_HOST: '',
    ...(typeof overrides === 'function' ? overrides(port) : overrides),
  };
  const log = path.join(dir, 'server.log');
  const server = await startServer({ env, label: 'e2e', log, port });
  return {
    url: server.url,
    log,
    env,
    async stop() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
};

/** `strapi admin:create-user`, as an operator creates the first administrator. */
export const createFirstAdmin = (env: Record<string, string>, user: { email: string; password: string }) => {
  const result = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'),
      'admin:create-user',
      '--firstname=Ada',
      '--lastname=Admin',
      `--email=${user.email}`,
      `--password=${user.password}`,
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ...env,
        NODE_ENV: 'production',
        ...generateSecrets(),
        SEED_ON_START: 'false',
        EMAIL_OUTBOX_ENABLED: 'false',
      },
      encoding: 'utf8',
      // Boots the whole app once (compile + migrations): minutes on a loaded 2-core machine.
      timeout: 600000,
    }
  );
  if (result.status !== 0) throw new Error(`admin:create-user failed: ${result.stdout}\n${result.stderr}`);
};

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

export const screenshot = async (page: Page, name: string): Promise<void> => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
};

/** Admin API helpers (the same endpoints the admin panel calls). */
export const adminApi = (base: string) => {
  const call = async (method: string, urlPath: string, token?: string, body?: unknown) => {
    const res = await fetch(`${base}${urlPath}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, body: json as { data?: Record<string, unknown> } & Record<string, unknown>, text };
  };
  return {
    call,
    async login(email: string, password: string): Promise<string> {
      const res = await call('POST', '/admin/login', undefined, { email, password });
      if (res.status !== 200) throw new Error(`admin login ${res.status}: ${res.text}`);
      return (res.body.data as { token: string }).token;
    },
    /** Invites an admin with a role and completes the registration, as a new colleague would. */
    async createUser(token: string, user: { email: string; password: string; roleCode: string }) {
      const roles = await call('GET', '/admin/roles', token);
      const role = (roles.body.data as unknown as { id: number; code: string }[]).find((r) => r.code === user.roleCode);
      if (!role) throw new Error(`role ${user.roleCode} not found`);
      const created = await call('POST', '/admin/users', token, {
        firstname: 'Test',
        lastname: user.roleCode,
        email: user.email,
        roles: [role.id],
      });
      if (created.status !== 201) throw new Error(`create user ${created.status}: ${created.text}`);
      const registrationToken = (created.body.data as { registrationToken: string }).registrationToken;
      const registered = await call('POST', '/admin/register', undefined, {
        registrationToken,
        userInfo: { firstname: 'Test', lastname: user.roleCode, password: user.password },
      });
      if (registered.status !== 200) throw new Error(`register ${registered.status}: ${registered.text}`);
    },
  };
};

/** A fresh browser context (its own cookies and storage) signed in as `user` through the admin's sign-in form. */
export const signIn = async (
  browser: Browser,
  url: string,
  user: { email: string; password: string },
  locale = 'en-GB'
): Promise<Page> => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale });
  const page = await context.newPage();
  await page.goto(`${url}/admin/auth/login`);
  await page.fill('input[name="email"]', user.email);
  await page.fill('input[name="password"]', user.password);
  await page.click('button[type="submit"]');
  await page.waitForURL((location) => !location.pathname.includes('/auth/login'), { timeout: 30000 });
  return page;
};

/** A prospect's quote request, as the example page posts it; answers its reference. */
export const submitQuoteRequest = async (url: string, data: Record<string, unknown> = {}): Promise<string> => {
  const res = await fetch(`${url}/api/quote-requests`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      data: {
        fullName: 'Claire Dubois',
        email: 'claire@client.test',
        company: 'Dubois Logistique',
        requestedModel: 'bpo',
        message: 'Nous voulons externaliser la paie.',
        consent: true,
        ...data,
      },
    }),
  });
  if (res.status !== 201) throw new Error(`quote request answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { data: { reference: string } }).data.reference;
};
