import type { Core } from '@strapi/strapi';
import { leadEventSettings } from '../../../src/lead-events/settings';

/** config/lead-events.ts's defaults with these values, as Strapi's config would hold them. */
const strapiWith = (values: { url?: string; secret?: string }): Core.Strapi =>
  ({
    config: {
      get: () => ({
        url: '',
        secret: '',
        dispatchEnabled: true,
        intervalMs: 5000,
        maxAttempts: 72,
        retryBaseMs: 5000,
        retryMaxMs: 3600000,
        timeoutMs: 10000,
        leaseMs: 60000,
        batchSize: 20,
        ...values,
      }),
    },
  }) as unknown as Core.Strapi;

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('LEAD_WEBHOOK_URL and LEAD_WEBHOOK_SECRET, checked at start', () => {
  it('without a URL: nothing is sent, whatever the secret', () => {
    expect(leadEventSettings(strapiWith({ secret: 'anything' }))).toMatchObject({ url: '' });
  });

  it('a URL with a whsec_ secret: in order, without the deprecated headers', () => {
    const settings = leadEventSettings(strapiWith({ url: 'https://crm.example.test/hooks/abc', secret: SECRET }));
    expect(settings).toMatchObject({ ordered: true, legacyHeaders: false, logTag: '[lead-events]' });
    expect(settings.signing.key).toHaveLength(24);
  });

  it.each([
    [{ url: 'ftp://crm.example.test/', secret: SECRET }, 'LEAD_WEBHOOK_URL must be an http(s) URL'],
    [{ url: 'crm.example.test/hooks/s3cr3t-token', secret: SECRET }, 'LEAD_WEBHOOK_URL must be an http(s) URL'],
    [{ url: 'https://crm.example.test/' }, 'LEAD_WEBHOOK_SECRET is required when LEAD_WEBHOOK_URL is set'],
    [
      { url: 'https://crm.example.test/', secret: 'raw-secret-of-many-characters' },
      'LEAD_WEBHOOK_SECRET must be whsec_',
    ],
    [{ url: 'https://crm.example.test/', secret: 'whsec_c2hvcnQ=' }, 'LEAD_WEBHOOK_SECRET must be whsec_'],
    [{ url: 'https://crm.example.test/', secret: 'whsec_not base64!' }, 'LEAD_WEBHOOK_SECRET must be whsec_'],
  ])('refuses %j: the start stops', (values, message) => {
    expect(() => leadEventSettings(strapiWith(values))).toThrow(message);
  });

  it('never quotes the URL (a CRM address often carries its token) nor the secret', () => {
    const thrown = (() => {
      try {
        leadEventSettings(strapiWith({ url: 'crm.example.test/hooks/s3cr3t-token', secret: 'whsec_c2hvcnQ=' }));
      } catch (error) {
        return String(error);
      }
      return '';
    })();
    expect(thrown).toContain('LEAD_WEBHOOK_URL');
    expect(thrown).not.toContain('s3cr3t');
  });
});
