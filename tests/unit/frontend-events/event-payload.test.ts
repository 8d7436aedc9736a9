import { eventKindOf, eventsFor } from '../../../src/frontend-events/event-payload';
import { siteContentType } from '../../../src/frontend-events/site-content';

const category = siteContentType('api::outsourcing-category.outsourcing-category')!;
const overview = siteContentType('api::outsourcing-overview.outsourcing-overview')!;
const site = siteContentType('api::site.site')!;
const NOW = new Date('2026-12-05T09:30:00.000Z');

describe('eventKindOf', () => {
  it('publish, unpublish and delete of draft & publish content; a draft save is no event', () => {
    expect(eventKindOf(category, 'publish', {})).toBe('publish');
    expect(eventKindOf(category, 'unpublish', {})).toBe('unpublish');
    expect(eventKindOf(category, 'delete', {})).toBe('delete');
    expect(eventKindOf(category, 'update', {})).toBeUndefined();
    expect(eventKindOf(category, 'create', {})).toBeUndefined();
    expect(eventKindOf(category, 'discardDraft', {})).toBeUndefined();
    // A write that publishes at once (Document Service `status: 'published'`).
    expect(eventKindOf(category, 'update', { status: 'published' })).toBe('publish');
  });

  it('every write of the Site single type, which has no drafts', () => {
    expect(eventKindOf(site, 'update', {})).toBe('update');
    expect(eventKindOf(site, 'create', {})).toBe('update');
    expect(eventKindOf(site, 'delete', {})).toBe('delete');
    expect(eventKindOf(site, 'publish', {})).toBeUndefined();
  });
});

describe('eventsFor', () => {
  it('one event per document and locale, the published row’s slug first', () => {
    const events = eventsFor(
      category,
      'delete',
      {
        documentId: 'doc1',
        entries: [
          { documentId: 'doc1', locale: 'fr', slug: 'bpo-brouillon', publishedAt: null },
          { documentId: 'doc1', locale: 'fr', slug: 'bpo', publishedAt: '2026-12-01T00:00:00.000Z' },
          { documentId: 'doc1', locale: 'en', slug: 'bpo-en', publishedAt: null },
        ],
      },
      'https://cms.example.test/',
      NOW
    );
    expect(events.map(({ locale, slug }) => [locale, slug])).toEqual([
      ['fr', 'bpo'],
      ['en', 'bpo-en'],
    ]);
    expect(events[0]).toMatchObject({
      event: 'delete',
      contentType: 'outsourcing-category',
      documentId: 'doc1',
      tags: ['outsourcing-category', 'outsourcing-category:doc1'],
      urls: [
        'https://cms.example.test/api/outsourcing-categories?locale=fr',
        'https://cms.example.test/api/outsourcing-categories/doc1?locale=fr',
        'https://cms.example.test/api/outsourcing-overview?locale=fr',
      ],
      occurredAt: '2026-12-05T09:30:00.000Z',
    });
    expect(new Set(events.map((event) => event.id)).size).toBe(2);
  });

  it('a single type has one URL and no slug; an unpublish of nothing is no event', () => {
    const [event] = eventsFor(overview, 'publish', { documentId: 'ov', entries: [{ locale: 'en' }] }, 'http://x', NOW);
    expect(event).toMatchObject({ slug: null, locale: 'en', urls: ['http://x/api/outsourcing-overview?locale=en'] });
    expect(eventsFor(category, 'unpublish', { documentId: 'doc1', entries: [] }, 'http://x', NOW)).toEqual([]);
    expect(eventsFor(category, 'unpublish', null, 'http://x', NOW)).toEqual([]);
  });

  it('a Site update (the document itself)', () => {
    const [event] = eventsFor(site, 'update', { documentId: 's', locale: 'fr', companyName: 'ACME' }, 'http://x', NOW);
    expect(event).toMatchObject({ event: 'update', contentType: 'site', urls: ['http://x/api/site?locale=fr'] });
  });
});
