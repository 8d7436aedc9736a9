import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/**
 * Relations survive an unpublish and a publish in any order (strapi/strapi#24779, #23460).
 *
 * Strapi 5 keeps a published document as its own row and links published rows to published rows. A
 * unidirectional relation (the overview's `categories` and `comparisonPages`) lives in a join table keyed
 * by those row ids, and Strapi 5.54 loses it in two cases:
 * - unpublishing a category deletes its published row, and the join rows of every published document that
 *   listed it with the row; publishing the category again creates a new row that nothing links to (Strapi
 *   re-links other documents only when it replaces an existing published row);
 * - publishing the overview links its published row to the categories published at that moment: one
 *   listed in its draft but unpublished at that time is never linked when it is published later.
 * Either way the public overview no longer lists the category, until someone publishes the overview again.
 *
 * This Document Service middleware keeps such links in table `held_relations` (migration
 * 2026.12.06T00.00.00.held-relations.js), in the transaction of the action: on unpublish, the links other
 * published documents held to the rows being removed; on a publish of a document with such relations, its
 * draft's links to targets not published in that locale. When the target is published again, each held
 * link whose published source row still exists is written back, at its position; links whose source row
 * is gone (the source was unpublished or republished since) are dropped: the source's own publish decided.
 */
export const HELD_RELATIONS_TABLE = 'held_relations';

interface JoinTable {
  name: string;
  sourceColumn: string;
  targetColumn: string;
  orderColumn: string | null;
}

/** A unidirectional relation of a draft & publish content type, through a join table. */
interface Relation {
  sourceUid: string;
  sourceTable: string;
  targetUid: string;
  targetTable: string;
  joinTable: JoinTable;
}

export interface DocumentRef {
  uid: string;
  documentId: string;
  locale: string | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object';
const nameOf = (value: unknown): string | undefined =>
  isRecord(value) && typeof value.name === 'string' ? value.name : undefined;

/** A content type's schema as Strapi loaded it (`strapi.contentTypes` is keyed by the generated UIDs). */
const schemaOf = (strapi: Core.Strapi, uid: string): Record<string, unknown> | undefined => {
  const schema: unknown = (strapi.contentTypes as unknown as Record<string, unknown>)[uid];
  return isRecord(schema) ? schema : undefined;
};

const isDraftAndPublish = (strapi: Core.Strapi, uid: string): boolean => {
  const options = schemaOf(strapi, uid)?.options;
  return isRecord(options) && options.draftAndPublish === true;
};

const isLocalized = (strapi: Core.Strapi, uid: string): boolean => {
  const pluginOptions = schemaOf(strapi, uid)?.pluginOptions;
  return isRecord(pluginOptions) && isRecord(pluginOptions.i18n) && pluginOptions.i18n.localized === true;
};

/**
 * Every unidirectional relation between two draft & publish content types (self-relations aside: Strapi
 * re-links those itself), read from Strapi's database metadata. Bidirectional relations are re-created by
 * Strapi from the other side; join-column relations are not used by this project.
 */
const draftAndPublishRelations = (strapi: Core.Strapi): Relation[] => {
  const relations: Relation[] = [];
  for (const sourceUid of Object.keys(strapi.contentTypes)) {
    if (!isDraftAndPublish(strapi, sourceUid)) continue;
    const meta: unknown = strapi.db.metadata.get(sourceUid);
    if (!isRecord(meta) || typeof meta.tableName !== 'string' || !isRecord(meta.attributes)) continue;
    for (const attribute of Object.values(meta.attributes)) {
      if (!isRecord(attribute) || attribute.type !== 'relation' || typeof attribute.target !== 'string') continue;
      if (attribute.inversedBy || attribute.mappedBy || attribute.target === sourceUid) continue;
      if (!isDraftAndPublish(strapi, attribute.target) || !isRecord(attribute.joinTable)) continue;
      const { joinTable } = attribute;
      const name = typeof joinTable.name === 'string' ? joinTable.name : undefined;
      const sourceColumn = nameOf(joinTable.joinColumn);
      const targetColumn = nameOf(joinTable.inverseJoinColumn);
      const targetMeta: unknown = strapi.db.metadata.get(attribute.target);
      if (!name || !sourceColumn || !targetColumn || !isRecord(targetMeta) || typeof targetMeta.tableName !== 'string')
        continue;
      relations.push({
        sourceUid,
        sourceTable: meta.tableName,
        targetUid: attribute.target,
        targetTable: targetMeta.tableName,
        joinTable: {
          name,
          sourceColumn,
          targetColumn,
          orderColumn: typeof joinTable.orderColumnName === 'string' ? joinTable.orderColumnName : null,
        },
      });
    }
  }
  return relations;
};

const relationsCache = new WeakMap<Core.Strapi, Relation[]>();
const relationsOf = (strapi: Core.Strapi): Relation[] => {
  let relations = relationsCache.get(strapi);
  if (!relations) {
    relations = draftAndPublishRelations(strapi);
    relationsCache.set(strapi, relations);
  }
  return relations;
};

const tableIn = (strapi: Core.Strapi, trx: Knex.Transaction, name: string): Knex.QueryBuilder => {
  const schema = strapi.db.getSchemaName();
  return schema ? trx(name).withSchema(schema) : trx(name);
};

type Row = Record<string, unknown>;

/** The locales a Document Service action touches: `*` (all), the one named, or the default locale. */
const localesOf = async (strapi: Core.Strapi, uid: string, locale: unknown): Promise<string[] | '*' | null> => {
  if (!isLocalized(strapi, uid)) return null;
  if (locale === '*') return '*';
  if (typeof locale === 'string' && locale !== '') return [locale];
  const service: { getDefaultLocale(): Promise<string> } = strapi.plugin('i18n').service('locales');
  return [await service.getDefaultLocale()];
};

interface VersionRow {
  id: number;
  documentId: string;
  locale: string | null;
}

/** The rows of one document in those locales, published (`true`) or draft. */
const versionsOf = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  table: string,
  documentIds: string[],
  locales: string[] | '*' | null,
  published: boolean
): Promise<VersionRow[]> => {
  if (documentIds.length === 0) return [];
  const query = tableIn(strapi, trx, table).select('id', 'document_id', 'locale').whereIn('document_id', documentIds);
  void (published ? query.whereNotNull('published_at') : query.whereNull('published_at'));
  if (Array.isArray(locales)) void query.whereIn('locale', locales);
  const rows = (await query) as Row[];
  return rows.map((row) => ({
    id: Number(row.id),
    documentId: String(row.document_id),
    locale: typeof row.locale === 'string' ? row.locale : null,
  }));
};

