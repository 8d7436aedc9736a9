import type { Core } from '@strapi/strapi';
import type { ContentManagerConfiguration } from '../utils/strapi-services';
import { projectStore } from './project-store';
import {
  COMPONENT_VIEWS,
  CONTENT_TYPE_VIEWS,
  type FieldText,
  type LayoutField,
  type ViewDefinition,
} from './admin-view-definitions';

export { COMPONENT_VIEWS, CONTENT_TYPE_VIEWS, englishFieldLabels } from './admin-view-definitions';

/**
 * Content Manager views (list columns, sort, edit layout, French labels and help texts), committed in
 * ./admin-view-definitions.ts and applied at start-up when ADMIN_VIEWS_VERSION changes: an
 * administrator's later tweaks in "Configure the view" are kept until the next version ships.
 */
// 7: French labels and help texts on every field of every content type and component; notification list
// (status, recipients, failed first); routing as address lists; "Réponse attendue le" column.
// 9: the notification's send priority (issue 18) labelled.
// 10: request list without the model column (the tags name it): fits a 1440 px screen.
// 11: categories without a display order (the overview's list orders the cards, and says so), listed by code.
// 12: the SEO switch's help is a sentence ("Quand ce réglage est activé, …").
// 13: comparison table rows edited with their cells under the title (values without a row of their own).
// 14: quote mails: invitations (kind, the invited admin user instead of a request).
// 15: quote attachments labelled (hidden type, listed by file name).
export const ADMIN_VIEWS_VERSION = 15;

/** Attributes Strapi adds and shows by itself (or never): no layout row, no label of ours needed. */
export const SYSTEM_ATTRIBUTES = new Set([
  'id',
  'documentId',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'createdBy',
  'updatedBy',
  'locale',
  'localizations',
]);

/** What JSON, components, rich text and the like need: a full row (the Content Manager refuses less). */
const FULL_ROW_TYPES = new Set(['json', 'component', 'dynamiczone', 'richtext', 'blocks']);
const SMALL_TYPES = new Set(['boolean', 'integer', 'biginteger', 'decimal', 'float', 'date', 'time']);
/** Types the list view cannot show (the Content Manager's own rule). */
const NOT_LISTABLE_TYPES = new Set(['json', 'password', 'richtext', 'dynamiczone', 'blocks']);

type Attributes = Record<string, { type: string }>;

interface ConfigurationService {
  findConfiguration(model: { uid: string; category?: string }): Promise<ContentManagerConfiguration>;
  updateConfiguration(
    model: { uid: string; category?: string },
    configuration: ContentManagerConfiguration
  ): Promise<unknown>;
}

const isConfigurationService = (service: unknown): service is ConfigurationService =>
  typeof service === 'object' &&
  service !== null &&
  'findConfiguration' in service &&
  typeof service.findConfiguration === 'function' &&
  'updateConfiguration' in service &&
  typeof service.updateConfiguration === 'function';

const contentManagerService = (strapi: Core.Strapi, name: 'content-types' | 'components'): ConfigurationService => {
  const service: unknown = strapi.plugin('content-manager').service(name);
  if (!isConfigurationService(service)) throw new Error(`the Content Manager has no ${name} configuration service`);
  return service;
};

const defaultSize = (type: string): number => (FULL_ROW_TYPES.has(type) ? 12 : SMALL_TYPES.has(type) ? 4 : 6);

/**
 * The committed layout, limited to the attributes the model has (a view may name a field another
 * change has not shipped yet), then every attribute the view does not know, one row each, so a new
 * field shows up rather than hiding until the next version of the views. Fields the view knows but
 * leaves out of its rows (JSON shown as text elsewhere) stay hidden.
 */
const editLayout = (view: ViewDefinition, attributes: Attributes): LayoutField[][] => {
  const rows = view.edit
    .map((row) => row.filter((field) => field.name in attributes && !SYSTEM_ATTRIBUTES.has(field.name)))
    .filter((row) => row.length > 0);
  const unknown = Object.entries(attributes).filter(([name]) => !SYSTEM_ATTRIBUTES.has(name) && !(name in view.fields));
  return [...rows, ...unknown.map(([name, attribute]) => [{ name, size: defaultSize(attribute.type) }])];
};

const withTexts = (
  current: ContentManagerConfiguration['metadatas'],
  fields: Record<string, FieldText>,
  attributes: Attributes
): NonNullable<ContentManagerConfiguration['metadatas']> => {
  const metadatas = { ...(current ?? {}) };
  for (const [field, text] of Object.entries(fields)) {
    // Metadata for a field the model lacks would make Strapi skip it when the field arrives.
    if (!(field in attributes)) continue;
    const existing = metadatas[field] ?? {};
    metadatas[field] = {
      ...existing,
      edit: { ...(existing.edit ?? {}), label: text.label, description: text.help, editable: !text.readOnly },
      list: { ...(existing.list ?? {}), label: text.label },
    };
  }
  return metadatas;
};

const applyView = async (
  service: ConfigurationService,
  model: { uid: string; category?: string },
  view: ViewDefinition,
  attributes: Attributes
): Promise<void> => {
  const current = await service.findConfiguration(model);
  const settings = { ...(current.settings ?? {}), ...(view.settings ?? {}) };
  if (typeof settings.mainField === 'string' && !(settings.mainField in attributes)) delete settings.mainField;
  const list = view.list?.filter((name) => name in attributes && !NOT_LISTABLE_TYPES.has(attributes[name].type));
  await service.updateConfiguration(model, {
    settings,
    metadatas: withTexts(current.metadatas, view.fields, attributes),
    layouts: {
      ...(current.layouts ?? {}),
      ...(list ? { list } : {}),
      edit: editLayout(view, attributes),
    },
  });
};

export const applyAdminViews = async (strapi: Core.Strapi, { force = false } = {}): Promise<boolean> => {
  const store = projectStore(strapi);
  if (!force && (await store.get('adminViewsVersion')) === ADMIN_VIEWS_VERSION) return false;

  const contentTypes = contentManagerService(strapi, 'content-types');
  for (const [uid, view] of Object.entries(CONTENT_TYPE_VIEWS)) {
    const model = strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as
      | { attributes: Attributes }
      | undefined;
    // A view for a content type this build does not have (yet) waits for it.
    if (!model) continue;
    await applyView(contentTypes, { uid }, view, model.attributes);
  }
  const components = contentManagerService(strapi, 'components');
  for (const [uid, view] of Object.entries(COMPONENT_VIEWS)) {
    const component = strapi.components[uid as keyof typeof strapi.components] as
      | { attributes: Attributes; category: string }
      | undefined;
    if (!component) continue;
    await applyView(components, { uid, category: component.category }, view, component.attributes);
  }
  await store.set('adminViewsVersion', ADMIN_VIEWS_VERSION);
  strapi.log.info(`[admin] content manager views version ${ADMIN_VIEWS_VERSION} applied`);
  return true;
};
