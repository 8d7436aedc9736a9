/**
 * The admin as the editors and the sales team use it: French labels and help texts on every field, lists
 * without technical ids, readable titles for single types, the notification list (what failed first), the
 * routing's address lists and their validation, and French as a new admin's interface language.
 */
import { adminToken } from '../helpers/admin';
import { nextClientIp } from '../helpers/context';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';
import { applyAdminLanguageDefault } from '../../src/bootstrap/admin-language';
import { backfillListColumns } from '../../src/features/quote-desk/list-columns-backfill';
import { englishFieldLabels, SYSTEM_ATTRIBUTES } from '../../src/bootstrap/admin-views';
import { ROUTING_TITLE } from '../../src/api/quote-routing/domain/address-lists';
import { getService } from '../../src/utils/get-service';

const QR = 'api::quote-request.quote-request';
const QN = 'api::quote-notification.quote-notification';
const ROUTING = 'api::quote-routing.quote-routing';

// The tests drive the outbox themselves, so which mail is in which state is known exactly.
useStrapi({ ...INTEGRATION_ENV, EMAIL_OUTBOX_ENABLED: 'false' });

interface Configuration {
  settings: Record<string, unknown>;
  layouts: { list: string[]; edit: { name: string; size: number }[][] };
  metadatas: Record<
    string,
    { edit: { label?: string; description?: string; editable?: boolean }; list: { label?: string } }
  >;
}

interface Model {
  attributes: Record<string, { type: string }>;
  kind?: string;
  category?: string;
}

const configurationOf = async (kind: 'content-types' | 'components', uid: string): Promise<Configuration> => {
  const service = getStrapi().plugin('content-manager').service(kind) as unknown as {
    findConfiguration(model: { uid: string }): Promise<Configuration>;
  };
  return service.findConfiguration({ uid });
};

/** The project's content types (src/api) and components (src/components), with their own attributes. */
const projectContentTypes = (): [string, Model][] =>
  Object.entries(getStrapi().contentTypes as unknown as Record<string, Model>).filter(([uid]) =>
    uid.startsWith('api::')
  );
const projectComponents = (): [string, Model][] =>
  Object.entries(getStrapi().components as unknown as Record<string, Model>);
const ownFields = (model: Model): string[] =>
  Object.keys(model.attributes).filter((name) => !SYSTEM_ATTRIBUTES.has(name));

const adminFetch = async (token: string, path: string, init: RequestInit = {}): Promise<Response> =>
  fetch(`${httpServer()}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) },
  });

let superAdmin = '';
/** The first administrator, registered as on a fresh install (the sign-up screen of the admin). */
let firstAdmin: { token: string; preferedLanguage: unknown } | undefined;

beforeAll(async () => {
  const res = await fetch(`${httpServer()}/admin/register-admin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      firstname: 'Première',
      lastname: 'Administratrice',
      email: 'premiere.admin@rouge-hexagone.test',
      password: 'Adm1n-Passw0rd!',
    }),
  });
  expect(res.status).toBe(200);
  const registered = (await res.json()) as { data: { token: string; user: { preferedLanguage?: unknown } } };
  firstAdmin = { token: registered.data.token, preferedLanguage: registered.data.user.preferedLanguage };
  superAdmin = await adminToken('strapi-super-admin');
});

