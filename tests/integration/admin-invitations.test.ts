/**
 * Settings → Users → "Invite new user": the invited person gets the sign-up link by mail (through the
 * outbox, in the inviter's admin language, with the link's expiry), the link works until it expires,
 * "Resend invitation" mails a new one, and only roles that may create and update admin users resend.
 * Against the real SMTP sink; the registration token never reaches a log line.
 */
import request from 'supertest';
import { adminToken, createAdminRole } from '../helpers/admin';
import { smtp } from '../helpers/context';
import { capturedLog } from '../helpers/log-capture';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';

const ADMIN_URL = 'https://cms.rouge-hexagone.test/admin';
const QN = 'api::quote-notification.quote-notification';
const PASSWORD = 'Nouveau-Passw0rd!';

useStrapi({ ...INTEGRATION_ENV, ADMIN_URL, ADMIN_INVITATION_TTL_HOURS: '48' });

type ReceivedMail = (typeof smtp.messages)[number];

/** A JSON answer's body, typed by what the test reads of it. */
const body = <T>(res: { body: unknown }): T => res.body as T;
type Status = { data: { id: number; pending: boolean; expiresAt: string | null } };

let superAdmin: string;
let editorRoleId: number;

beforeAll(async () => {
  superAdmin = await adminToken('strapi-super-admin');
  const role = (await getStrapi()
    .db.query('admin::role')
    .findOne({ where: { code: 'strapi-editor' } })) as {
    id: number;
  };
  editorRoleId = role.id;
});

/** The signed-in admin's interface language (Profile → Interface language). */
const setLanguage = async (token: string, preferedLanguage: 'fr' | 'en') => {
  const res = await request(httpServer())
    .put('/admin/users/me')
    .set('Authorization', `Bearer ${token}`)
    .send({ preferedLanguage });
  expect(res.status).toBe(200);
};

const invite = async (token: string, email: string) => {
  const res = await request(httpServer())
    .post('/admin/users')
    .set('Authorization', `Bearer ${token}`)
    .send({ firstname: 'Inès', lastname: 'Nouvelle', email, roles: [editorRoleId] });
  expect(res.status).toBe(201);
  return body<{ data: { id: number; registrationToken: string } }>(res).data;
};

const mailTo = async (email: string, count = 1): Promise<ReceivedMail[]> =>
  smtp.waitFor((mail) => mail.envelopeTo.includes(email), count, 20000);

const linkIn = (mail: ReceivedMail): string => {
  const match = /https:\/\/cms\.rouge-hexagone\.test\/admin\/auth\/register\?registrationToken=([0-9a-f]+)/.exec(
    mail.parsed?.text ?? ''
  );
  if (!match) throw new Error(`no registration link in: ${mail.parsed?.text}`);
  return match[1];
};

const registrationInfo = (token: string) =>
  request(httpServer()).get('/admin/registration-info').query({ registrationToken: token });

const register = (token: string) =>
  request(httpServer())
    .post('/admin/register')
    .send({ registrationToken: token, userInfo: { firstname: 'Inès', lastname: 'Nouvelle', password: PASSWORD } });

const uniqueEmail = (name: string) => `${name}.${Math.random().toString(36).slice(2, 8)}@rouge-hexagone.test`;

