import type { Core } from '@strapi/strapi';
import { projectStore } from '../project-store';
import { loadSeedContent, SEED_LOCALES, type LocalizedFields, type SeedContent, type SeedLocale } from './seed-files';

type SeededUID =
  | 'api::outsourcing-category.outsourcing-category'
  | 'api::comparison-page.comparison-page'
  | 'api::outsourcing-overview.outsourcing-overview';

export interface SeedOptions {
  /** Overwrite existing documents with the seed content (editors' changes are lost). */
  force?: boolean;
}

export interface SeedReport {
  created: number;
  updated: number;
  skipped: number;
  /** Empty fields of kept documents given the seed's value (fields added to the seed later). */
  filled: number;
}

interface DocumentRef {
  documentId: string;
}

/** The Document Service calls the seed makes, typed loosely: seed JSON is validated by Strapi on write. */
interface SeedDocuments {
  findFirst(params: Record<string, unknown>): Promise<DocumentRef | null>;
  create(params: Record<string, unknown>): Promise<DocumentRef>;
  update(params: Record<string, unknown>): Promise<DocumentRef | null>;
  publish(params: Record<string, unknown>): Promise<unknown>;
}

const documents = (strapi: Core.Strapi, uid: SeededUID): SeedDocuments => strapi.documents(uid);

/**
 * Writes one document in every seed locale. A locale that already exists is left alone unless
 * `force`; whatever was written is then published, so the API serves it.
 */
const upsertLocalized = async (
  strapi: Core.Strapi,
  uid: SeededUID,
  existingId: string | null,
  dataFor: (locale: SeedLocale) => LocalizedFields,
  options: SeedOptions,
  report: SeedReport
): Promise<string> => {
  const docs = documents(strapi, uid);
  let documentId = existingId;
  const written: SeedLocale[] = [];

  for (const locale of SEED_LOCALES) {
    const data = dataFor(locale);
    if (!documentId) {
      documentId = (await docs.create({ locale, data })).documentId;
      written.push(locale);
      report.created += 1;
      continue;
    }
    const present = await docs.findFirst({ filters: { documentId }, locale, status: 'draft', fields: ['id'] });
    if (present && !options.force) {
      report.skipped += 1;
      continue;
    }
    // update() on a missing locale creates that localization of the document.
    await docs.update({ documentId, locale, data });
    written.push(locale);
    if (present) report.updated += 1;
    else report.created += 1;
  }

  if (!documentId) throw new Error(`seed: no document written for ${uid}`);
  for (const locale of written) {
    await docs.publish({ documentId, locale });
  }
  return documentId;
};

interface OverviewRow {
  id: number;
  locale: string | null;
  quoteCta?: { id: number; consentLabel?: string | null } | null;
}

const seededConsentLabel = (seed: SeedContent, locale: string | null): string | undefined => {
  const fields = SEED_LOCALES.find((code) => code === locale);
  const cta = fields ? seed.overview.locales[fields].quoteCta : undefined;
  if (typeof cta !== 'object' || cta === null || !('consentLabel' in cta)) return undefined;
  return typeof cta.consentLabel === 'string' ? cta.consentLabel : undefined;
};

/**
 * The quote CTA's consent sentence came with seed version 2. An install that imported an earlier
 * seed keeps its overview as editors left it, so the new field would stay empty and submissions would
 * record no consent text: an empty sentence gets the seed's, in the draft and the published version of
 * each locale. Component rows are written directly: publishing the draft instead would also publish
 * whatever editors left unpublished. A sentence an editor wrote is never replaced.
 */
const fillMissingConsentLabels = async (strapi: Core.Strapi, seed: SeedContent, report: SeedReport) => {
  const rows = (await strapi.db.query('api::outsourcing-overview.outsourcing-overview').findMany({
    select: ['id', 'locale'],
    populate: { quoteCta: { select: ['id', 'consentLabel'] } },
  })) as OverviewRow[];
  for (const row of rows) {
    const label = seededConsentLabel(seed, row.locale);
    if (!row.quoteCta || row.quoteCta.consentLabel || !label) continue;
    await strapi.db
      .query('overview.quote-cta')
      .update({ where: { id: row.quoteCta.id }, data: { consentLabel: label } });
    report.filled += 1;
  }
};

