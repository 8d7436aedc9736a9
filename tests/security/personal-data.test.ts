/**
 * Issue 8, reproductions 4, 5, 11 and 13: prospects' personal data reaches Sales and Super Admin
 * only — in the Content Manager, the CSV export and the outbox — and the confirmation mail is not a
 * relay for a stranger's text.
 */
import { adminToken, createAdminRole } from '../helpers/admin';
import { nextClientIp, smtp } from '../helpers/context';
import { getStrapi, httpServer, useStrapi } from '../helpers/strapi';
import { revokeQuoteAccessFromContentRoles } from '../../src/bootstrap/admin-roles';
import { backfillMailboxKeys } from '../../src/features/quote-desk/mailbox-key-backfill';

const QR = 'api::quote-request.quote-request';
const QN = 'api::quote-notification.quote-notification';
const ROUTING = 'api::quote-routing.quote-routing';

const outbox = () =>
  getStrapi().service(QN) as unknown as { dispatchPendingNotifications(): Promise<{ sent: number }> };

const submit = async (data: Record<string, unknown>, ip = nextClientIp()) =>
  fetch(`${httpServer()}/api/quote-requests`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': ip },
    body: JSON.stringify({
      data: {
        fullName: 'Camille Martin',
        email: `camille.${Math.random().toString(36).slice(2, 8)}@client.test`,
        company: 'Transports Martin',
        requestedModel: 'bpo',
        message: 'Nous souhaitons externaliser notre service client.',
        consent: true,
        ...data,
      },
    }),
  });

const exportCsv = (token: string, path = '/api/quote-requests/export') =>
  fetch(`${httpServer()}${path}`, { headers: { Authorization: `Bearer ${token}` } });

const csvLines = async (res: Response): Promise<string[]> =>
  (await res.text())
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.length > 0);

useStrapi({
  EMAIL_FROM: 'Rouge Hexagone <devis@rouge-hexagone.test>',
  QUOTE_ROUTING_BPO: 'bpo@rouge-hexagone.test',
  QUOTE_ROUTING_FALLBACK: 'commercial@rouge-hexagone.test',
  // The dispatcher is driven by the tests, so what was sent is known exactly.
  EMAIL_OUTBOX_ENABLED: 'false',
  QUOTE_RATE_LIMIT_MAX: '0',
});

beforeAll(async () => {
  for (let i = 0; i < 3; i += 1) expect((await submit({ company: `Société ${i}` })).status).toBe(201);
});

describe('Author and Editor never reach quote data', () => {
  it('loses any quote permission an administrator gave them, at every start', async () => {
    const strapi = getStrapi();
    const author = (await strapi.db.query('admin::role').findOne({ where: { code: 'strapi-author' } })) as {
      id: number;
    };
    const roles = strapi.service('admin::role') as unknown as {
      addPermissions(roleId: number, permissions: Record<string, unknown>[]): Promise<unknown>;
    };
    await roles.addPermissions(author.id, [
      { action: 'plugin::content-manager.explorer.read', subject: QR, conditions: ['admin::is-creator'] },
      { action: 'plugin::content-manager.explorer.create', subject: QN },
      { action: 'plugin::content-manager.explorer.read', subject: ROUTING },
    ]);
    expect(await revokeQuoteAccessFromContentRoles(strapi)).toBe(3);
    const left = await strapi.db.query('admin::permission').count({
      where: { role: { code: { $in: ['strapi-author', 'strapi-editor'] } }, subject: { $in: [QR, QN, ROUTING] } },
    });
    expect(left).toBe(0);
  });

  it.each(['strapi-author', 'strapi-editor'])(
    '%s: Content Manager and export both refuse quote requests',
    async (role) => {
      const token = await adminToken(role);
      const list = await fetch(`${httpServer()}/content-manager/collection-types/${QR}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(list.status).toBe(403);
      for (const path of [
        '/api/quote-requests/export',
        '/API/Quote-Requests/export/',
        '/api/quote-requests/export?stage=new',
      ]) {
        const res = await exportCsv(token, path);
        expect(res.status).toBe(403);
        expect(await res.text()).not.toContain('@client.test');
      }
    }
  );
});

describe('the CSV export applies the Content Manager permissions of the role', () => {
  it('exports two columns to a role allowed two fields, and a header only when its condition matches no row', async () => {
    const twoFields = await createAdminRole('Two fields', [
      { action: 'plugin::content-manager.explorer.read', subject: QR, properties: { fields: ['reference', 'stage'] } },
    ]);
    const lines = await csvLines(await exportCsv(await adminToken(twoFields)));
    expect(lines[0]).toBe('reference,stage');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.join('\n')).not.toContain('@client.test');
    expect(lines.join('\n')).not.toContain('Société');

    const creatorOnly = await createAdminRole('Creator only', [
      {
        action: 'plugin::content-manager.explorer.read',
        subject: QR,
        properties: { fields: ['reference', 'stage'] },
        conditions: ['admin::is-creator'],
      },
    ]);
    const token = await adminToken(creatorOnly);
    const cm = await fetch(`${httpServer()}/content-manager/collection-types/${QR}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(((await cm.json()) as { results: unknown[] }).results).toHaveLength(0);
    expect(await csvLines(await exportCsv(token))).toEqual(['reference,stage']);
  });

  it('exports every column to Sales and Super Admin, never cached', async () => {
    for (const role of ['sales', 'strapi-super-admin']) {
      const token = await adminToken(role);
      for (const path of ['/api/quote-requests/export', '/API/Quote-Requests/export/']) {
        const res = await exportCsv(token, path);
        expect(res.status).toBe(200);
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('etag')).toBeNull();
        const lines = await csvLines(res);
        expect(lines[0].split(',')).toEqual(expect.arrayContaining(['reference', 'stage', 'email', 'fullName']));
        expect(lines.join('\n')).toContain('@client.test');
      }
    }
  });
});