/** The published documents whose published rows link to these target rows (through any relation into the type). */
const sourcesLinking = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  targetUid: string,
  targetIds: number[]
): Promise<DocumentRef[]> => {
  if (targetIds.length === 0) return [];
  const found = new Map<string, DocumentRef>();
  for (const relation of relationsOf(strapi).filter((r) => r.targetUid === targetUid)) {
    const { joinTable } = relation;
    const links = (await tableIn(strapi, trx, joinTable.name)
      .select(joinTable.sourceColumn)
      .whereIn(joinTable.targetColumn, targetIds)) as Row[];
    const sourceIds = [...new Set(links.map((link) => Number(link[joinTable.sourceColumn])))];
    if (sourceIds.length === 0) continue;
    const sources = (await tableIn(strapi, trx, relation.sourceTable)
      .select('document_id', 'locale')
      .whereIn('id', sourceIds)
      .whereNotNull('published_at')) as Row[];
    for (const source of sources) {
      const ref: DocumentRef = {
        uid: relation.sourceUid,
        documentId: String(source.document_id),
        locale: typeof source.locale === 'string' ? source.locale : null,
      };
      found.set(`${ref.uid}\u0000${ref.documentId}\u0000${ref.locale ?? ''}`, ref);
    }
  }
  return [...found.values()];
};

/**
 * The published documents that list this document's published version(s) in the locales an action
 * touches: the documents whose public answer changes with it (the overview of a category).
 */
export const publishedDependents = async (
  strapi: Core.Strapi,
  uid: string,
  documentId: string,
  locale: unknown
): Promise<DocumentRef[]> => {
  const relations = relationsOf(strapi).filter((relation) => relation.targetUid === uid);
  if (relations.length === 0) return [];
  return strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
    const locales = await localesOf(strapi, uid, locale);
    const published = await versionsOf(strapi, trx, relations[0].targetTable, [documentId], locales, true);
    return sourcesLinking(
      strapi,
      trx,
      uid,
      published.map((row) => row.id)
    );
  });
};

