import fs from 'fs';
import path from 'path';

/** Locales every seed item carries, default first. */
export const SEED_LOCALES = ['fr', 'en'] as const;
export type SeedLocale = (typeof SEED_LOCALES)[number];

export type LocalizedFields = Record<string, unknown>;

export interface CategorySeed {
  code: 'bpo' | 'ito' | 'kpo';
  locales: Record<SeedLocale, LocalizedFields>;
}

export interface ComparisonSeed {
  key: string;
  displayOrder: number;
  locales: Record<SeedLocale, LocalizedFields & { slug: string }>;
}

export interface OverviewSeed {
  version: number;
  categories: CategorySeed['code'][];
  comparisonPages: string[];
  locales: Record<SeedLocale, LocalizedFields>;
}

/** The company's identity (api::site.site): its name in every locale, the localized texts per locale. */
export interface SiteSeed {
  version: number;
  companyName: string;
  contactEmail: string | null;
  locales: Record<SeedLocale, LocalizedFields>;
}

export interface SeedContent {
  version: number;
  categories: CategorySeed[];
  comparisonPages: ComparisonSeed[];
  overview: OverviewSeed;
  site: SiteSeed;
}

const readJson = <T>(dir: string, file: string): T => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as T;

const assertLocales = (what: string, locales: Record<string, unknown> | undefined): void => {
  for (const locale of SEED_LOCALES) {
    if (!locales || typeof locales[locale] !== 'object' || locales[locale] === null) {
      throw new Error(`seed: ${what} has no "${locale}" content`);
    }
  }
};

export const loadSeedContent = (dir: string): SeedContent => {
  const categories = readJson<{ version: number; items: CategorySeed[] }>(dir, 'outsourcing-categories.json');
  const comparisons = readJson<{ version: number; items: ComparisonSeed[] }>(dir, 'comparison-pages.json');
  const overview = readJson<OverviewSeed>(dir, 'outsourcing-overview.json');
  const site = readJson<SiteSeed>(dir, 'site.json');

  categories.items.forEach((c) => assertLocales(`category ${c.code}`, c.locales));
  comparisons.items.forEach((c) => assertLocales(`comparison ${c.key}`, c.locales));
  assertLocales('overview', overview.locales);
  assertLocales('site', site.locales);

  return {
    // The seed version moves when any file moves: a new version is imported once more on start.
    version: Math.max(categories.version, comparisons.version, overview.version, site.version),
    categories: categories.items,
    comparisonPages: comparisons.items,
    overview,
    site,
  };
};