describe('the invitation mail', () => {
  it('is in French for a French inviter, with a link that registers the person, and no log line has the token', async () => {
    await setLanguage(superAdmin, 'fr');
    const email = uniqueEmail('ines');
    let created: { id: number; registrationToken: string } | undefined;
    let mail: ReceivedMail | undefined;
    const log = await capturedLog(async () => {
      created = await invite(superAdmin, email);
      [mail] = await mailTo(email);
      expect(body<{ data: { email: string } }>(await registrationInfo(linkIn(mail)).expect(200)).data.email).toBe(
        email
      );
      expect((await register(linkIn(mail))).status).toBe(200);
    });
    if (!created || !mail) throw new Error('no invitation');
    expect(mail.parsed?.subject).toMatch(/^Invitation à l’administration du site /);
    const text = mail.parsed?.text ?? '';
    expect(text).toContain('Bonjour Inès,');
    expect(text).toContain(`${ADMIN_URL}/auth/register?registrationToken=${created.registrationToken}`);
    expect(text).toMatch(/Ce lien est valable jusqu’au \S+ \d+ \S+ à \d\d:\d\d \(heure de /);
    expect(mail.parsed?.html).toContain(`href="${ADMIN_URL}/auth/register?registrationToken=`);
    expect(log).toContain('/admin/register');
    expect(log).not.toContain(created.registrationToken);

    // The person signs in with the password they chose; the link is spent.
    const login = await request(httpServer()).post('/admin/login').send({ email, password: PASSWORD });
    expect(login.status).toBe(200);
    expect((await register(created.registrationToken)).status).toBe(400);
  });

  it('is in English when the inviter uses the admin in English, and states when the link stops working', async () => {
    const english = await adminToken('strapi-super-admin');
    await setLanguage(english, 'en');
    const email = uniqueEmail('owen');
    const before = Date.now();
    await invite(english, email);
    const [mail] = await mailTo(email);
    expect(mail.parsed?.subject).toMatch(/^Invitation to the .+ site administration$/);
    expect(mail.parsed?.text).toContain('Hello Inès,');
    expect(mail.parsed?.text).toMatch(/This link works until \S+ \d+ \S+ at \d\d:\d\d \(.+ time\)/);
    expect(mail.parsed?.text).not.toContain('Bonjour');
    // 48 hours (ADMIN_INVITATION_TTL_HOURS) from now: the day of the month two days on, in Paris time.
    const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', timeZone: 'Europe/Paris' }).format(
      new Date(before + 48 * 3_600_000)
    );
    expect(mail.parsed?.text).toMatch(new RegExp(`works until \\S+ ${day} `));
  });

  it('reaches the person once the mail server is back, the admin having been answered at once', async () => {
    await setLanguage(superAdmin, 'fr');
    const email = uniqueEmail('panne');
    await smtp.stop();
    let created: { id: number; registrationToken: string } | undefined;
    try {
      created = await invite(superAdmin, email);
      // The outbox tried and will try again: the row waits, with the attempts it made.
      const deadline = Date.now() + 10000;
      type OutboxRow = { attempts: number; deliveryStatus: string } | null;
      let row: OutboxRow = null;
      while (Date.now() < deadline) {
        row = (await getStrapi()
          .db.query(QN)
          .findOne({ where: { kind: 'invitation', adminUserId: created.id } })) as OutboxRow;
        if (row && row.attempts >= 2) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(row?.attempts).toBeGreaterThanOrEqual(2);
      expect(row?.deliveryStatus).not.toBe('sent');
    } finally {
      await smtp.start();
    }
    const mails = await mailTo(email);
    expect(linkIn(mails[0])).toBe(created.registrationToken);
    const row = (await getStrapi()
      .db.query(QN)
      .findOne({ where: { kind: 'invitation', adminUserId: created.id } })) as {
      deliveryStatus: string;
      recipients: unknown;
      lastError: string | null;
    };
    expect(row.deliveryStatus).toBe('sent');
    // Sales read the outbox: the staff's addresses are not written there.
    expect(JSON.stringify(row)).not.toContain(email);
  });
});

describe('an invitation link', () => {
  it('stops working once expired, and "Resend invitation" mails a new one that works', async () => {
    const email = uniqueEmail('tard');
    const created = await invite(superAdmin, email);
    await mailTo(email);
    // The invitation was sent 49 hours ago.
    const store = getStrapi().store({ type: 'core', name: 'admin-invitation' });
    const record = (await store.get({ key: `user-${created.id}` })) as Record<string, unknown>;
    await store.set({
      key: `user-${created.id}`,
      value: { ...record, expiresAt: new Date(Date.now() - 3_600_000).toISOString() },
    });
    const info = await registrationInfo(created.registrationToken);
    expect(info.status).toBe(400);
    expect(body<{ error: { message: string } }>(info).error.message).toBe(
      'Cette invitation a expiré : demandez à un administrateur de vous la renvoyer (Paramètres → Utilisateurs → Renvoyer l’invitation).'
    );
    const refused = await register(created.registrationToken);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError' } });

    const status = await request(httpServer())
      .get(`/api/admin-invitations/${created.id}`)
      .set('Authorization', `Bearer ${superAdmin}`);
    expect(status.status).toBe(200);
    expect(body<Status>(status).data).toMatchObject({ id: created.id, pending: true });
    expect(Date.parse(body<Status>(status).data.expiresAt ?? '')).toBeLessThan(Date.now());

    const resent = await request(httpServer())
      .post(`/api/admin-invitations/${created.id}/resend`)
      .set('Authorization', `Bearer ${superAdmin}`);
    expect(resent.status).toBe(200);
    expect(Date.parse(body<{ data: { expiresAt: string } }>(resent).data.expiresAt)).toBeGreaterThan(
      Date.now() + 47 * 3_600_000
    );
    expect(JSON.stringify(resent.body)).not.toMatch(/registrationToken|[0-9a-f]{40}/);
    const mails = await mailTo(email, 2);
    const fresh = linkIn(mails[1]);
    expect(fresh).not.toBe(created.registrationToken);
    expect((await registrationInfo(created.registrationToken)).status).toBe(400);
    expect((await register(fresh)).status).toBe(200);

    // Registered: nothing left to resend.
    const registered = await request(httpServer())
      .get(`/api/admin-invitations/${created.id}`)
      .set('Authorization', `Bearer ${superAdmin}`);
    expect(body<Status>(registered).data).toEqual({ id: created.id, pending: false, expiresAt: null });
    const again = await request(httpServer())
      .post(`/api/admin-invitations/${created.id}/resend`)
      .set('Authorization', `Bearer ${superAdmin}`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ data: null, error: { status: 409 } });
  });
});

