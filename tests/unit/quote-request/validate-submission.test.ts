import { errors } from '@strapi/utils';
import { messageLocale, validateSubmission } from '../../../src/api/quote-request/validation/validate-submission';

const valid = {
  fullName: 'Camille Martin',
  email: 'camille@client.test',
  company: 'ACME',
  requestedModel: 'bpo',
  message: 'Nous voulons externaliser la paie.',
  consent: true,
};

const failure = async (body: unknown, acceptLanguage?: string) => {
  try {
    await validateSubmission(body, acceptLanguage);
  } catch (error) {
    expect(error).toBeInstanceOf(errors.ValidationError);
    return error as InstanceType<typeof errors.ValidationError> & {
      details: { errors: { path: string[]; message: string }[] };
    };
  }
  throw new Error('expected a validation error');
};

describe('validateSubmission', () => {
  it('returns trimmed values, without empty optionals', async () => {
    await expect(
      validateSubmission({ data: { ...valid, fullName: '  Camille  ', phone: '  ', scope: null } })
    ).resolves.toEqual({ ...valid, fullName: 'Camille' });
  });

  it.each([
    ['camille.martin@exemple', undefined, 'Adresse e-mail invalide.'],
    ['camille.martin@exemple.f', 'en', 'Invalid email address.'],
    ['camille@localhost', 'fr-FR,fr;q=0.9', 'Adresse e-mail invalide.'],
  ])('refuses %s (no dotted domain) in the requester language', async (email, language, message) => {
    const error = await failure({ data: { ...valid, email } }, language);
    expect(error.details.errors).toEqual([{ path: ['email'], message, name: 'ValidationError' }]);
  });

  it('accepts dotted domains, subdomains included', async () => {
    for (const email of ['camille@exemple.fr', 'c.m@mail.client.co.uk', 'x+tag@sub.exemple.com']) {
      await expect(validateSubmission({ data: { ...valid, email } })).resolves.toMatchObject({ email });
    }
  });

  it('does not coerce types', async () => {
    const error = await failure({
      data: { ...valid, consent: 'true', fullName: 12345, message: ['long enough message'] },
    });
    expect(error.details.errors.map((e) => e.path[0]).sort()).toEqual(['consent', 'fullName', 'message']);
  });

  it('reports one message per failing field', async () => {
    const error = await failure({ data: { ...valid, fullName: 'x\n' } });
    // "x\n" trims to "x": too short, the single-line rule does not add a second entry.
    expect(error.details.errors).toEqual([
      { path: ['fullName'], message: 'Ce champ doit contenir au moins 2 caractères.', name: 'ValidationError' },
    ]);
  });

  it('rejects line breaks inside single-line fields but accepts them in the message', async () => {
    const error = await failure({
      data: { ...valid, company: 'ACME\r\nX-Evil: 1', message: 'Line one,\r\nline two.' },
    });
    expect(error.details.errors.map((e) => e.path[0])).toEqual(['company']);
  });

  it('rejects Unicode line separators in single-line fields', async () => {
    const error = await failure({ data: { ...valid, fullName: 'Jane\u2028Doe' } });
    expect(error.details.errors.map((e) => e.path[0])).toEqual(['fullName']);
  });
});

describe('messageLocale', () => {
  it('prefers the submission locale, then Accept-Language, then French', () => {
    expect(messageLocale({ data: { locale: 'en' } }, 'fr')).toBe('en');
    expect(messageLocale({ data: { locale: 'de' } }, 'de-DE,en;q=0.8')).toBe('en');
    expect(messageLocale({ data: {} }, 'es')).toBe('fr');
    expect(messageLocale(null)).toBe('fr');
  });
});
