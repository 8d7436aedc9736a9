import {
  buildPreviewUrl,
  createPreviewToken,
  uidForApiPath,
  verifyPreviewToken,
  PREVIEW_TOKEN_TTL_MS,
} from '../../../src/preview/preview';

const CATEGORY = 'api::outsourcing-category.outsourcing-category';

describe('preview tokens', () => {
  it('grant the content type they were made for, until they expire', () => {
    const token = createPreviewToken(CATEGORY, 'secret', 1000);
    expect(verifyPreviewToken(token, 'secret', 2000)).toBe(CATEGORY);
    expect(verifyPreviewToken(token, 'secret', 1000 + PREVIEW_TOKEN_TTL_MS + 1)).toBeUndefined();
  });

  it('reject forged, tampered and malformed tokens', () => {
    const token = createPreviewToken(CATEGORY, 'secret');
    expect(verifyPreviewToken(token, 'other-secret')).toBeUndefined();
    const [payload, signature] = token.split('.');
    const tampered = Buffer.from(
      JSON.stringify({ uid: 'api::quote-request.quote-request', exp: Date.now() + 1e6 })
    ).toString('base64url');
    expect(verifyPreviewToken(`${tampered}.${signature}`, 'secret')).toBeUndefined();
    expect(verifyPreviewToken(payload, 'secret')).toBeUndefined();
    expect(verifyPreviewToken('', 'secret')).toBeUndefined();
  });
});

describe('preview URLs', () => {
  it('open the frontend on the document, with a token only for drafts', () => {
    const published = buildPreviewUrl(
      'https://www.example.test/',
      CATEGORY,
      { documentId: 'abc', locale: 'en', status: 'published', slug: 'bpo' },
      's'
    );
    expect(published).toBe('https://www.example.test/?type=category&documentId=abc&locale=en&slug=bpo');
    const draft = new URL(
      buildPreviewUrl('https://www.example.test', CATEGORY, { documentId: 'abc', status: 'draft' }, 's')!
    );
    expect(draft.searchParams.get('status')).toBe('draft');
    expect(draft.searchParams.get('locale')).toBe('fr');
    expect(verifyPreviewToken(draft.searchParams.get('previewToken')!, 's')).toBe(CATEGORY);
  });

  it('has no page for quote requests', () => {
    expect(buildPreviewUrl('https://x.test', 'api::quote-request.quote-request', { documentId: 'a' }, 's')).toBeNull();
  });

  it('maps API paths to content types', () => {
    expect(uidForApiPath('/api/outsourcing-categories/abc')).toBe(CATEGORY);
    expect(uidForApiPath('/api/outsourcing-overview')).toBe('api::outsourcing-overview.outsourcing-overview');
    expect(uidForApiPath('/api/outsourcing-categoriesX')).toBeUndefined();
  });
});