describe('POST /api/admin-invitations/:id/resend', () => {
  let pending: { id: number; registrationToken: string };
  const email = uniqueEmail('hostile');

  beforeAll(async () => {
    pending = await invite(superAdmin, email);
    await mailTo(email);
  });

  const invitationMails = () => smtp.messages.filter((mail) => mail.envelopeTo.includes(email)).length;

  it.each(['strapi-editor', 'strapi-author', 'sales', 'sales-manager'])('is refused to %s', async (role) => {
    const token = await adminToken(role);
    for (const path of [
      `/api/admin-invitations/${pending.id}/resend`,
      `/API/Admin-Invitations/${pending.id}/Resend/`,
    ]) {
      const res = await request(httpServer()).post(path).set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ data: null, error: { status: 403, name: 'ForbiddenError' } });
    }
    // Nor may they read whether (and until when) someone was invited.
    const status = await request(httpServer())
      .get(`/api/admin-invitations/${pending.id}`)
      .set('Authorization', `Bearer ${token}`);
    expect(status.status).toBe(403);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an empty bearer', 'Bearer '],
    ['a basic credential', 'Basic YWRtaW46YWRtaW4='],
    ['a forged token', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJ1c2VySWQiOjF9.c2lnbmF0dXJl'],
    ['two schemes', `Bearer x, Bearer y`],
  ])('is refused with %s', async (_name, authorization) => {
    for (const call of [
      request(httpServer()).post(`/api/admin-invitations/${pending.id}/resend`),
      request(httpServer()).get(`/api/admin-invitations/${pending.id}`),
    ]) {
      const res = await (authorization === undefined ? call : call.set('Authorization', authorization));
      expect([401, 403]).toContain(res.status);
      expect(body<{ data: unknown }>(res).data).toBeNull();
    }
  });

  it('is refused with a content-API token, even a full-access one', async () => {
    const tokens = getStrapi().service('admin::api-token') as unknown as {
      create(attributes: Record<string, unknown>): Promise<{ accessKey: string }>;
    };
    const { accessKey } = await tokens.create({ name: 'full access resend', type: 'full-access', lifespan: null });
    const res = await request(httpServer())
      .post(`/api/admin-invitations/${pending.id}/resend`)
      .set('Authorization', `Bearer ${accessKey}`);
    expect([401, 403]).toContain(res.status);
  });

  it('is refused to a role that may create admin users but not update them, and to one that may only update', async () => {
    for (const actions of [
      ['admin::users.create', 'admin::users.read'],
      ['admin::users.update', 'admin::users.read'],
    ]) {
      const role = await createAdminRole(
        'Recruiter',
        actions.map((action) => ({ action }))
      );
      const res = await request(httpServer())
        .post(`/api/admin-invitations/${pending.id}/resend`)
        .set('Authorization', `Bearer ${await adminToken(role)}`);
      expect(res.status).toBe(403);
    }
  });

  it("is refused to a frontend user's JWT (users-permissions)", async () => {
    const signUp = await request(httpServer())
      .post('/api/auth/local/register')
      .send({ username: `reader${Date.now()}`, email: uniqueEmail('reader'), password: PASSWORD });
    expect(signUp.status).toBe(200);
    const res = await request(httpServer())
      .post(`/api/admin-invitations/${pending.id}/resend`)
      .set('Authorization', `Bearer ${body<{ jwt: string }>(signUp).jwt}`);
    expect(res.status).toBe(401);
  });

  it('sent nothing and kept the first link working after every refusal', async () => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(invitationMails()).toBe(1);
    expect((await registrationInfo(pending.registrationToken)).status).toBe(200);
  });

  it('is allowed to a custom role that may create and update admin users', async () => {
    const role = await createAdminRole(
      'Recruiter',
      ['admin::users.create', 'admin::users.update', 'admin::users.read'].map((action) => ({ action }))
    );
    const res = await request(httpServer())
      .post(`/api/admin-invitations/${pending.id}/resend`)
      .set('Authorization', `Bearer ${await adminToken(role)}`);
    expect(res.status).toBe(200);
    await mailTo(email, 2);
  });

  it('answers 400 for an id that is not a number and 404 for a user that does not exist', async () => {
    for (const id of ['abc', '0', '-1', '1.5', '99999999999']) {
      const res = await request(httpServer())
        .post(`/api/admin-invitations/${id}/resend`)
        .set('Authorization', `Bearer ${superAdmin}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError' } });
    }
    const missing = await request(httpServer())
      .post('/api/admin-invitations/987654/resend')
      .set('Authorization', `Bearer ${superAdmin}`);
    expect(missing.status).toBe(404);
  });
});