/** Unpublish: the links other published documents hold to the rows about to be removed. */
const holdLinksTo = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  relations: Relation[],
  targets: VersionRow[]
): Promise<void> => {
  if (targets.length === 0) return;
  const byId = new Map(targets.map((row) => [row.id, row]));
  const now = Date.now();
  for (const relation of relations) {
    const { joinTable } = relation;
    const links = (await tableIn(strapi, trx, joinTable.name).select('*').whereIn(joinTable.targetColumn, [...byId.keys()])) as Row[];
    const held = links.flatMap((link) => {
      const target = byId.get(Number(link[joinTable.targetColumn]));
      if (!target) return [];
      return [
        {
          join_table: joinTable.name,
          source_column: joinTable.sourceColumn,
          target_column: joinTable.targetColumn,
          order_column: joinTable.orderColumn,
          source_id: Number(link[joinTable.sourceColumn]),
          order_value: joinTable.orderColumn === null ? null : (link[joinTable.orderColumn] as number | null),
          target_uid: relation.targetUid,
          target_document_id: target.documentId,
          target_locale: target.locale,
          created_at: now,
        },
      ];
    });
    if (held.length > 0) await tableIn(strapi, trx, HELD_RELATIONS_TABLE).insert(held);
  }
};

/**
 * Publish of a source: the links of its draft to targets that have no published version in that locale,
 * held for the new published row (Strapi left them out).
 */
const holdUnpublishedTargets = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  relations: Relation[],
  published: VersionRow[]
): Promise<void> => {
  if (published.length === 0) return;
  const now = Date.now();
  const drafts = await versionsOf(
    strapi,
    trx,
    relations[0].sourceTable,
    [...new Set(published.map((row) => row.documentId))],
    [...new Set(published.flatMap((row) => (row.locale === null ? [] : [row.locale])))],
    false
  );
  for (const publishedRow of published) {
    const draft = drafts.find((row) => row.documentId === publishedRow.documentId && row.locale === publishedRow.locale);
    if (!draft) continue;
    for (const relation of relations) {
      const { joinTable } = relation;
      const links = (await tableIn(strapi, trx, joinTable.name).select('*').where(joinTable.sourceColumn, draft.id)) as Row[];
      if (links.length === 0) continue;
      const targetDrafts = (await tableIn(strapi, trx, relation.targetTable)
        .select('id', 'document_id', 'locale')
        .whereIn(
          'id',
          links.map((link) => Number(link[joinTable.targetColumn]))
        )) as Row[];
      const liveTargets = await versionsOf(
        strapi,
        trx,
        relation.targetTable,
        [...new Set(targetDrafts.map((row) => String(row.document_id)))],
        '*',
        true
      );
      const held: Record<string, unknown>[] = [];
      for (const link of links) {
        const target = targetDrafts.find((row) => Number(row.id) === Number(link[joinTable.targetColumn]));
        if (!target) continue;
        const targetLocale = typeof target.locale === 'string' ? target.locale : null;
        const live = liveTargets.find((row) => row.documentId === String(target.document_id) && row.locale === targetLocale);
        if (live) {
          // Strapi numbered the published links 1..n without the missing ones: give them the draft's
          // positions, so a held link written back later lands where the draft has it.
          if (joinTable.orderColumn !== null) {
            await tableIn(strapi, trx, joinTable.name)
              .where({ [joinTable.sourceColumn]: publishedRow.id, [joinTable.targetColumn]: live.id })
              .update({ [joinTable.orderColumn]: link[joinTable.orderColumn] });
          }
          continue;
        }
        held.push(
          {
            join_table: joinTable.name,
            source_column: joinTable.sourceColumn,
            target_column: joinTable.targetColumn,
            order_column: joinTable.orderColumn,
            source_id: publishedRow.id,
            order_value: joinTable.orderColumn === null ? null : (link[joinTable.orderColumn]),
            target_uid: relation.targetUid,
            target_document_id: String(target.document_id),
            target_locale: targetLocale,
            created_at: now,
        });
      }
      if (held.length > 0) await tableIn(strapi, trx, HELD_RELATIONS_TABLE).insert(held);
    }
  }
};