describe('French admin: labels and help texts', () => {
  it('gives every field of every content type a label that is not its name, and a one-line help text', async () => {
    const missing: string[] = [];
    for (const [uid, model] of projectContentTypes()) {
      const { metadatas } = await configurationOf('content-types', uid);
      for (const field of ownFields(model)) {
        const edit = metadatas[field]?.edit ?? {};
        if (!edit.label || edit.label === field || !edit.description || /\n/.test(edit.description)) {
          missing.push(`${uid}.${field}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('gives every field of every component a label and a help text naming the part of the page it fills', async () => {
    const missing: string[] = [];
    for (const [uid, model] of projectComponents()) {
      const { metadatas } = await configurationOf('components', uid);
      for (const field of ownFields(model)) {
        const edit = metadatas[field]?.edit ?? {};
        const namesThePage = /page|section|tableau|encadré|carte|«/.test(edit.description ?? '');
        if (!edit.label || edit.label === field || !namesThePage || /\n/.test(edit.description ?? '')) {
          missing.push(`${uid}.${field}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('names the sections of the public page on the overview and its SEO in French', async () => {
    const overview = await configurationOf('content-types', 'api::outsourcing-overview.outsourcing-overview');
    expect(overview.metadatas.categoriesSection.edit.label).toBe('Section « Catégories »');
    expect(overview.metadatas.categoriesSection.edit.description).toContain(
      '« Les grandes catégories d’externalisation »'
    );
    expect(overview.metadatas.choosingConclusion.edit.description).toContain(
      '« Comment choisir le bon modèle d’externalisation ? »'
    );
    expect(overview.metadatas.quoteCta.edit.label).toBe('Bloc « Demander un devis »');
    expect(overview.metadatas.quoteCta.edit.description).toContain('« Envie d’externaliser ? »');
    const quoteCta = await configurationOf('components', 'overview.quote-cta');
    expect(quoteCta.metadatas.responseTimeNote.edit.label).toBe('Délai de réponse annoncé');
    expect(quoteCta.metadatas.requiredFieldsNote.edit.description).toContain('« * Champs obligatoires »');
    const seo = await configurationOf('components', 'shared.seo');
    expect(seo.metadatas.metaTitle.edit.label).toBe('Titre SEO');
    expect(seo.metadatas.noIndex.edit.label).toBe('Masquer aux moteurs de recherche');
  });

  it('says on the overview that its list orders the category cards; a category has no order of its own', async () => {
    const overview = await configurationOf('content-types', 'api::outsourcing-overview.outsourcing-overview');
    expect(overview.metadatas.categories.edit.description).toMatch(/dans l’ordre de cette liste/);
    const category = await configurationOf('content-types', 'api::outsourcing-category.outsourcing-category');
    expect(Object.keys(category.metadatas)).not.toContain('displayOrder');
    expect(category.layouts.list).toEqual(['acronym', 'name', 'slug', 'locale']);
    expect(category.layouts.edit.flat().map((field) => field.name)).not.toContain('displayOrder');
    expect(category.settings).toEqual(expect.objectContaining({ defaultSortBy: 'code', defaultSortOrder: 'ASC' }));
  });

  it('offers an English label for every field, for admins whose interface is in English', () => {
    const messages = englishFieldLabels();
    const missing = [
      ...projectContentTypes().flatMap(([uid, model]) =>
        ownFields(model).map((field) => `content-manager.content-types.${uid}.${field}`)
      ),
      ...projectComponents().flatMap(([uid, model]) =>
        ownFields(model).map((field) => `content-manager.components.${uid}.${field}`)
      ),
    ].filter((id) => !messages[id]);
    expect(missing).toEqual([]);
    expect(messages['content-manager.content-types.api::outsourcing-overview.outsourcing-overview.quoteCta']).toBe(
      'Quote call-to-action'
    );
  });

  it('writes the quote request help texts in plain words, without configuration names', async () => {
    const { metadatas } = await configurationOf('content-types', QR);
    const helps = Object.values(metadatas).map((meta) => meta.edit.description ?? '');
    expect(helps.filter((help) => /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/.test(help))).toEqual([]);
    expect(metadatas.expectedResponseBy.edit.label).toBe('Réponse attendue le');
  });
});

describe('lists and titles', () => {
  it('shows no technical id in any list', async () => {
    const withIds: string[] = [];
    for (const [uid] of projectContentTypes()) {
      const { layouts } = await configurationOf('content-types', uid);
      if (layouts.list.some((column) => ['id', 'documentId', 'quoteRequestId', 'adminId'].includes(column))) {
        withIds.push(uid);
      }
    }
    expect(withIds).toEqual([]);
  });

  it('titles every single type with a text field, never with an id', async () => {
    for (const [uid, model] of projectContentTypes().filter(([, m]) => m.kind === 'singleType')) {
      const { settings } = await configurationOf('content-types', uid);
      expect([uid, model.attributes[String(settings.mainField)]?.type]).toEqual([uid, 'string']);
    }
  });

  it('lists quote requests with the answer-expected date, and tags and routed addresses as read-only text', async () => {
    const { layouts, metadatas } = await configurationOf('content-types', QR);
    expect(layouts.list).toEqual(expect.arrayContaining(['reference', 'stage', 'expectedResponseBy', 'tagList']));
    const shown = layouts.edit.flat().map((field) => field.name);
    expect(shown).toEqual(expect.arrayContaining(['tagList', 'routedToList']));
    expect(shown).not.toContain('tags');
    expect(shown).not.toContain('routedTo');
    expect(metadatas.tagList.edit.editable).toBe(false);
    expect(metadatas.routedToList.edit.editable).toBe(false);
    expect(metadatas.stage.edit.editable).toBe(true);
  });

  it('has no empty choice on the required pipeline stage', () => {
    const stage = (getStrapi().contentTypes as unknown as Record<string, Model>)[QR].attributes.stage as {
      type: string;
      required?: boolean;
      default?: string;
    };
    // The Content Manager hides its "Choose here" option on a required enumeration.
    expect(stage).toEqual(expect.objectContaining({ type: 'enumeration', required: true, default: 'new' }));
  });
});

describe('notifications list: what needs someone first', () => {
  const references: string[] = [];

  beforeAll(async () => {
    for (const company of ['Alpha', 'Bravo', 'Charlie']) {
      const res = await fetch(`${httpServer()}/api/quote-requests`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': nextClientIp() },
        body: JSON.stringify({
          data: {
            fullName: 'Liste Test',
            email: `liste.${company.toLowerCase()}@client.test`,
            company,
            requestedModel: 'bpo',
            message: 'Un message suffisamment long.',
            consent: true,
          },
        }),
      });
      expect(res.status).toBe(201);
      references.push(((await res.json()) as { data: { reference: string } }).data.reference);
    }
    const outbox = getStrapi().service(QN) as unknown as { dispatchPendingNotifications(): Promise<unknown> };
    await outbox.dispatchPendingNotifications();
  });

  it('shows status, kind, recipients, attempts, sent time and last error, sorted by attention then age', async () => {
    const { layouts, settings, metadatas } = await configurationOf('content-types', QN);
    expect(layouts.list).toEqual(
      expect.arrayContaining(['deliveryStatus', 'kind', 'recipientList', 'attempts', 'sentAt', 'lastError'])
    );
    expect(settings).toEqual(expect.objectContaining({ defaultSortBy: 'listOrder', defaultSortOrder: 'DESC' }));
    expect(metadatas.recipientList.list.label).toBe('Destinataires');
  });

  it('lists failed and partly delivered mails first, newest first, then the others, newest first', async () => {
    const rows = (await getStrapi()
      .db.query(QN)
      .findMany({ where: { reference: { $in: references }, kind: 'sales' }, orderBy: { id: 'asc' } })) as {
      id: number;
      reference: string;
    }[];
    const [alpha, bravo] = rows;
    // As the outbox records them: one row at a time, and a conditional batch update.
    await getStrapi()
      .db.query(QN)
      .update({ where: { id: alpha.id }, data: { deliveryStatus: 'failed', lastError: '550 mailbox unavailable' } });
    await getStrapi()
      .db.query(QN)
      .updateMany({ where: { id: bravo.id, deliveryStatus: 'sent' }, data: { deliveryStatus: 'partial' } });

    const res = await adminFetch(
      superAdmin,
      `/content-manager/collection-types/${QN}?page=1&pageSize=100&sort=listOrder:DESC`
    );
    expect(res.status).toBe(200);
    const listed = ((await res.json()) as { results: { id: number; deliveryStatus: string; recipientList: string }[] })
      .results;
    expect(listed.slice(0, 2).map((row) => row.id)).toEqual([bravo.id, alpha.id]);
    const rest = listed.slice(2);
    expect(rest.every((row) => !['failed', 'partial'].includes(row.deliveryStatus))).toBe(true);
    expect(rest.map((row) => row.id)).toEqual([...rest.map((row) => row.id)].sort((a, b) => b - a));

    const sales = listed.find((row) => row.id === alpha.id);
    expect(sales?.recipientList).toBe('bpo@rouge-hexagone.test (cc : direction@rouge-hexagone.test)');
  });

  it('moves a mail back among the others once it is retried', async () => {
    const failed = (await getStrapi()
      .db.query(QN)
      .findOne({ where: { reference: references[0], kind: 'sales' } })) as { id: number; documentId: string };
    await getService('quote-notification').retry(failed.documentId);
    const row = (await getStrapi()
      .db.query(QN)
      .findOne({ where: { id: failed.id }, select: ['deliveryStatus', 'listOrder'] })) as {
      deliveryStatus: string;
      listOrder: string;
    };
    expect(row.deliveryStatus).toBe('pending');
    expect(Number(row.listOrder)).toBe(failed.id);
  });
});

describe('list columns of rows stored before them', () => {
  it('orders, and writes as text, the notifications and requests that have none yet', async () => {
    const strapi = getStrapi();
    const failed = (await strapi.db.query(QN).findOne({ where: { deliveryStatus: 'partial' } })) as {
      id: number;
      quoteRequestId: number;
      recipientList: string;
    };
    const sent = (await strapi.db.query(QN).findOne({ where: { deliveryStatus: 'sent', kind: 'sales' } })) as {
      id: number;
      quoteRequestId: number;
      recipientList: string;
    };
    const request = (await strapi.db.query(QR).findOne({ where: { id: sent.quoteRequestId } })) as {
      routedToList: string;
    };
    expect(sent.recipientList).toContain('@rouge-hexagone.test');
    expect(request.routedToList).toBe('bpo@rouge-hexagone.test, direction@rouge-hexagone.test');
    // As a row stored before the columns existed: no order, no text.
    await strapi.db
      .getConnection('quote_notifications')
      .whereIn('id', [failed.id, sent.id])
      .update({ list_order: null, recipient_list: null });
    await strapi.db.getConnection('quote_requests').where({ id: sent.quoteRequestId }).update({ routed_to_list: null });

    expect(await backfillListColumns(strapi)).toBe(false);
    expect(await backfillListColumns(strapi, { force: true })).toBe(true);

    const rows = (await strapi.db.query(QN).findMany({
      where: { id: { $in: [failed.id, sent.id] } },
      select: ['id', 'listOrder', 'recipientList'],
      orderBy: { id: 'asc' },
    })) as { id: number; listOrder: string; recipientList: string }[];
    expect(rows.map((row) => [row.id, Number(row.listOrder), row.recipientList])).toEqual(
      [
        [failed.id, 1_000_000_000_000 + failed.id, failed.recipientList],
        [sent.id, sent.id, sent.recipientList],
      ].sort((a, b) => Number(a[0]) - Number(b[0]))
    );
    const backfilled = (await strapi.db.query(QR).findOne({ where: { id: sent.quoteRequestId } })) as {
      routedToList: string;
    };
    expect(backfilled.routedToList).toBe(request.routedToList);
  });
});

describe('routing: one address list per model', () => {
  const path = `/content-manager/single-types/${ROUTING}`;

  it('labels each list in words, with who receives what', async () => {
    const { metadatas } = await configurationOf('content-types', ROUTING);
    expect(metadatas.bpoAddresses.edit.label).toBe('Demandes BPO');
    expect(metadatas.undecidedAddresses.edit.label).toBe('Demandes « modèle à définir »');
    expect(metadatas.fallbackAddresses.edit.label).toBe('Adresses par défaut');
    expect(metadatas.ccAddresses.edit.label).toBe('En copie de toutes les demandes');
    expect(metadatas.ccAddresses.edit.description).toContain('une adresse par ligne');
  });

  it('shows the seeded addresses one per line', async () => {
    const res = await adminFetch(superAdmin, path);
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: Record<string, unknown> };
    expect(data).toEqual(
      expect.objectContaining({
        title: ROUTING_TITLE,
        bpoAddresses: 'bpo@rouge-hexagone.test',
        itoAddresses: 'ito@rouge-hexagone.test\nito-lead@rouge-hexagone.test',
      })
    );
  });

  it('refuses a list holding something that is not an address, naming the field and the address', async () => {
    const res = await adminFetch(superAdmin, path, {
      method: 'PUT',
      body: JSON.stringify({ title: ROUTING_TITLE, bpoAddresses: 'bpo@rouge-hexagone.test\nbpo-at-rouge-hexagone' }),
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as {
      error: { name: string; message: string; details: { errors: { path: string[]; message: string }[] } };
    };
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain('bpo-at-rouge-hexagone');
    expect(error.details.errors.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: ['bpoAddresses'], message: '« bpo-at-rouge-hexagone » n’est pas une adresse e-mail valide' },
    ]);
    expect((await getService('quote-routing').getRouting()).bpo).toEqual(['bpo@rouge-hexagone.test']);
  });

  it('stores a valid list one address per line, and routes with it', async () => {
    const res = await adminFetch(superAdmin, path, {
      method: 'PUT',
      body: JSON.stringify({
        title: ROUTING_TITLE,
        kpoAddresses: ' KPO@Rouge-Hexagone.test, kpo-lead@rouge-hexagone.test\n\n',
      }),
    });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: Record<string, unknown> };
    expect(data.kpoAddresses).toBe('kpo@rouge-hexagone.test\nkpo-lead@rouge-hexagone.test');
    // An edit drops the routing cache of this instance.
    expect((await getService('quote-routing').getRouting()).kpo).toEqual([
      'kpo@rouge-hexagone.test',
      'kpo-lead@rouge-hexagone.test',
    ]);
  });

  it('appears under its title among the last edited entries of the home page', async () => {
    const res = await adminFetch(superAdmin, '/content-manager/homepage/recent-documents?action=update');
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { contentTypeUid: string; title: unknown }[] };
    expect(data.find((document) => document.contentTypeUid === ROUTING)?.title).toBe(ROUTING_TITLE);
  });
});

describe('interface language of a new admin', () => {
  const users = () =>
    getStrapi().service('admin::user') as unknown as { create(u: Record<string, unknown>): Promise<{ id: number }> };
  const languageOf = async (id: number): Promise<unknown> =>
    (
      (await getStrapi()
        .db.query('admin::user')
        .findOne({ where: { id }, select: ['preferedLanguage'] })) as {
        preferedLanguage: unknown;
      }
    ).preferedLanguage;

  it('is French for the first administrator, as the admin reads it after sign-in', async () => {
    expect(firstAdmin?.preferedLanguage).toBe('fr');
    const me = await adminFetch(firstAdmin?.token ?? '', '/admin/users/me');
    expect(((await me.json()) as { data: { preferedLanguage: unknown } }).data.preferedLanguage).toBe('fr');
  });

  it('is French for an invited admin, and a chosen language is kept', async () => {
    const invited = await users().create({
      firstname: 'Invitée',
      lastname: 'Test',
      email: 'invitee@rouge-hexagone.test',
    });
    expect(await languageOf(invited.id)).toBe('fr');
    const english = await users().create({
      firstname: 'English',
      lastname: 'Test',
      email: 'english@rouge-hexagone.test',
      preferedLanguage: 'en',
    });
    expect(await languageOf(english.id)).toBe('en');
  });

  it('is given at start to admins stored without one', async () => {
    const { id } = await users().create({
      firstname: 'Ancien',
      lastname: 'Compte',
      email: 'ancien@rouge-hexagone.test',
    });
    await getStrapi()
      .db.query('admin::user')
      .update({ where: { id }, data: { preferedLanguage: null } });
    expect(await languageOf(id)).toBeNull();
    expect(await applyAdminLanguageDefault(getStrapi())).toBeGreaterThanOrEqual(1);
    expect(await languageOf(id)).toBe('fr');
  });
});
