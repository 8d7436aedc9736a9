/**
 * What a French reader of the admin (or of the example page) would notice on a page: English words of
 * Strapi's interface, stored values shown raw (`qualified`, `model:bpo`, an ISO timestamp), and anything the
 * page reports as broken (a console error, an uncaught exception, an API answer in 4xx/5xx the person did
 * not cause on purpose). The people's browser tests run it on every page they reach.
 */
import fs from 'fs';
import path from 'path';
import type { Page } from 'playwright-core';
import { ROOT } from '../../scripts/lib/server';

/**
 * English words and phrases of Strapi's admin that are not French, matched as whole words and case-sensitive
 * (with their capitals, as `text-transform: uppercase` headings read): French words spelled the same
 * (Description, Actions, Date, Type, Documentation, Confirmation, Image, Message, minutes, Active,
 * Invitation) are left out, and so is Webhooks, the word French uses.
 */
const ENGLISH_UI = [
  'Save',
  'Saved',
  'Publish',
  'Published',
  'Unpublish',
  'Discard',
  'Settings',
  'Add',
  'Remove',
  'Close',
  'Welcome',
  'Hello',
  'Login',
  'Log in',
  'Log out',
  'Logout',
  'Sign in',
  'Sign up',
  'Remember me',
  'Forgot your password',
  'Password',
  'First name',
  'Last name',
  'Draft',
  'Modified',
  'Search',
  'Filters',
  'Filter',
  'Cancel',
  'Delete',
  'Edit',
  'Create',
  'Created',
  'Updated',
  'Back',
  'Loading',
  'Upload',
  'Folder',
  'Folders',
  'Roles',
  'Role',
  'Users',
  'Tokens',
  'Token',
  'PLUGIN',
  'Plugins',
  'Plugin',
  'Marketplace',
  'Media Library',
  'Content Manager',
  'Content-Type Builder',
  'Home',
  'Profile',
  'Entries',
  'entries',
  'Entry',
  'per page',
  'Rows per page',
  'No content',
  'No results',
  'Untitled',
  'Learn more',
  'Read more',
  'Introducing',
  'Discover',
  'Open',
  'Preview',
  'Select',
  'Submit',
  'Update',
  'Confirm',
  'Finish',
  'Next',
  'Previous',
  'Copy',
  'Download',
  'Export',
  'Import',
  'Locales',
  'Locale',
  'Language',
  'French',
  'Default',
  'Configure',
  'Configure the view',
  'Last edited',
  'Last published',
  'Overview',
  'Status',
  'Stage',
  'Request',
  'Requests',
  'Quote',
  'Sales desk',
  'Routing',
  'Opening hours',
  'Administration panel',
  'Administration Panel',
  'ago',
  'hours',
  'seconds',
  'Yesterday',
  'Today',
  'Invite',
  'Resend',
  'Email',
  'Name',
  'Username',
  'Admin Tokens',
  'Transfer Tokens',
  'API Tokens',
  'Internationalization',
  'Users & Permissions',
  'Super Admin',
  'Editor',
  'Author',
  'Sales manager',
  'Sales',
];

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const ENGLISH = new RegExp(
  `(?<![\\p{L}\\p{N}_-])(${[...new Set(ENGLISH_UI.flatMap((word) => [word, word.toUpperCase()]))]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|')})(?![\\p{L}\\p{N}_-])`,
  'gu'
);

/** Stored choice values (stage, model, scope, approach, delivery status, mail kind, locale) and stored tags. */
const RAW_VALUES =
  'new|contacted|qualified|proposal|won|lost|spam|bpo|ito|kpo|undecided|total|partial|tactical|strategic|pending|sending|sent|failed|skipped|sales|confirmation|alert|reminder|erase|export|retention|cli|admin|system|fr|en';
/** A cell, a select or a line of text that is a stored value as it is, or a stored tag (`model:bpo`). */
const RAW_CHOICE = new RegExp(`^(${RAW_VALUES})$|\\b(model|scope|approach):(${RAW_VALUES})\\b`);
/** A timestamp as the API stores it (2026-12-07T09:30:00.000Z), not as a reader reads a date. */
const ISO_TIMESTAMP = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?\b/;