const importContent = async (strapi: Core.Strapi, seed: SeedContent, options: SeedOptions): Promise<SeedReport> => {
  const report: SeedReport = { created: 0, updated: 0, skipped: 0, filled: 0 };
  const categoryIds = new Map<string, string>();
  const comparisonIds = new Map<string, string>();

  for (const category of seed.categories) {
    const uid = 'api::outsourcing-category.outsourcing-category';
    const existing = await documents(strapi, uid).findFirst({
      filters: { code: category.code },
      locale: 'fr',
      status: 'draft',
      fields: ['id'],
    });
    const id = await upsertLocalized(
      strapi,
      uid,
      existing?.documentId ?? null,
      (locale) => ({ ...category.locales[locale], code: category.code }),
      options,
      report
    );
    categoryIds.set(category.code, id);
  }

  for (const page of seed.comparisonPages) {
    const uid = 'api::comparison-page.comparison-page';
    // The French slug identifies a comparison page across runs (it is the seed's stable key).
    const existing = await documents(strapi, uid).findFirst({
      filters: { slug: page.locales.fr.slug },
      locale: 'fr',
      status: 'draft',
      fields: ['id'],
    });
    const id = await upsertLocalized(
      strapi,
      uid,
      existing?.documentId ?? null,
      (locale) => ({ ...page.locales[locale], displayOrder: page.displayOrder }),
      options,
      report
    );
    comparisonIds.set(page.key, id);
  }

  const pick = (ids: Map<string, string>, keys: string[], what: string): string[] =>
    keys.map((key) => {
      const id = ids.get(key);
      if (!id) throw new Error(`seed: overview references unknown ${what} "${key}"`);
      return id;
    });
  const overviewUid = 'api::outsourcing-overview.outsourcing-overview';
  const existingOverview = await documents(strapi, overviewUid).findFirst({
    locale: 'fr',
    status: 'draft',
    fields: ['id'],
  });
  await upsertLocalized(
    strapi,
    overviewUid,
    existingOverview?.documentId ?? null,
    (locale) => ({
      ...seed.overview.locales[locale],
      categories: pick(categoryIds, seed.overview.categories, 'category'),
      comparisonPages: pick(comparisonIds, seed.overview.comparisonPages, 'comparison page'),
    }),
    options,
    report
  );
  await fillMissingConsentLabels(strapi, seed, report);
  await importSite(strapi, seed, options, report);

  return report;
};

/**
 * The company's identity, a single type without drafts: each seed locale is written when missing (or
 * with `force`); what editors changed is kept.
 */
const importSite = async (strapi: Core.Strapi, seed: SeedContent, options: SeedOptions, report: SeedReport) => {
  const site = strapi.documents('api::site.site') as unknown as SeedDocuments;
  const contactEmail = seed.site.contactEmail ?? (strapi.config.get<string>('seed.siteContactEmail', '') || null);
  for (const locale of SEED_LOCALES) {
    const present = await site.findFirst({ locale, fields: ['id'] });
    if (present && !options.force) {
      report.skipped += 1;
      continue;
    }
    const data = {
      ...seed.site.locales[locale],
      companyName: seed.site.companyName,
      ...(contactEmail ? { contactEmail } : {}),
    };
    const any = present ?? (await site.findFirst({ fields: ['id'] }));
    if (any) await site.update({ documentId: any.documentId, locale, data });
    else await site.create({ locale, data });
    if (present) report.updated += 1;
    else report.created += 1;
  }
};

/**
 * Imports database/seed/ into the CMS. Idempotent: existing documents (matched by category code,
 * French slug, or the single overview) are never duplicated nor overwritten unless `force`.
 */
export const importSeed = async (strapi: Core.Strapi, options: SeedOptions = {}): Promise<SeedReport> => {
  const seed = loadSeedContent(strapi.config.get<string>('seed.dir'));
  const report = await importContent(strapi, seed, options);
  await projectStore(strapi).set('seedVersion', seed.version);
  strapi.log.info(
    `[seed] version ${seed.version}: ${report.created} created, ${report.updated} updated, ${report.skipped} kept, ${report.filled} empty field(s) filled`
  );
  return report;
};

/** Start-up import: runs once per seed version, so a deleted page is not resurrected by a restart. */
export const importSeedOnFirstRun = async (strapi: Core.Strapi): Promise<void> => {
  const imported = await projectStore(strapi).get('seedVersion');
  const seed = loadSeedContent(strapi.config.get<string>('seed.dir'));
  if (typeof imported === 'number' && imported >= seed.version) {
    return;
  }
  await importSeed(strapi);
};
