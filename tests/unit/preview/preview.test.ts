import {
  buildPreviewUrl,
  createPreviewToken,
  verifyPreviewToken,
  PREVIEW_TOKEN_TTL_MS,
} from '../../../src/preview/preview';

const CATEGORY = 'api::outsourcing-category.outsourcing-category';
const GRANT = { uid: CATEGORY, documentId: 'doc-bpo', locale: 'fr' };

describe('preview tokens', () => {
  it('grant the one document and locale they were made for, until they expire', () => {
    const token = createPreviewToken(GRANT, 'secret', 1000);
    expect(verifyPreviewToken(token, 'secret', 2000)).toEqual(GRANT);
    expect(verifyPreviewToken(token, 'secret', 1000 + PREVIEW_TOKEN_TTL_MS + 1)).toBeUndefined();
  });

  it('reject forged, tampered, malformed and older type-wide tokens', () => {
    const token = createPreviewToken(GRANT, 'secret');
    expect(verifyPreviewToken(token, 'other-secret')).toBeUndefined();
    const [payload, signature] = token.split('.');
    const tampered = Buffer.from(JSON.stringify({ ...GRANT, documentId: 'doc-ito', exp: Date.now() + 1e6 })).toString(
      'base64url'
    );
    expect(verifyPreviewToken(`${tampered}.${signature}`, 'secret')).toBeUndefined();
    expect(verifyPreviewToken(payload, 'secret')).toBeUndefined();
    expect(verifyPreviewToken(`${token}.extra`, 'secret')).toBeUndefined();
    expect(verifyPreviewToken('', 'secret')).toBeUndefined();
  });
});

describe('preview URLs', () => {
  it('open the frontend on the document, with a token for that document and locale only for drafts', () => {
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
    expect(verifyPreviewToken(draft.searchParams.get('previewToken')!, 's')).toEqual({
      uid: CATEGORY,
      documentId: 'abc',
      locale: 'fr',
    });
  });

  it('has no page for quote requests', () => {
    expect(buildPreviewUrl('https://x.test', 'api::quote-request.quote-request', { documentId: 'a' }, 's')).toBeNull();
  });
});
