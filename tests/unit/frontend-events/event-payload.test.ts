import { dependentEventsFor, eventKindOf, eventsFor } from '../../../src/frontend-events/event-payload';
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
  it('one delete event per published locale, with the published row’s slug', () => {
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
    // English was never published (a draft only): never public, so its delete is no event.
    expect(events.map(({ locale, slug }) => [locale, slug])).toEqual([['fr', 'bpo']]);
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
  });

  it('a delete of a never-published document is no event, in any locale; one per locale otherwise', () => {
    const draftsOnly = {
      documentId: 'doc2',
      entries: [
        { documentId: 'doc2', locale: 'fr', slug: 'projet-secret', publishedAt: null },
        { documentId: 'doc2', locale: 'en', slug: 'secret-project', publishedAt: null },
      ],
    };
    expect(eventsFor(category, 'delete', draftsOnly, 'http://x', NOW)).toEqual([]);
    const published = {
      documentId: 'doc3',
      entries: [
        { documentId: 'doc3', locale: 'fr', slug: 'ito', publishedAt: null },
        { documentId: 'doc3', locale: 'fr', slug: 'ito', publishedAt: '2026-12-01T00:00:00.000Z' },
        { documentId: 'doc3', locale: 'en', slug: 'ito-en', publishedAt: null },
        { documentId: 'doc3', locale: 'en', slug: 'ito-en', publishedAt: '2026-12-01T00:00:00.000Z' },
      ],
    };
    const events = eventsFor(category, 'delete', published, 'http://x', NOW);
    expect(events.map(({ locale, slug }) => [locale, slug])).toEqual([
      ['fr', 'ito'],
      ['en', 'ito-en'],
    ]);
    expect(new Set(events.map((event) => event.id)).size).toBe(2);
    // The Site single type has no drafts: every delete was public.
    expect(eventsFor(site, 'delete', { documentId: 's', entries: [{ documentId: 's', locale: 'fr' }] }, 'http://x', NOW)).toHaveLength(1);
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

describe('dependentEventsFor', () => {
  it('one update per listing document and locale, with its own URL and keys; unknown types are skipped', () => {
    const overviewRef = { uid: overview.uid, documentId: 'ov', locale: 'en' };
    const events = dependentEventsFor(
      [overviewRef, overviewRef, { ...overviewRef, locale: 'fr' }, { uid: 'api::other.other', documentId: 'x', locale: 'en' }],
      'https://cms.example.test',
      NOW
    );
    expect(events.map(({ event, contentType, documentId, locale, slug, urls, tags }) => ({ event, contentType, documentId, locale, slug, urls, tags }))).toEqual([
      {
        event: 'update',
        contentType: 'outsourcing-overview',
        documentId: 'ov',
        locale: 'en',
        slug: null,
        urls: ['https://cms.example.test/api/outsourcing-overview?locale=en'],
        tags: ['outsourcing-overview', 'outsourcing-overview:ov'],
      },
      {
        event: 'update',
        contentType: 'outsourcing-overview',
        documentId: 'ov',
        locale: 'fr',
        slug: null,
        urls: ['https://cms.example.test/api/outsourcing-overview?locale=fr'],
        tags: ['outsourcing-overview', 'outsourcing-overview:ov'],
      },
    ]);
    expect(events[0].id).not.toBe(events[1].id);
  });
});