/** Every string of the seed's content (fr and en): what editors wrote, never the interface's words. */
const seedStrings = (): string[] => {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') found.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  const dir = path.join(ROOT, 'database', 'seed');
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.json')))
    walk(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
  return found;
};

/**
 * A finding the project knows about and fixes elsewhere, named so that the fix can remove its entry:
 * `word` is the English word (or raw value, or failed request) found, `line` narrows it to where it shows.
 */
export interface Known {
  item: string;
  word: string | RegExp;
  line?: RegExp;
}

export interface Finding {
  where: string;
  kind: 'english' | 'raw' | 'error';
  word: string;
  line: string;
}

const matches = (pattern: string | RegExp, text: string): boolean =>
  typeof pattern === 'string' ? pattern === text : pattern.test(text);

/**
 * Watches a page for a person: `check(where)` reads the page as it stands; console errors, uncaught errors
 * and failed answers of the app are recorded as they come. `findings` lists what is not in `known`.
 */
export const watchFrench = (
  page: Page,
  options: {
    origin: string;
    /** What the people typed or the test created (names, edits): their words are theirs. */
    content?: string[];
    known?: Known[];
    /** Told each time a known finding shows (a known entry nothing matches any more is a fixed one). */
    onKnown?: (entry: Known) => void;
  }
): {
  check: (where: string) => Promise<void>;
  /** The next answers matching `pattern` fail on purpose (a refused save the test provokes). */
  expectFailure: (pattern: RegExp) => void;
  findings: () => string[];
} => {
  const content = [...seedStrings(), ...(options.content ?? [])]
    .map((text) => text.trim())
    .filter((text) => text.length >= 3)
    .sort((a, b) => b.length - a.length);
  const known = options.known ?? [];
  const expected: RegExp[] = [];
  const found: Finding[] = [];
  let where = 'before the first page';

  const add = (finding: Finding) => {
    const line = finding.line.replace(/\s+/g, ' ').trim().slice(0, 140);
    const entry = known.find((k) => matches(k.word, finding.word) && (!k.line || k.line.test(line)));
    if (entry) {
      options.onKnown?.(entry);
      return;
    }
    if (found.some((seen) => seen.kind === finding.kind && seen.word === finding.word && seen.line === line)) return;
    found.push({ ...finding, line });
  };

  /** Where an event the page reports came from: the check's label and the page's address now. */
  const here = (): string => `${where} (${new URL(page.url()).pathname})`;

  page.on('console', (message) => {
    const text = message.text();
    // react-intl reports a message French lacks: the English default shows.
    if (text.includes('MISSING_TRANSLATION'))
      add({ where: here(), kind: 'english', word: /Missing message: "([^"]+)"/.exec(text)?.[1] ?? text, line: text });
    // The failed answer itself is recorded below, with its address.
    else if (message.type() === 'error' && !text.startsWith('Failed to load resource'))
      add({ where: here(), kind: 'error', word: 'console error', line: text });
  });
  page.on('pageerror', (error) => add({ where: here(), kind: 'error', word: 'uncaught error', line: error.message }));
  // A request the browser could not complete (the admin then shows « Failed to fetch »): named with its address.
  page.on('requestfailed', (request) => {
    const url = new URL(request.url());
    const reason = request.failure()?.errorText ?? 'unknown';
    // The admin cancels its own queries (a component gone, a newer query): not a failure.
    if (url.origin !== options.origin || reason === 'net::ERR_ABORTED') return;
    add({
      where: here(),
      kind: 'error',
      word: `${request.method()} ${url.pathname} failed`,
      line: reason,
    });
  });
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin !== options.origin || response.status() < 400) return;
    const request = `${response.request().method()} ${url.pathname} ${response.status()}`;
    const index = expected.findIndex((pattern) => pattern.test(request));
    if (index >= 0) expected.splice(index, 1);
    else add({ where: here(), kind: 'error', word: request, line: url.search });
  });

  return {
    check: async (label: string) => {
      where = label;
      // The page's words, as read, and those read aloud or shown on hover.
      const texts = await page.evaluate<{
        body: string;
        title: string;
        attributes: string[];
        cells: string[];
        addresses: string[];
      }>(`(() => {
        const attributes = Array.from(document.querySelectorAll('[aria-label], [title], [placeholder]')).flatMap(
          (element) => ['aria-label', 'title', 'placeholder'].map((name) => element.getAttribute(name)).filter(Boolean)
        );
        // Table cells by column: a slug is an address the editor typed, not a stored choice.
        const cells = [];
        const addresses = [];
        for (const table of Array.from(document.querySelectorAll('table'))) {
          const headers = Array.from(table.querySelectorAll('thead th')).map((th) => th.innerText);
          for (const row of Array.from(table.querySelectorAll('tbody tr')))
            Array.from(row.querySelectorAll('td')).forEach((td, i) =>
              (/\\bslug\\b/i.test(headers[i] || '') ? addresses : cells).push(td.innerText)
            );
        }
        for (const box of Array.from(document.querySelectorAll('[role="combobox"]'))) cells.push(box.innerText);
        return { body: document.body.innerText, title: document.title, attributes, cells, addresses };
      })()`);
      const addresses = new Set(texts.addresses.map((text) => text.trim()));
      const lines = [...texts.body.split('\n'), texts.title, ...texts.attributes]
        .map((line) => line.trim())
        .filter(Boolean);
      for (const line of lines) {
        let text = line;
        for (const own of content) if (text.includes(own)) text = text.split(own).join(' ');
        for (const match of text.matchAll(ENGLISH)) add({ where, kind: 'english', word: match[1], line });
        if (RAW_CHOICE.test(text.trim()) && !addresses.has(line)) add({ where, kind: 'raw', word: text.trim(), line });
        const iso = ISO_TIMESTAMP.exec(text);
        if (iso) add({ where, kind: 'raw', word: iso[0], line });
      }
      for (const cell of texts.cells.map((text) => text.trim()))
        if (RAW_CHOICE.test(cell) && !content.includes(cell)) add({ where, kind: 'raw', word: cell, line: cell });
    },
    expectFailure: (pattern: RegExp) => {
      expected.push(pattern);
    },
    findings: () => found.map((f) => `${f.where} — ${f.kind}: ${f.word} (in « ${f.line} »)`),
  };
};
