import type { Core } from '@strapi/strapi';
import { getStrapiService } from '../utils/strapi-services';
import { projectStore } from './project-store';

/**
 * Content Manager views (list columns, sort, edit layout, labels and help texts), committed here and
 * applied at start-up when ADMIN_VIEWS_VERSION changes: an administrator's later tweaks in
 * "Configure the view" are kept until the next version ships.
 */
export const ADMIN_VIEWS_VERSION = 6;

type Field = { name: string; size: number };
interface Meta {
  label: string;
  description?: string;
  editable?: boolean;
}
interface ViewConfig {
  settings: Record<string, unknown>;
  list: string[];
  edit: Field[][];
  metadatas: Record<string, Meta>;
}

const f = (name: string, size = 6): Field => ({ name, size });

export const ADMIN_VIEWS: Record<string, ViewConfig> = {
  'api::quote-request.quote-request': {
    settings: {
      mainField: 'reference',
      defaultSortBy: 'createdAt',
      defaultSortOrder: 'DESC',
      pageSize: 20,
      bulkable: true,
      filterable: true,
      searchable: true,
    },
    list: ['reference', 'company', 'requestedModel', 'tagList', 'stage', 'createdAt'],
    edit: [
      [f('reference'), f('stage')],
      [f('expectedResponseBy'), f('firstResponseAt')],
      [f('internalNotes', 12)],
      [f('requestedModel', 4), f('scope', 4), f('approach', 4)],
      [f('fullName'), f('company')],
      [f('email'), f('phone')],
      [f('jobTitle'), f('sourceUrl')],
      [f('language', 4)],
      [f('message', 12)],
      [f('tags', 12)],
      [f('consent', 4), f('consentAt')],
      [f('consentTextVersion'), f('consentTextHash')],
      [f('lastActivityAt'), f('anonymizedAt')],
      [f('notificationStatus'), f('notificationAttempts', 4)],
      [f('notificationLastError', 12)],
      [f('routedTo', 12)],
      [f('userAgent'), f('ipHash')],
    ],
    metadatas: {
      reference: { label: 'Reference', description: 'Given at submission; quoted in every email', editable: false },
      stage: {
        label: 'Stage',
        description: 'new → qualified → contacted → proposal → won | lost (spam: honeypot hits)',
      },
      internalNotes: { label: 'Internal notes', description: 'Sales only: never sent to the prospect' },
      expectedResponseBy: {
        label: 'Answer expected by',
        description: 'Received time + QUOTE_SLA_HOURS',
        editable: false,
      },
      firstResponseAt: {
        label: 'First response at',
        description: 'Set automatically when the stage first leaves "new"',
        editable: false,
      },
      requestedModel: { label: 'Requested model' },
      scope: { label: 'Scope (total / partial)' },
      approach: { label: 'Approach (tactical / strategic)' },
      fullName: { label: 'Full name' },
      company: { label: 'Company' },
      email: { label: 'Email', description: 'Sales notifications use it as Reply-To' },
      phone: { label: 'Phone' },
      jobTitle: { label: 'Job title' },
      sourceUrl: { label: 'Page of the form' },
      language: { label: 'Language', description: "The requester's (fr / en): used for the confirmation email" },
      message: { label: 'Message' },
      tags: {
        label: 'Tags',
        description: 'model:*, scope:*, approach:* are recomputed from the request; other tags are kept',
      },
      tagList: { label: 'Tags', editable: false },
      consent: { label: 'Consent given', editable: false },
      consentAt: { label: 'Consent given at', editable: false },
      consentTextVersion: {
        label: 'Consent text version',
        description: "Publication time of the overview (in the request's language) whose consent sentence was shown",
        editable: false,
      },
      consentTextHash: {
        label: 'Consent text hash',
        description: 'SHA-256 of the sentence agreed to; the sentence itself is under Consent text',
        editable: false,
      },
      lastActivityAt: {
        label: 'Last activity',
        description: 'Creation, stage change or note: anonymised QUOTE_RETENTION_DAYS after it',
        editable: false,
      },
      anonymizedAt: {
        label: 'Anonymised at',
        description: 'Personal data erased (retention period over, or erasure request)',
        editable: false,
      },
      notificationStatus: {
        label: 'Emails',
        description: 'pending / sent / failed (see Quote notification for each mail)',
        editable: false,
      },
      notificationAttempts: { label: 'Email attempts', editable: false },
      notificationLastError: { label: 'Last email error', editable: false },
      routedTo: {
        label: 'Routed to',
        description: 'Sales addresses the notification was sent to (Quote routing when it was sent)',
        editable: false,
      },
      userAgent: { label: 'Browser', editable: false },
      ipHash: { label: 'IP (hashed)', editable: false },
      createdAt: { label: 'Received' },
    },
  },
  'api::quote-notification.quote-notification': {
    settings: {
      mainField: 'reference',
      defaultSortBy: 'id',
      defaultSortOrder: 'DESC',
      pageSize: 20,
      filterable: true,
      searchable: true,
    },
    // The refused addresses (JSON, which the list cannot show) are also spelled out in lastError.
    list: ['reference', 'kind', 'deliveryStatus', 'attempts', 'lastError', 'sentAt'],
    edit: [
      [f('reference', 4), f('kind', 4), f('deliveryStatus', 4)],
      [f('attempts', 4), f('sentAt', 4), f('nextAttemptAt', 4)],
      [f('lastError', 12)],
      [f('recipients', 12)],
      [f('cc', 12)],
      [f('rejectedRecipients', 12)],
      [f('messageId'), f('quoteRequestId', 3), f('alertFor', 3)],
      [f('lockedBy'), f('lockedUntil')],
    ],
    metadatas: {
      reference: { label: 'Reference', editable: false },
      kind: {
        label: 'Mail',
        description: 'sales / confirmation / alert (a sales mail not fully delivered)',
        editable: false,
      },
      deliveryStatus: {
        label: 'Status',
        description: 'pending / sending / sent / partial (refused for some recipients) / failed',
        editable: false,
      },
      attempts: { label: 'Attempts', editable: false },
      sentAt: { label: 'Sent at', editable: false },
      nextAttemptAt: { label: 'Next attempt at', editable: false },
      lastError: { label: 'Last error', description: "The mail server's answer", editable: false },
      recipients: { label: 'Sent to', description: 'Resolved when the mail is sent', editable: false },
      cc: { label: 'Cc', editable: false },
      rejectedRecipients: {
        label: 'Refused recipients',
        description: 'Addresses the mail server refused',
        editable: false,
      },
      messageId: { label: 'Message-ID', editable: false },
      quoteRequestId: { label: 'Request id', editable: false },
      alertFor: {
        label: 'Alert about notification',
        description: 'For an alert: the notification it reports',
        editable: false,
      },
      lockedBy: { label: 'Claimed by', editable: false },
      lockedUntil: { label: 'Claim lease until', editable: false },
    },
  },
  'api::privacy-log.privacy-log': {
    settings: {
      mainField: 'action',
      defaultSortBy: 'createdAt',
      defaultSortOrder: 'DESC',
      pageSize: 20,
      filterable: true,
      searchable: true,
    },
    list: ['action', 'actor', 'adminId', 'requestCount', 'notificationCount', 'createdAt'],
    edit: [
      [f('action', 4), f('actor', 4), f('adminId', 4)],
      [f('requestCount'), f('notificationCount')],
      [f('subjectHash', 12)],
      [f('details', 12)],
    ],
    metadatas: {
      action: {
        label: 'Action',
        description: "erase / export (a person's request) / retention (daily sweep)",
        editable: false,
      },
      actor: {
        label: 'By',
        description: 'admin (see Admin id), cli (npm run privacy) or system (retention)',
        editable: false,
      },
      adminId: { label: 'Admin id', editable: false },
      requestCount: { label: 'Requests', description: 'Anonymised, deleted or exported', editable: false },
      notificationCount: { label: 'Notifications', editable: false },
      subjectHash: {
        label: 'Address hash',
        description: 'HMAC of the normalised address with PRIVACY_HASH_SALT; never the address',
        editable: false,
      },
      details: { label: 'Details', editable: false },
      createdAt: { label: 'When' },
    },
  },
  'api::privacy-log.consent-text': {
    settings: {
      mainField: 'hash',
      defaultSortBy: 'createdAt',
      defaultSortOrder: 'DESC',
      pageSize: 20,
      filterable: true,
      searchable: true,
    },
    list: ['language', 'firstVersion', 'hash', 'createdAt'],
    edit: [[f('language', 4), f('firstVersion')], [f('hash', 12)], [f('text', 12)]],
    metadatas: {
      hash: { label: 'Hash', description: 'SHA-256 of the text, as stored on quote requests', editable: false },
      text: { label: 'Consent sentence', editable: false },
      language: { label: 'Language', editable: false },
      firstVersion: {
        label: 'First seen in version',
        description: 'Publication time of the overview that first showed it',
        editable: false,
      },
      createdAt: { label: 'First used' },
    },
  },
  'api::outsourcing-category.outsourcing-category': {
    settings: { mainField: 'acronym', defaultSortBy: 'displayOrder', defaultSortOrder: 'ASC' },
    list: ['acronym', 'name', 'slug', 'locale', 'displayOrder'],
    edit: [
      [f('code', 4), f('acronym', 4), f('displayOrder', 4)],
      [f('name'), f('slug')],
      [f('summary', 12)],
      [f('examples', 12)],
      [f('body', 12)],
      [f('linkLabel')],
      [f('seo', 12)],
    ],
    metadatas: {
      code: { label: 'Code', description: 'bpo, ito or kpo: shared by all languages, used by quote routing' },
      acronym: { label: 'Acronym', description: 'e.g. BPO' },
      name: { label: 'Full name', description: 'e.g. Business Process Outsourcing' },
      slug: { label: 'URL slug' },
      summary: { label: 'Summary', description: 'Shown on the overview page under the category title' },
      examples: { label: 'Examples', description: 'Short items: paie, facturation, relation client…' },
      body: { label: 'Detailed page' },
      linkLabel: { label: 'Link label', description: 'e.g. "Découvrir le BPO"' },
      displayOrder: { label: 'Order', description: 'Position on the overview page (shared by all languages)' },
      seo: { label: 'SEO' },
    },
  },
  'api::comparison-page.comparison-page': {
    settings: { mainField: 'title', defaultSortBy: 'displayOrder', defaultSortOrder: 'ASC' },
    list: ['title', 'slug', 'locale', 'displayOrder'],
    edit: [
      [f('title'), f('slug')],
      [f('intro', 12)],
      [f('options', 12)],
      [f('criteria', 12)],
      [f('linkLabel'), f('displayOrder', 4)],
      [f('seo', 12)],
    ],
    metadatas: {
      title: { label: 'Title' },
      slug: { label: 'URL slug' },
      intro: { label: 'Introduction' },
      options: {
        label: 'Compared options',
        description: 'One per column of the comparison table; the key links the criteria values',
      },
      criteria: { label: 'Comparison table', description: 'One row per criterion, with one value per option key' },
      linkLabel: { label: 'Link label', description: 'Shown on the overview page' },
      displayOrder: { label: 'Order' },
      seo: { label: 'SEO' },
    },
  },
};