describe('outbox rows are written by the application only', () => {
  it('refuses to create or edit a notification through the Content Manager, even for a Super Admin', async () => {
    const token = await adminToken('strapi-super-admin');
    const before = await getStrapi().db.query(QN).count({});
    const created = await fetch(`${httpServer()}/content-manager/collection-types/${QN}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ quoteRequestId: 1, kind: 'sales', recipients: ['attacker@evil.example'] }),
    });
    expect(created.status).toBe(403);
    expect(await getStrapi().db.query(QN).count({})).toBe(before);

    const row = (await getStrapi()
      .db.query(QN)
      .findOne({ where: { kind: 'sales' } })) as { documentId: string };
    const edited = await fetch(`${httpServer()}/content-manager/collection-types/${QN}/${row.documentId}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ recipients: ['attacker@evil.example'] }),
    });
    expect(edited.status).toBe(403);
  });

  it('sends to the routing and the requester, whatever a row says', async () => {
    // Even a row tampered with in the database decides nothing: recipients are resolved at send time.
    await getStrapi()
      .db.query(QN)
      .updateMany({
        where: { deliveryStatus: 'pending' },
        data: { recipients: ['attacker@evil.example'], cc: ['x@evil.example'] },
      });
    smtp.messages.splice(0);
    await outbox().dispatchPendingNotifications();
    const recipients = smtp.messages.flatMap((m) => m.envelopeTo);
    expect(recipients.length).toBeGreaterThan(0);
    expect(recipients.some((address) => address.includes('evil.example'))).toBe(false);
    expect(recipients).toContain('bpo@rouge-hexagone.test');
  });
});

describe('Retry of a failed notification', () => {
  const retry = (token: string, documentId: string, body?: unknown) =>
    fetch(`${httpServer()}/api/quote-notifications/${documentId}/retry`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });

  it('re-queues it for Sales, to the routing, ignoring any recipient sent along; refuses Editor and Author', async () => {
    const email = `retry.${Date.now()}@client.test`;
    expect((await submit({ email, company: 'Retry SA' })).status).toBe(201);
    const request = (await getStrapi().db.query(QR).findOne({ where: { email } })) as { id: number };
    const row = (await getStrapi()
      .db.query(QN)
      .findOne({ where: { quoteRequestId: request.id, kind: 'sales' } })) as { id: number; documentId: string };
    await getStrapi()
      .db.query(QN)
      .update({ where: { id: row.id }, data: { deliveryStatus: 'failed', lastError: '550 mailbox unavailable' } });

    for (const role of ['strapi-editor', 'strapi-author']) {
      expect((await retry(await adminToken(role), row.documentId)).status).toBe(403);
    }
    expect((await retry('not-a-token', row.documentId)).status).toBe(401);

    const sales = await adminToken('sales');
    const res = await retry(sales, row.documentId, { recipients: ['attacker@evil.example'] });
    expect(res.status).toBe(200);
    smtp.messages.splice(0);
    await outbox().dispatchPendingNotifications();
    const sent = smtp.messages.filter((m) => (m.parsed?.subject ?? '').includes('Retry SA'));
    expect(sent).toHaveLength(1);
    expect(sent[0].envelopeTo).toContain('bpo@rouge-hexagone.test');
    expect(sent[0].envelopeTo.some((address) => address.includes('evil.example'))).toBe(false);

    const again = await retry(sales, row.documentId);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ data: null, error: { status: 409 } });
  });
});