/** Publish of a target: its held links whose source row is still published, written back to the new rows. */
const restoreHeldLinks = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  targetUid: string,
  published: VersionRow[]
): Promise<void> => {
  for (const row of published) {
    const held = tableIn(strapi, trx, HELD_RELATIONS_TABLE)
      .where({ target_uid: targetUid, target_document_id: row.documentId })
      .andWhere((locale) => {
        void (row.locale === null ? locale.whereNull('target_locale') : locale.where('target_locale', row.locale));
      });
    const links = (await held.clone().select('*').orderBy('id', 'asc')) as Row[];
    for (const link of links) {
      const relation = relationsOf(strapi).find(
        (r) => r.targetUid === targetUid && r.joinTable.name === link.join_table
      );
      // A join table the schema no longer has: the link goes with it.
      if (!relation) continue;
      const { joinTable } = relation;
      const sourceId = Number(link.source_id);
      const source = (await tableIn(strapi, trx, relation.sourceTable)
        .select('id')
        .where('id', sourceId)
        .whereNotNull('published_at')
        .first()) as Row | undefined;
      if (!source) continue;
      const existing = (await tableIn(strapi, trx, joinTable.name)
        .select(joinTable.sourceColumn)
        .where({ [joinTable.sourceColumn]: sourceId, [joinTable.targetColumn]: row.id })
        .first()) as Row | undefined;
      if (existing) continue;
      await tableIn(strapi, trx, joinTable.name).insert({
        [joinTable.sourceColumn]: sourceId,
        [joinTable.targetColumn]: row.id,
        ...(joinTable.orderColumn === null ? {} : { [joinTable.orderColumn]: link.order_value }),
      });
    }
    await held.clone().delete();
  }
};

/** Delete of a target: nothing can be published again, its held links go. */
const dropHeldLinks = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  targetUid: string,
  documentId: string,
  locales: string[] | '*' | null
): Promise<void> => {
  const query = tableIn(strapi, trx, HELD_RELATIONS_TABLE).where({ target_uid: targetUid, target_document_id: documentId });
  if (Array.isArray(locales)) void query.whereIn('target_locale', locales);
  await query.delete();
};

const entriesOf = (result: unknown): VersionRow[] => {
  if (!isRecord(result) || !Array.isArray(result.entries)) return [];
  return result.entries.flatMap((entry: unknown) =>
    isRecord(entry) && typeof entry.id === 'number' && typeof entry.documentId === 'string'
      ? [{ id: entry.id, documentId: entry.documentId, locale: typeof entry.locale === 'string' ? entry.locale : null }]
      : []
  );
};

/** register(): the Document Service middleware (for the admin, the APIs and scripts alike). */
export const keepPublishedRelations = (strapi: Core.Strapi): void => {
  strapi.documents.use(async (context, next) => {
    const { action, uid } = context;
    if (action !== 'publish' && action !== 'unpublish' && action !== 'delete') return next();
    const relations = relationsOf(strapi);
    const into = relations.filter((relation) => relation.targetUid === uid);
    const outOf = relations.filter((relation) => relation.sourceUid === uid);
    if (into.length === 0 && outOf.length === 0) return next();
    const params = (context.params ?? {}) as { documentId?: unknown; locale?: unknown };
    const documentId = typeof params.documentId === 'string' ? params.documentId : undefined;
    if (!documentId) return next();

    return strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
      const locales = await localesOf(strapi, uid, params.locale);
      if (action === 'unpublish' && into.length > 0) {
        const leaving = await versionsOf(strapi, trx, into[0].targetTable, [documentId], locales, true);
        await holdLinksTo(strapi, trx, into, leaving);
      }
      const result = await next();
      if (action === 'publish') {
        const published = entriesOf(result);
        if (into.length > 0) await restoreHeldLinks(strapi, trx, uid, published);
        if (outOf.length > 0) await holdUnpublishedTargets(strapi, trx, outOf, published);
      }
      if (action === 'delete' && into.length > 0) await dropHeldLinks(strapi, trx, uid, documentId, locales);
      return result;
    });
  });
};
