import type { Core } from '@strapi/strapi';
import {
  graphqlSiteTypes,
  graphqlSurrogateKeys,
  recordResolvedField,
  recordedDocuments,
  restErrorSurrogateKeys,
  startRecordingDocuments,
} from '../../../src/cache/surrogate-keys';

/** The content types' names as Strapi registers them (`info`), which the GraphQL plugin names its types after. */
const strapi = {
  contentTypes: {
    'api::outsourcing-category.outsourcing-category': { info: { singularName: 'outsourcing-category' } },
    'api::comparison-page.comparison-page': { info: { singularName: 'comparison-page' } },
    'api::outsourcing-overview.outsourcing-overview': { info: { singularName: 'outsourcing-overview' } },
    'api::site.site': { info: { singularName: 'site' } },
  },
} as unknown as Core.Strapi;
const types = graphqlSiteTypes(strapi);
const ALL_TYPES = ['comparison-page', 'outsourcing-category', 'outsourcing-overview', 'site'];

/** One field resolving, as src/graphql/surrogate-keys-plugin.ts reports it, with the value its resolver returned. */
const resolve = (
  request: object,
  field: { isRoot?: boolean; fieldName: string; typeName: string },
  result: unknown = undefined
): void => {
  const resolved = recordedDocuments(request);
  if (!resolved) throw new Error('recording not started');
  recordResolvedField(resolved, types, { isRoot: false, ...field })?.(result);
};

describe('GraphQL surrogate keys from what the resolvers returned', () => {
  it('names the site types as the GraphQL plugin does', () => {
    expect([...types.documents.keys()].sort()).toEqual([
      'ComparisonPage',
      'OutsourcingCategory',
      'OutsourcingOverview',
      'Site',
    ]);
    expect(types.collections.get('OutsourcingCategoryEntityResponseCollection')?.key).toBe('outsourcing-category');
    expect(types.collections.get('ComparisonPageRelationResponseCollection')?.key).toBe('comparison-page');
  });

  it('keys every document returned, nested ones included, from rows the query did not select documentId from', () => {
    // { outsourcingOverview { categories { code summary } } }
    const request = {};
    startRecordingDocuments(request);
    const categories = [
      { id: 1, documentId: 'bpo1', code: 'bpo' },
      { id: 2, documentId: 'ito1', code: 'ito' },
    ];
    resolve(
      request,
      { isRoot: true, fieldName: 'outsourcingOverview', typeName: 'OutsourcingOverview' },
      {
        id: 9,
        documentId: 'ov1',
        title: 'Overview',
      }
    );
    resolve(request, { fieldName: 'categories', typeName: 'OutsourcingCategory' }, categories);
    resolve(request, { fieldName: 'code', typeName: 'ENUM_OUTSOURCINGCATEGORY_CODE' }, 'bpo');
    expect(graphqlSurrogateKeys(recordedDocuments(request))).toEqual({
      keys: [
        'outsourcing-category',
        'outsourcing-category:bpo1',
        'outsourcing-category:ito1',
        'outsourcing-overview',
        'outsourcing-overview:ov1',
      ],
      complete: true,
    });
  });

  it('takes an aliased connection’s type from the field type, its documents from `nodes`; null is no document', () => {
    // { x: outsourcingCategories_connection { nodes { code } } y: outsourcingCategory(documentId: "gone") { code } }
    const request = {};
    startRecordingDocuments(request);
    resolve(request, {
      isRoot: true,
      fieldName: 'outsourcingCategories_connection',
      typeName: 'OutsourcingCategoryEntityResponseCollection',
    });
    resolve(request, { fieldName: 'nodes', typeName: 'OutsourcingCategory' }, [{ documentId: 'kpo1' }]);
    resolve(request, { isRoot: true, fieldName: 'outsourcingCategory', typeName: 'OutsourcingCategory' }, null);
    resolve(request, { isRoot: true, fieldName: 'quoteStats', typeName: 'QuoteStats' });
    expect(graphqlSurrogateKeys(recordedDocuments(request))).toEqual({
      keys: ['outsourcing-category', 'outsourcing-category:kpo1', 'quote-stats'],
      complete: true,
    });
  });

  it('fails closed: a document without documentId, an unknown root field, or no record at all give every type', () => {
    const withoutId = {};
    startRecordingDocuments(withoutId);
    resolve(withoutId, { isRoot: true, fieldName: 'comparisonPages', typeName: 'ComparisonPage' }, [
      { documentId: 'p1' },
      { title: 'no id' },
    ]);
    expect(graphqlSurrogateKeys(recordedDocuments(withoutId))).toEqual({
      keys: [...ALL_TYPES, 'comparison-page:p1'].sort(),
      complete: false,
    });

    const unknownRoot = {};
    startRecordingDocuments(unknownRoot);
    resolve(unknownRoot, { isRoot: true, fieldName: 'i18NLocales', typeName: 'I18NLocale' }, []);
    expect(graphqlSurrogateKeys(recordedDocuments(unknownRoot))).toEqual({ keys: ALL_TYPES, complete: false });

    expect(graphqlSurrogateKeys(recordedDocuments({}))).toEqual({ keys: ALL_TYPES, complete: false });
  });

  it('ignores nested fields of other types (components, media)', () => {
    const request = {};
    startRecordingDocuments(request);
    resolve(request, { isRoot: true, fieldName: 'site', typeName: 'Site' }, { documentId: 's1' });
    resolve(request, { fieldName: 'seo', typeName: 'ComponentSharedSeo' }, { metaTitle: 'x' });
    resolve(request, { fieldName: 'metaImage', typeName: 'UploadFile' }, { documentId: 'f1' });
    expect(graphqlSurrogateKeys(recordedDocuments(request))).toEqual({ keys: ['site', 'site:s1'], complete: true });
  });
});

describe('surrogate keys of error answers', () => {
  it.each([
    ['/api/outsourcing-categories/abc', ['outsourcing-category']],
    ['/API/Outsourcing-Overview/', ['outsourcing-overview']],
    ['/api/comparison-pages', ['comparison-page']],
    ['/api/quote-stats', ['quote-stats']],
    ['/api/unknown', []],
  ])('%s: %j', (path, keys) => {
    expect(restErrorSurrogateKeys(path)).toEqual(keys);
  });
});