describe('the confirmation is not a relay', () => {
  it('greets with the first word of the name (40 characters at most) and carries no other requester text', async () => {
    const email = `relay.${Date.now()}@client.test`;
    const name = `${'Achetez'.repeat(8)} maintenant sur https://evil.example des montres pas chères`;
    expect((await submit({ email, fullName: name, company: 'Spam Corp https://evil.example' })).status).toBe(201);
    smtp.messages.splice(0);
    await outbox().dispatchPendingNotifications();
    const confirmation = smtp.messages.find((m) => m.envelopeTo.includes(email))?.parsed;
    if (!confirmation) throw new Error(`no confirmation mail to ${email}`);
    const text = `${confirmation.subject ?? ''}\n${confirmation.text ?? ''}\n${String(confirmation.html)}`;
    expect(text).toContain(`Bonjour ${'Achetez'.repeat(8).slice(0, 40)},`);
    expect(text).not.toContain('evil.example');
    expect(text).not.toContain('maintenant');
    expect(text).not.toContain('Spam Corp');
  });

  it('sends at most 3 confirmations per address per 24 hours, and still routes every request to sales', async () => {
    const email = `flood.${Date.now()}@client.test`;
    for (let i = 0; i < 5; i += 1) {
      const spelled = i % 2 === 0 ? email : email.toUpperCase();
      expect((await submit({ email: spelled, company: `Flood ${i}` })).status).toBe(201);
    }
    smtp.messages.splice(0);
    await outbox().dispatchPendingNotifications();
    const confirmations = smtp.messages.filter((m) => m.envelopeTo.some((address) => address.toLowerCase() === email));
    expect(confirmations).toHaveLength(3);
    const sales = smtp.messages.filter((m) => (m.parsed?.subject ?? '').includes('Flood '));
    expect(sales.filter((m) => m.envelopeTo.includes('bpo@rouge-hexagone.test'))).toHaveLength(5);
    expect(
      await getStrapi()
        .db.query(QR)
        .count({ where: { email: { $eqi: email } } })
    ).toBe(5);
  });

  /** Submits each address (REST, and the last ones over GraphQL: one service, one cap), then sends the outbox. */
  const floodMailbox = async (addresses: string[], label: string) => {
    for (const [i, email] of addresses.entries()) {
      if (i < 3) {
        expect((await submit({ email, company: `${label} ${i}` })).status).toBe(201);
        continue;
      }
      const res = await fetch(`${httpServer()}/graphql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': nextClientIp() },
        body: JSON.stringify({
          query:
            'mutation Submit($data: QuoteRequestSubmissionInput!) { submitQuoteRequest(data: $data) { reference } }',
          variables: {
            data: {
              fullName: 'Camille Martin',
              email,
              company: `${label} ${i}`,
              requestedModel: 'bpo',
              message: 'Nous souhaitons externaliser notre service client.',
              consent: true,
            },
          },
        }),
      });
      const body = (await res.json()) as { data?: { submitQuoteRequest?: { reference?: string } }; errors?: unknown };
      expect([res.status, body.errors]).toEqual([200, undefined]);
      expect(body.data?.submitQuoteRequest?.reference).toMatch(/^DEV-/);
    }
    smtp.messages.splice(0);
    await outbox().dispatchPendingNotifications();
    const stored = (await getStrapi()
      .db.query(QR)
      .findMany({ where: { company: { $startsWith: `${label} ` } }, select: ['email'], orderBy: { id: 'asc' } })) as {
      email: string;
    }[];
    return {
      // Every request stored, its address exactly as typed.
      storedEmails: stored.map((row) => row.email),
      // In lower case: the mail library writes the envelope's domain in lower case.
      confirmationsTo: smtp.messages
        .filter((m) => (m.parsed?.subject ?? '').startsWith('Votre demande de devis'))
        .flatMap((m) => m.envelopeTo.map((to) => to.toLowerCase()))
        .filter((to) => addresses.some((address) => address.toLowerCase() === to)),
      salesMails: smtp.messages.filter(
        (m) => m.envelopeTo.includes('bpo@rouge-hexagone.test') && (m.parsed?.subject ?? '').includes(`${label} `)
      ),
    };
  };

  it('counts sub-addresses (victim+1..5@) as one mailbox: 3 confirmations, every request stored and sent to sales', async () => {
    const victim = `victim${Date.now()}`;
    const addresses = [1, 2, 3, 4, 5].map((n) => `${victim}+${n}@Client.test`);
    const { storedEmails, confirmationsTo, salesMails } = await floodMailbox(addresses, `Tagged ${victim}`);
    expect(storedEmails).toEqual(addresses);
    expect(confirmationsTo).toEqual(addresses.slice(0, 3).map((a) => a.toLowerCase()));
    expect(salesMails).toHaveLength(5);
    // The plain mailbox is past its cap too, in any case, with another tag, or several.
    const more = await floodMailbox(
      [`${victim}@client.test`, `${victim.toUpperCase()}+x@CLIENT.TEST`, `${victim}+a+b@client.test`],
      `Plain ${victim}`
    );
    expect(more.storedEmails).toHaveLength(3);
    expect(more.confirmationsTo).toEqual([]);
    expect(more.salesMails).toHaveLength(3);
  });

  it('counts dotted spellings as one mailbox at gmail.com / googlemail.com only', async () => {
    const name = `ana${Date.now()}`;
    const gmail = [
      `${name}@gmail.com`,
      `a.${name.slice(1)}@gmail.com`,
      `A.N.${name.slice(2)}+devis@GMail.com`,
      `${name}@googlemail.com`,
      `a.${name.slice(1)}+z@googlemail.com`,
    ];
    const atGmail = await floodMailbox(gmail, `Gmail ${name}`);
    expect(atGmail.storedEmails).toEqual(gmail);
    expect(atGmail.confirmationsTo).toEqual(gmail.slice(0, 3).map((a) => a.toLowerCase()));
    expect(atGmail.salesMails).toHaveLength(5);

    // At another domain a dot names another person: each of these two mailboxes gets its confirmations.
    const elsewhere = [
      `${name}@client.test`,
      `a.${name.slice(1)}@client.test`,
      `${name}@client.test`,
      `a.${name.slice(1)}@client.test`,
    ];
    const atClient = await floodMailbox(elsewhere, `Dotted ${name}`);
    expect(atClient.confirmationsTo).toEqual(elsewhere.map((a) => a.toLowerCase()));
  });

  it('gives the requests stored before mailbox keys existed their key, once, so the cap counts them', async () => {
    const strapi = getStrapi();
    const name = `legacy${Date.now()}`;
    expect((await submit({ email: `${name}+old@Client.test`, company: `Legacy ${name}` })).status).toBe(201);
    const stored = (await strapi.db
      .query(QR)
      .findOne({ where: { company: `Legacy ${name}` }, select: ['id', 'email', 'mailboxKey'] })) as {
      id: number;
      email: string;
      mailboxKey: string | null;
    };
    expect(stored).toMatchObject({ email: `${name}+old@Client.test`, mailboxKey: `${name}@client.test` });
    // As an older version of the application stored it.
    await strapi.db.getConnection('quote_requests').where({ id: stored.id }).update({ mailbox_key: null });
    expect(await backfillMailboxKeys(strapi)).toBe(false); // done once, at the first start
    expect(await backfillMailboxKeys(strapi, { force: true })).toBe(1);
    const filled = (await strapi.db.query(QR).findOne({ where: { id: stored.id }, select: ['mailboxKey'] })) as {
      mailboxKey: string | null;
    };
    expect(filled.mailboxKey).toBe(`${name}@client.test`);
  });

  it.each([
    ['U+202E', '\u202E'],
    ['U+202A', '\u202A'],
    ['U+2066', '\u2066'],
    ['U+2069', '\u2069'],
  ])('refuses the bidirectional control %s in single-line fields', async (_name, c) => {
    const before = await getStrapi().db.query(QR).count({});
    for (const field of ['fullName', 'company', 'jobTitle']) {
      const res = await submit({ [field]: `Camille ${c}gnp.exe` });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError' } });
    }
    expect(await getStrapi().db.query(QR).count({})).toBe(before);
  });
});

describe('end users and schema discovery', () => {
  it('refuses sign-up at /api/auth/local/register by default', async () => {
    const res = await fetch(`${httpServer()}/api/auth/local/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'mallory', email: 'mallory@evil.example', password: 'Passw0rd-Passw0rd' }),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(
      await getStrapi()
        .db.query('plugin::users-permissions.user')
        .count({ where: { username: 'mallory' } })
    ).toBe(0);
  });

  it('grants the Authenticated role no permission on the project APIs', async () => {
    const role = (await getStrapi()
      .db.query('plugin::users-permissions.role')
      .findOne({ where: { type: 'authenticated' } })) as { id: number };
    const granted = await getStrapi()
      .db.query('plugin::users-permissions.permission')
      .count({ where: { role: role.id, action: { $startsWith: 'api::' } } });
    expect(granted).toBe(0);
  });
});