export const applyAdminViews = async (strapi: Core.Strapi, { force = false } = {}): Promise<boolean> => {
  const store = projectStore(strapi);
  if (!force && (await store.get('adminViewsVersion')) === ADMIN_VIEWS_VERSION) return false;

  const contentTypes = getStrapiService('plugin::content-manager.content-types');
  for (const [uid, view] of Object.entries(ADMIN_VIEWS)) {
    const current = await contentTypes.findConfiguration({ uid });
    const metadatas = { ...(current.metadatas ?? {}) };
    for (const [field, meta] of Object.entries(view.metadatas)) {
      const existing = metadatas[field] ?? {};
      metadatas[field] = {
        ...existing,
        edit: {
          ...(existing.edit ?? {}),
          label: meta.label,
          description: meta.description ?? '',
          ...(meta.editable === false ? { editable: false } : {}),
        },
        list: { ...(existing.list ?? {}), label: meta.label },
      };
    }
    await contentTypes.updateConfiguration(
      { uid },
      {
        settings: { ...(current.settings ?? {}), ...view.settings },
        metadatas,
        layouts: { ...(current.layouts ?? {}), list: view.list, edit: view.edit },
      }
    );
  }
  await store.set('adminViewsVersion', ADMIN_VIEWS_VERSION);
  strapi.log.info(`[admin] content manager views version ${ADMIN_VIEWS_VERSION} applied`);
  return true;
};
