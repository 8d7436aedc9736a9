/**
 * The README's variable table and .env.example must tell operators the defaults the code really uses.
 * Every config/ factory is run with a recording `env`: each `env('NAME', default)` call records the
 * default, which the documentation is then compared with.
 */
import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import admin from '../../../config/admin';
import api from '../../../config/api';
import apiDocs from '../../../config/api-docs';
import cache from '../../../config/cache';
import database from '../../../config/database';
import frontendEvents from '../../../config/frontend-events';
import leadEvents from '../../../config/lead-events';
import middlewares from '../../../config/middlewares';
import plugins from '../../../config/plugins';
import quotes from '../../../config/quotes';
import security from '../../../config/security';
import seed from '../../../config/seed';
import server from '../../../config/server';

type Env = Core.Config.Shared.ConfigParams['env'];
type Factory = (params: Core.Config.Shared.ConfigParams) => unknown;

const ROOT = path.resolve(__dirname, '../../..');
/** Read by scripts (ensure-env, tests) or the cache purger, not by config/: documented, no config default to compare. */
const NOT_IN_CONFIG = new Set([
  'STRAPI_TELEMETRY_DISABLED',
  'NODE_ENV',
  'CACHE_PURGER_VARNISH_URL',
  'CACHE_PURGER_HOST',
  'CACHE_PURGER_PORT',
  'CACHE_PURGER_REPEAT_MS',
]);

/** A default as the documentation writes it: a list comma-separated, a structured value as JSON. */
const asDocumented = (fallback: unknown): string => {
  if (Array.isArray(fallback)) return fallback.join(',');
  if (typeof fallback === 'string' || typeof fallback === 'number' || typeof fallback === 'boolean') {
    return String(fallback);
  }
  return JSON.stringify(fallback);
};

/** Runs every config factory, recording the default each variable is read with. */
const recordDefaults = (): Map<string, string> => {
  const defaults = new Map<string, string>();
  const record = (key: string, fallback: unknown): string | undefined => {
    if (fallback !== undefined) defaults.set(key, asDocumented(fallback));
    // Secrets have no default: give required ones a value so the factories run.
    return fallback === undefined ? 'recorded' : undefined;
  };
  const reader = (key: string, fallback?: unknown) => record(key, fallback) ?? fallback;
  const env = Object.assign(reader, {
    int: (key: string, fallback?: number) => record(key, fallback) ?? fallback,
    float: (key: string, fallback?: number) => record(key, fallback) ?? fallback,
    bool: (key: string, fallback?: boolean) => record(key, fallback) ?? fallback,
    json: (key: string, fallback?: unknown) => record(key, fallback) ?? fallback,
    array: (key: string, fallback?: unknown[]) => record(key, fallback) ?? fallback,
    date: (key: string, fallback?: Date) => record(key, fallback) ?? fallback,
    oneOf: (key: string, _expected: unknown[], fallback?: unknown) => record(key, fallback) ?? fallback,
  }) as unknown as Env;
  const factories: Factory[] = [
    admin,
    api,
    apiDocs,
    cache,
    database,
    frontendEvents,
    leadEvents,
    middlewares,
    plugins,
    quotes,
    security,
    seed,
    server,
  ].map((factory) => factory as unknown as Factory);
  for (const factory of factories) factory({ env });
  return defaults;
};

/** `| \`A\`, \`B\` | \`1\`, \`2\` | …` rows of the README's variable table, paired name by name. */
const readmeDefaults = (): Map<string, string> => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Environment variables'));
  const table = section.slice(0, section.indexOf('\n## ', 5));
  const documented = new Map<string, string>();
  for (const line of table.split('\n').filter((l) => l.startsWith('| `'))) {
    const [names, values] = line.split('|').slice(1, 3);
    const keys = [...names.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]);
    const isEmpty = /^\s*\*\(empty/.test(values);
    const defaults = isEmpty ? [''] : [...values.matchAll(/`([^`]*)`/g)].map((m) => m[1]);
    if (defaults.length === keys.length) keys.forEach((key, i) => documented.set(key, defaults[i]));
    else if (isEmpty) keys.forEach((key) => documented.set(key, ''));
  }
  return documented;
};

/** Uncommented `NAME=value` lines of .env.example. */
const envExample = (): Map<string, string> =>
  new Map(
    fs
      .readFileSync(path.join(ROOT, '.env.example'), 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as [string, string])
  );

const normalise = (value: string): string => value.replace(/\s*,\s*/g, ',').trim();

describe('documented defaults agree with config/', () => {
  const defaults = recordDefaults();

  it('records the defaults of config/ (the check below can fail)', () => {
    expect(defaults.get('PORT')).toBe('1337');
    expect(defaults.get('QUOTE_RATE_LIMIT_MAX')).toBe('5');
  });

  it('README: every variable of the table is read by config/ with the documented default', () => {
    const documented = readmeDefaults();
    expect(documented.size).toBeGreaterThan(30);
    const wrong = [...documented]
      .filter(([key]) => !NOT_IN_CONFIG.has(key))
      .filter(([key, value]) => !defaults.has(key) || normalise(defaults.get(key) ?? '') !== normalise(value))
      .map(([key, value]) => `${key}: README says "${value}", config/ says "${defaults.get(key) ?? '(not read)'}"`);
    expect(wrong).toEqual([]);
  });

  it("README and .env.example: the cache purger's variables with the defaults deploy/cache-purger.js uses", () => {
    const source = fs.readFileSync(path.join(ROOT, 'deploy', 'cache-purger.js'), 'utf8');
    const purgerDefaults = new Map(
      [...source.matchAll(/setting\('([A-Z][A-Z0-9_]+)', '([^']*)'\)/g)].map((m) => [m[1], m[2]] as [string, string])
    );
    expect([...purgerDefaults.keys()].filter((key) => key.startsWith('CACHE_PURGER_')).sort()).toEqual([
      'CACHE_PURGER_HOST',
      'CACHE_PURGER_PORT',
      'CACHE_PURGER_REPEAT_MS',
      'CACHE_PURGER_VARNISH_URL',
    ]);
    const documented = readmeDefaults();
    const example = envExample();
    for (const [key, value] of purgerDefaults) {
      if (!key.startsWith('CACHE_PURGER_')) continue;
      expect({ key, readme: documented.get(key), example: example.get(key) }).toEqual({
        key,
        readme: value,
        example: value,
      });
    }
  });

  it('.env.example: every value is the default config/ uses (secrets excepted)', () => {
    const example = envExample();
    const wrong = [...example]
      .filter(([key, value]) => !NOT_IN_CONFIG.has(key) && !/tobemodified/i.test(value))
      .filter(([key, value]) => !defaults.has(key) || normalise(defaults.get(key) ?? '') !== normalise(value))
      .map(
        ([key, value]) => `${key}: .env.example says "${value}", config/ says "${defaults.get(key) ?? '(not read)'}"`
      );
    expect(wrong).toEqual([]);
  });
});
