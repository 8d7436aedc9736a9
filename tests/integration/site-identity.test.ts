/**
 * The company's identity is content: the Site single type (seeded with Rouge Hexagone) is read publicly
 * over REST and GraphQL, and the requester's confirmation is signed with the signature editors wrote for
 * that language, COMPANY_NAME being only the fallback.
 */
import request from 'supertest';
import { nextClientIp, smtp } from '../helpers/context';
import { graphqlBody, restData } from '../helpers/http';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';

const SITE = 'api::site.site';

useStrapi({
  ...INTEGRATION_ENV,
  EMAIL_FROM: 'Devis <devis@rouge-hexagone.test>',
  EMAIL_REPLY_TO: 'bonjour@rouge-hexagone.test',
});

interface Site {
  companyName: string;
  mailSignature: string;
  contactText: string | null;
}

const submit = async (email: string, locale: 'fr' | 'en') => {
  const res = await request(httpServer())
    .post('/api/quote-requests')
    .set('X-Forwarded-For', nextClientIp())
    .send({
      data: {
        fullName: 'Camille Martin',
        email,
        company: 'ACME',
        requestedModel: 'bpo',
        message: 'Nous souhaitons externaliser notre paie.',
        consent: true,
        locale,
      },
    });
  expect(res.status).toBe(201);
  const [mail] = await smtp.waitFor((m) => m.envelopeTo.includes(email));
  return mail.parsed?.text ?? '';
};

/** The confirmation's From, Sender, Reply-To and SMTP envelope sender. */
const confirmationHeaders = async (email: string) => {
  const [mail] = await smtp.waitFor((m) => m.envelopeTo.includes(email));
  const header = (name: string) => {
    const value = mail.parsed?.headers.get(name);
    return value && typeof value === 'object' && 'text' in value && typeof value.text === 'string'
      ? value.text
      : undefined;
  };
  return {
    from: header('from'),
    sender: header('sender'),
    replyTo: header('reply-to'),
    envelopeFrom: mail.envelopeFrom,
  };
};

describe('Site: the company identity', () => {
  it('is seeded with Rouge Hexagone and read publicly, per locale, over REST and GraphQL', async () => {
    const fr = restData<Site>(await request(httpServer()).get('/api/site?locale=fr').expect(200));
    expect(fr).toMatchObject({ companyName: 'Rouge Hexagone', mailSignature: 'L’équipe Rouge Hexagone' });
    const en = restData<Site>(await request(httpServer()).get('/api/site?locale=en').expect(200));
    expect(en).toMatchObject({ companyName: 'Rouge Hexagone', mailSignature: 'The Rouge Hexagone team' });
    const gql = await request(httpServer())
      .post('/graphql')
      .send({ query: '{ site(locale: "en") { companyName mailSignature } }' })
      .expect(200);
    expect(graphqlBody<{ site: Site }>(gql).data?.site.mailSignature).toBe('The Rouge Hexagone team');
    // Read-only for the public.
    await request(httpServer())
      .put('/api/site')
      .send({ data: { companyName: 'Evil' } })
      .expect(405);
  });

  it("signs the confirmation with the signature of the requester's language, not the sender's display name", async () => {
    const fr = await submit('site.fr@client.test', 'fr');
    expect(fr).toContain('L’équipe Rouge Hexagone');
    expect(fr).not.toContain('Devis');
    const en = await submit('site.en@client.test', 'en');
    expect(en).toContain('The Rouge Hexagone team');
  });

  it('sends the confirmation from the company, and from its contact address once editors set one', async () => {
    await submit('site.identity@client.test', 'fr');
    // No contact address yet (SITE_CONTACT_EMAIL is empty): the company's name on the technical sender,
    // replies to EMAIL_REPLY_TO.
    expect(await confirmationHeaders('site.identity@client.test')).toMatchObject({
      from: '"Rouge Hexagone" <devis@rouge-hexagone.test>',
      replyTo: 'bonjour@rouge-hexagone.test',
      envelopeFrom: 'devis@rouge-hexagone.test',
    });
    const site = await getStrapi().documents(SITE).findFirst({ locale: 'fr' });
    await getStrapi()
      .documents(SITE)
      .update({ documentId: site!.documentId, locale: 'fr', data: { contactEmail: 'camille@rouge-hexagone.test' } });
    await submit('site.contact@client.test', 'en');
    // A reply reaches the person editors named; the mail server still sends as EMAIL_FROM.
    expect(await confirmationHeaders('site.contact@client.test')).toEqual({
      from: '"Rouge Hexagone" <camille@rouge-hexagone.test>',
      sender: 'devis@rouge-hexagone.test',
      replyTo: 'camille@rouge-hexagone.test',
      envelopeFrom: 'devis@rouge-hexagone.test',
    });
    await getStrapi()
      .db.query(SITE)
      .updateMany({ where: {}, data: { contactEmail: null } });
  });

  it('uses what editors change from the next mail on', async () => {
    const site = await getStrapi().documents(SITE).findFirst({ locale: 'fr' });
    await getStrapi()
      .documents(SITE)
      .update({ documentId: site!.documentId, locale: 'fr', data: { mailSignature: 'Camille, pour Rouge Hexagone' } });
    expect(await submit('site.after@client.test', 'fr')).toContain('Camille, pour Rouge Hexagone');
  });
});
