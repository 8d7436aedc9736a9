import { hasPublicQuery, redactUrlForLog } from '../../../src/middlewares/access-log';

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
