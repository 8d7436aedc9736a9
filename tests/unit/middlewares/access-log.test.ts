import { redactEmails, hasPublicQuery, redactUrlForLog } from '../../../src/middlewares/access-log';

describe('redactUrlForLog', () => {
  it.each([
    [
      '/example/?type=category&documentId=abc&locale=fr&status=draft&previewToken=eyJhbGciOiJIUzI1NiJ9.e30.sig',
      '/example/?type=[redacted]&documentId=[redacted]&locale=[redacted]&status=[redacted]&previewToken=[redacted]',
    ],
    [
      '/api/quote-requests/export?filters[email][$eq]=eve@example.org',
      '/api/quote-requests/export?filters[email][$eq]=[redacted]',
    ],
    ['/API/Quote-Requests/Export/?from=2026-01-01', '/API/Quote-Requests/Export/?from=[redacted]'],
    ['/%61pi/quote-requests/export?stage=new', '/%61pi/quote-requests/export?stage=[redacted]'],
    [
      '/content-manager/collection-types/api::quote-request.quote-request?page=1&_q=Eve%20Adams',
      '/content-manager/collection-types/api::quote-request.quote-request?page=[redacted]&_q=[redacted]',
    ],
    ['/admin/init?x=1', '/admin/init?x=[redacted]'],
    ['/api/auth/email-confirmation?confirmation=abc123', '/api/auth/email-confirmation?confirmation=[redacted]'],
    ['/api/auth/reset-password?code=abc', '/api/auth/reset-password?code=[redacted]'],
    // The public content API keeps its parameters, but not a credential nor an address.
    ['/api/outsourcing-categories?locale=en&populate=*', '/api/outsourcing-categories?locale=en&populate=*'],
    ['/api/outsourcing-categories?locale=en&token=s3cret', '/api/outsourcing-categories?locale=en&token=[redacted]'],
    [
      '/graphql?query=%7Ba%7D&extensions=x&previewToken=eyJ',
      '/graphql?query=%7Ba%7D&extensions=x&previewToken=[redacted]',
    ],
    [
      '/api/outsourcing-categories?filters[slug][$eq]=eve@example.org&locale=fr',
      '/api/outsourcing-categories?filters[slug][$eq]=[redacted-email]&locale=fr',
    ],
    [
      '/api/outsourcing-categories?filters[slug][$eq]=eve%40example.org',
      '/api/outsourcing-categories?filters[slug][$eq]=[redacted-email]',
    ],
    // An address in the path, or a bare parameter holding one.
    ['/uploads/eve@example.org/cv.pdf', '/uploads/[redacted-email]/cv.pdf'],
    ['/api/outsourcing-categories?eve%40example.org', '/api/outsourcing-categories?[redacted-email]'],
    ['/api/outsourcing-categories', '/api/outsourcing-categories'],
  ])('%s', (url, logged) => {
    expect(redactUrlForLog(url)).toBe(logged);
  });

  it('keeps query values only on the public content API, GraphQL and /_health', () => {
    for (const path of [
      '/api/outsourcing-overview',
      '/API/Comparison-Pages/',
      '/graphql',
      '/GraphQL/',
      '/_health',
      '/api/quote-stats',
    ]) {
      expect([path, hasPublicQuery(path)]).toEqual([path, true]);
    }
    for (const path of [
      '/example/',
      '/example',
      '/admin',
      '/admin/preview/url/x',
      '/content-manager/preview/url/api::outsourcing-category.outsourcing-category',
      '/upload/files',
      '/api/quote-requests',
      '/api/quote-requests-anything',
      '/Api/Quote-Requests/',
      '/api/users',
      '/api/auth/local',
      '/api/connect/github/callback',
      '/%E0%A4%A',
      '//api/outsourcing-categories',
    ]) {
      expect([path, hasPublicQuery(path)]).toEqual([path, false]);
    }
  });
});

describe('redactEmails', () => {
  // The expression the scan replaced, as the reference on short inputs (it is quadratic on long ones).
  const reference = (text: string) => text.replace(/[^/?&=#;,\s]+(?:@|%40)[^/?&=#;,\s]+/gi, '[redacted-email]');

  it.each([
    'eve@example.org',
    '/api/x/eve@example.org/y',
    'filters[email][$eq]=eve%40example.org',
    'a@b@c',
    '@lead',
    'trail@',
    'x=@&y=a@&z=@b',
    'one@a.fr,two@b.fr;three%40c.fr',
    'no at sign at all',
    'mixed%40Case%40x',
    '%40',
    'a%4',
  ])('redacts %s as the regular expression did', (text) => {
    expect(redactEmails(text)).toBe(reference(text));
  });

  it('leaves a long GraphQL query without an at sign untouched, and finds an address at its end', () => {
    const query = `query=${encodeURIComponent('{ outsourcingCategories { code name summary } }'.repeat(200))}`;
    expect(redactEmails(query)).toBe(query);
    expect(redactEmails(`${query}&to=eve@example.org`)).toBe(`${query}&to=[redacted-email]`);
  });
});
