/**
 * Nothing waits unseen: on a fresh install whose routing is empty, a sales mail cannot be sent. The
 * sales-desk dashboard (home-page widget) says how many wait and for which models, and saving the routing
 * sends them at once instead of at their next retry.
 */
import request from 'supertest';
import { adminToken } from '../helpers/admin';
import { capturedLog } from '../helpers/log-capture';
import { nextClientIp, smtp } from '../helpers/context';
import { restData } from '../helpers/http';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';

const QN = 'api::quote-notification.quote-notification';
const ROUTING = 'api::quote-routing.quote-routing';

useStrapi({
  ...INTEGRATION_ENV,
  QUOTE_ROUTING_BPO: '',
  QUOTE_ROUTING_ITO: '',
  QUOTE_ROUTING_KPO: '',
  QUOTE_ROUTING_FALLBACK: '',
  QUOTE_ROUTING_CC: '',
  // A failed attempt is retried ten minutes later at the earliest, and the outbox's own tick is ten minutes
  // apart: only the routing save (its release and wake, after the save's commit) can send it sooner.
  EMAIL_OUTBOX_RETRY_BASE_MS: '600000',
  EMAIL_OUTBOX_RETRY_MAX_MS: '600000',
  EMAIL_OUTBOX_INTERVAL_MS: '600000',
});

interface Dashboard {
  mailQueue: { waiting: { sales: number }; unrouted: { models: string[]; waitingSales: number } };
}

const dashboard = async (token: string): Promise<Dashboard> =>
  restData<Dashboard>(
    await request(httpServer()).get('/api/quote-requests/dashboard').set('Authorization', `Bearer ${token}`).expect(200)
  );

it('shows the waiting sales mails and the models without an address, and sends them once the routing is saved', async () => {
  const sales = await adminToken('sales');
  const res = await request(httpServer())
    .post('/api/quote-requests')
    .set('X-Forwarded-For', nextClientIp())
    .send({
      data: {
        fullName: 'Inès Routage',
        email: 'ines@client.test',
        company: 'Routage SA',
        requestedModel: 'ito',
        message: 'Infogérance de notre parc informatique.',
        consent: true,
      },
    })
    .expect(201);
  const { reference } = restData<{ reference: string }>(res);

  // The first attempt fails for lack of a recipient and is put off by ten minutes.
  let attempts = 0;
  for (let i = 0; i < 100 && attempts === 0; i += 1) {
    const row = (await getStrapi()
      .db.query(QN)
      .findOne({ where: { reference, kind: 'sales' }, select: ['attempts'] })) as { attempts: number } | null;
    attempts = row?.attempts ?? 0;
    if (attempts === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(attempts).toBe(1);

  const before = await dashboard(sales);
  expect(before.mailQueue.unrouted).toEqual({ models: ['bpo', 'ito', 'kpo', 'undecided'], waitingSales: 1 });

  const routing = await getStrapi().documents(ROUTING).findFirst({});
  const log = await capturedLog(async () => {
    await getStrapi()
      .documents(ROUTING)
      .update({ documentId: routing!.documentId, data: { itoAddresses: 'ito@rouge-hexagone.test' } });
    const [mail] = await smtp.waitFor((m) => m.envelopeTo.includes('ito@rouge-hexagone.test'), 1, 10000);
    expect(mail.parsed?.subject).toContain(reference);
  });
  // The outbox pass the save starts runs after its commit, not on the finished transaction.
  expect(log).toContain('routing saved: 1 waiting sales mail(s) sent again now');
  expect(log).not.toMatch(/error/i);

  const after = await dashboard(sales);
  expect(after.mailQueue.unrouted).toEqual({ models: ['bpo', 'kpo', 'undecided'], waitingSales: 0 });
});
