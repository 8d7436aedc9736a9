import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { comparisonTableProblems, type TableProblem } from './validation/comparison-table';

export const COMPARISON_PAGE_UID = 'api::comparison-page.comparison-page';

const TABLE_POPULATE = { options: true, criteria: { populate: { values: true } } } as const;

interface StoredTable {
  options?: unknown;
  criteria?: unknown;
}

/** The table's two halves as sent or stored; `has` tells which halves a write sends. */
const tableOf = (value: unknown): StoredTable & { has: { options: boolean; criteria: boolean } } => {
  if (!value || typeof value !== 'object') return { has: { options: false, criteria: false } };
  const has = { options: 'options' in value, criteria: 'criteria' in value };
  return {
    options: 'options' in value ? value.options : undefined,
    criteria: 'criteria' in value ? value.criteria : undefined,
    has,
  };
};

const refuse = (problems: TableProblem[]): never => {
  const summary =
    problems.length === 1
      ? problems[0].message
      : `Le tableau comparatif a ${problems.length} erreurs : ${problems[0].message}`;
  throw new errors.ValidationError(summary, {
    errors: problems.map((problem) => ({ path: problem.path, message: problem.message, name: 'ValidationError' })),
  });
};

const defaultLocale = async (strapi: Core.Strapi): Promise<string> => {
  const locales: unknown = strapi.plugin('i18n').service('locales');
  if (locales && typeof locales === 'object' && 'getDefaultLocale' in locales) {
    const { getDefaultLocale } = locales;
    if (typeof getDefaultLocale === 'function') {
      const code: unknown = await getDefaultLocale.call(locales);
      if (typeof code === 'string' && code) return code;
    }
  }
  return 'fr';
};

/** The stored draft of one locale: what a partial update leaves in place. */
const storedDraft = async (strapi: Core.Strapi, documentId: string, locale: string): Promise<StoredTable> => {
  const row: unknown = await strapi.db
    .query(COMPARISON_PAGE_UID)
    .findOne({ where: { documentId, locale, publishedAt: null }, populate: TABLE_POPULATE });
  return tableOf(row);
};

const check = (table: StoredTable): void => {
  const problems = comparisonTableProblems(table.options, table.criteria);
  if (problems.length > 0) refuse(problems);
};

/**
 * The comparison table's rules (validation/comparison-table.ts) on every write path: the Content
 * Manager's save (draft included: Strapi checks `required` only at publication), REST, GraphQL and the
 * seed all go through the Document Service. An update sending only the options, or only the rows, is
 * checked against the other half as stored. A publication checks the drafts it publishes, so a draft
 * stored before these rules cannot go live without them.
 */
export const registerComparisonTableGuard = (strapi: Core.Strapi): void => {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== COMPARISON_PAGE_UID) return next();
    const params = context.params as { data?: unknown; documentId?: unknown; locale?: unknown };
    if (context.action === 'create' || context.action === 'update') {
      const data = tableOf(params.data);
      if (data.has.options || data.has.criteria) {
        const locale = typeof params.locale === 'string' ? params.locale : await defaultLocale(strapi);
        const stored =
          context.action === 'update' && typeof params.documentId === 'string'
            ? await storedDraft(strapi, params.documentId, locale)
            : {};
        check({
          options: data.has.options ? data.options : stored.options,
          criteria: data.has.criteria ? data.criteria : stored.criteria,
        });
      }
    }
    if (context.action === 'publish' && typeof params.documentId === 'string') {
      const locale = params.locale;
      const where: Record<string, unknown> = { documentId: params.documentId, publishedAt: null };
      if (typeof locale === 'string' && locale !== '*') where.locale = locale;
      else if (Array.isArray(locale)) where.locale = { $in: locale };
      else if (locale === undefined) where.locale = await defaultLocale(strapi);
      const drafts: unknown[] = await strapi.db
        .query(COMPARISON_PAGE_UID)
        .findMany({ where, populate: TABLE_POPULATE });
      for (const draft of drafts) check(tableOf(draft));
    }
    return next();
  });
};

/**
 * Tables stored before these rules (a draft saved without a row title, a cell whose option was since
 * renamed): named at start-up, page by page, so they are fixed before an editor's next save or
 * publication of that page is refused. Content is not changed behind the editors' backs: a missing
 * title or column is theirs to choose. Answers how many page versions break the rules.
 */
export const reportNonCompliantTables = async (strapi: Core.Strapi): Promise<number> => {
  const rows: unknown[] = await strapi.db.query(COMPARISON_PAGE_UID).findMany({ populate: TABLE_POPULATE });
  let count = 0;
  for (const row of rows) {
    const problems = comparisonTableProblems(tableOf(row).options, tableOf(row).criteria);
    if (problems.length === 0) continue;
    count += 1;
    const { documentId, locale, publishedAt } = (row ?? {}) as Record<string, unknown>;
    const version = publishedAt ? 'published' : 'draft';
    strapi.log.warn(
      `[comparison-page] ${String(documentId)} (${String(locale)}, ${version}): ${problems
        .map((problem) => problem.message)
        .join(' | ')}; fix it in the Content Manager (its saves and publication are refused until then)`
    );
  }
  return count;
};
