/**
 * The frontend contract against the real app: every example of docs/openapi.json is sent with Node's
 * fetch and answers the documented status with a body valid against the documented schema (ajv); the
 * served copies, the GraphQL SDL an anonymous caller introspects, and the CDN purge hints.
 */
import fs from 'fs';
import path from 'path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  parse,
  print,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import qs from 'qs';
import { apiToken } from '../helpers/admin';
import { httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';
import { publicSchemaSdl } from '../../src/openapi/graphql-sdl';

useStrapi({ ...INTEGRATION_ENV, API_DOCS_ENABLED: 'true' });

const ROOT = path.resolve(__dirname, '../..');
const DOCUMENT_TEXT = fs.readFileSync(path.join(ROOT, 'docs/openapi.json'), 'utf8');
const SDL_TEXT = fs.readFileSync(path.join(ROOT, 'docs/schema.graphql'), 'utf8');

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}
interface Operation {
  parameters?: Parameter[];
  security?: unknown[];
  requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> };
  responses: Record<string, { content?: Record<string, { schema: Json; example?: unknown }> }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
}
const document = JSON.parse(DOCUMENT_TEXT) as OpenApiDocument;

/** OpenAPI 3.0 schema → JSON Schema: `nullable` becomes a `null` alternative, `example` is dropped. */
const toJsonSchema = (schema: unknown): unknown => {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const { nullable, example: _example, ...rest } = schema as Json & { nullable?: boolean; example?: unknown };
  const converted = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, toJsonSchema(value)]));
  return nullable ? { anyOf: [converted, { type: 'null' }] } : converted;
};

/**
 * The entity and component schemas as an answer narrowed by `fields` carries them: the attributes a
 * complete answer always holds (`required`) are not all there, the types of those present are the same.
 */
const withoutEntityRequired = (schemas: Record<string, Json>): Record<string, Json> => {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    const { required: _required, ...rest } = value as Json;
    return Object.fromEntries(Object.entries(rest).map(([key, nested]) => [key, strip(nested)]));
  };
  return Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => [
      name,
      name.endsWith('Response') ? schema : (strip(schema) as Json),
    ])
  );
};

const ajvFor = (schemas: Record<string, Json>) => {
  const instance = new Ajv({ strict: false, allErrors: true });
  addFormats(instance);
  instance.addSchema({ $id: 'openapi', components: { schemas: toJsonSchema(schemas) } });
  return instance;
};
const ajv = {
  complete: ajvFor(document.components.schemas),
  narrowed: ajvFor(withoutEntityRequired(document.components.schemas)),
};

const validators = new Map<string, ValidateFunction>();
const schemaFor = (operation: Operation, status: string, answer: keyof typeof ajv): ValidateFunction => {
  const schema = operation.responses[status]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`no JSON schema for ${status}`);
  const key = `${answer} ${JSON.stringify(schema)}`;
  let validate = validators.get(key);
  if (!validate) {
    const rebased: unknown = JSON.parse(
      JSON.stringify(toJsonSchema(schema)).replaceAll('"#/components/', '"openapi#/components/')
    );
    validate = ajv[answer].compile(rebased as Json);
    validators.set(key, validate);
  }
  return validate;
};

/** A body valid against the documented schema of that status, or the errors ajv found. */
const expectValid = (
  operation: Operation,
  status: string,
  body: unknown,
  what: string,
  answer: keyof typeof ajv = 'complete'
): void => {
  const validate = schemaFor(operation, status, answer);
  const valid = validate(body);
  expect({ what, errors: valid ? null : validate.errors }).toEqual({ what, errors: null });
};

/** The documented example of a status, as the body the server must answer. */
const documentedExample = (operation: Operation, status: string): unknown => {
  const example = operation.responses[status]?.content?.['application/json']?.example;
  if (example === undefined) throw new Error(`no example for ${status}`);
  return example;
};

/**
 * A real answer against its documented status: valid against the schema, and equal to the example, every
 * message included. `volatile` names the values that differ on every request (a reference, a date), which
 * must then be of the example's type.
 */
const expectDocumented = (
  operation: Operation,
  status: string,
  body: unknown,
  what: string,
  volatile: (example: unknown) => unknown = (example) => example
): void => {
  expectValid(operation, status, body, what);
  expect([what, body]).toEqual([what, volatile(structuredClone(documentedExample(operation, status)))]);
};

const contentReads = Object.entries(document.paths).filter(
  ([route]) => !route.startsWith('/quote-') && route !== '/i18n/locales'
);

describe('docs/openapi.json', () => {
  it('documents the public reads, the submission and the figures, and nothing else', () => {
    expect(Object.keys(document.paths).sort()).toEqual([
      '/comparison-pages',
      '/comparison-pages/{documentId}',
      '/i18n/locales',
      '/outsourcing-categories',
      '/outsourcing-categories/{documentId}',
      '/outsourcing-overview',
      '/quote-requests',
      '/quote-stats',
      '/site',
    ]);
    for (const [route, item] of Object.entries(document.paths)) {
      expect([route, Object.keys(item)]).toEqual([route, [route === '/quote-requests' ? 'post' : 'get']]);
      expect(item[Object.keys(item)[0]].security).toEqual([]);
    }
    // No admin user, draft, notification, routing or personal-data field anywhere.
    for (const word of [
      'createdBy',
      'updatedBy',
      'resetPasswordToken',
      'localizations"',
      'quote-notification',
      'routing',
      'internalNotes',
      'ipHash',
    ]) {
      expect([word, DOCUMENT_TEXT.includes(word)]).toEqual([word, false]);
    }
    for (const [, item] of contentReads) {
      const status = item.get.parameters?.find((parameter) => parameter.name === 'status');
      if (status) expect(JSON.stringify(status)).toContain('"enum":["published"]');
    }
  });

  it('every read example, in fr and en, answers 200 with a body valid against the documented schema', async () => {
    let sent = 0;
    for (const [route, item] of contentReads) {
      const operation = item.get;
      const parameters = operation.parameters ?? [];
      const locales = Object.values(parameters.find((p) => p.name === 'locale')?.examples ?? {}).map((e) => e.value);
      expect([route, locales]).toEqual([route, ['fr', 'en']]);
      for (const locale of locales as string[]) {
        let url = route;
        if (route.includes('{documentId}')) {
          const list = (await (
            await fetch(`${httpServer()}/api${route.replace('/{documentId}', '')}?locale=${locale}`)
          ).json()) as {
            data: { documentId: string }[];
          };
          url = route.replace('{documentId}', list.data[0].documentId);
        }
        const variants: Json[] = [{ locale }];
        for (const parameter of parameters) {
          if (parameter.in === 'query' && parameter.example !== undefined) {
            variants.push({ locale, [parameter.name]: parameter.example });
          }
        }
        for (const query of variants) {
          const target = `/api${url}?${qs.stringify(query, { encodeValuesOnly: true })}`;
          const res = await fetch(`${httpServer()}${target}`);
          const body = (await res.json()) as { data: Json | Json[] };
          expect([target, res.status]).toEqual([target, 200]);
          if (query.fields === undefined) {
            expectValid(operation, '200', body, target);
          } else {
            // `fields` without `populate`: those attributes, documentId and id, nothing else.
            expectValid(operation, '200', body, target, 'narrowed');
            for (const entry of Array.isArray(body.data) ? body.data : [body.data]) {
              expect([target, Object.keys(entry).sort()]).toEqual([
                target,
                ['documentId', 'id', query.fields as string].sort(),
              ]);
            }
          }
          sent += 1;
        }
      }
    }
    console.log(`[contract] ${sent} documented read requests answered 200 and matched their schema`);
    expect(sent).toBeGreaterThan(30);
  });

  it('the submission examples answer 201 and 400 as documented, and the 4xx bodies are Strapi error bodies', async () => {
    const operation = document.paths['/quote-requests'].post;
    const examples = operation.requestBody!.content['application/json'].examples!;
    const expected: Record<string, number> = { complete: 201, invalid: 400 };
    expect(Object.keys(examples).sort()).toEqual(Object.keys(expected).sort());
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${httpServer()}/api/quote-requests`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body,
      });
    const receipt = (example: unknown) => {
      const data = (example as { data: Json }).data;
      return {
        data: {
          ...data,
          reference: expect.stringMatching(/^DEV-[0-9]{4}-[0-9]{6,}$/) as unknown,
          expectedResponseBy: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown,
        },
      };
    };
    for (const [name, example] of Object.entries(examples)) {
      const res = await post(JSON.stringify(example.value));
      expect([name, res.status]).toEqual([name, expected[name]]);
      const status = String(expected[name]);
      expectDocumented(operation, status, await res.json(), name, status === '201' ? receipt : undefined);
    }

    // 409: the same Idempotency-Key with another body.
    const key = `contract-${Date.now()}`;
    const complete = examples.complete.value as { data: Json };
    expect((await post(JSON.stringify(complete), { 'Idempotency-Key': key })).status).toBe(201);
    const conflict = await post(JSON.stringify({ data: { ...complete.data, company: 'Other' } }), {
      'Idempotency-Key': key,
    });
    expect(conflict.status).toBe(409);
    expectDocumented(operation, '409', await conflict.json(), '409');

    // 415: not JSON.
    const notJson = await post('data=1', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(notJson.status).toBe(415);
    expectDocumented(operation, '415', await notJson.json(), '415');

    // 413: over 64 KB.
    const tooLarge = await post(JSON.stringify({ data: { ...complete.data, message: 'x'.repeat(70 * 1024) } }));
    expect(tooLarge.status).toBe(413);
    expectDocumented(operation, '413', await tooLarge.json(), '413');

    // 411: a streamed body (no Content-Length).
    const encoded = new TextEncoder().encode(JSON.stringify(complete));
    const chunked = await fetch(`${httpServer()}/api/quote-requests`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(encoded);
          controller.close();
        },
      }),
      duplex: 'half',
    });
    expect(chunked.status).toBe(411);
    expectDocumented(operation, '411', await chunked.json(), '411');

    // 429: past QUOTE_RATE_LIMIT_MAX (5 in this suite) submissions from one client.
    let limited: Response | undefined;
    for (let i = 0; i < 6 && !limited; i += 1) {
      const res = await post(JSON.stringify(complete));
      if (res.status === 429) limited = res;
      else await res.arrayBuffer();
    }
    expect(limited?.status).toBe(429);
    const retryAfter = Number(limited!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expectDocumented(operation, '429', await limited!.json(), '429', (example) => {
      const body = example as { error: { details: { retryAfterSeconds: number } } };
      body.error.details.retryAfterSeconds = retryAfter;
      return body;
    });
  });

  it('the read errors answer exactly as documented: an unknown locale (400), an unknown document (404)', async () => {
    let compared = 0;
    for (const [route, item] of contentReads) {
      const operation = item.get;
      const path = route.replace('{documentId}', 'nosuchdocument0000000000');
      const invalid = await fetch(`${httpServer()}/api${path}?locale=xx`);
      expect([route, invalid.status]).toEqual([route, 400]);
      expectDocumented(operation, '400', await invalid.json(), `${route}?locale=xx`);
      compared += 1;
      if (route.includes('{documentId}')) {
        const missing = await fetch(`${httpServer()}/api${path}?locale=fr`);
        expect([route, missing.status]).toEqual([route, 404]);
        expectDocumented(operation, '404', await missing.json(), `${path}`);
        compared += 1;
      }
    }
    expect(compared).toBe(8);
  });

  it("GET /api/i18n/locales lists the site's locales to anonymous callers, as documented", async () => {
    const operation = document.paths['/i18n/locales'].get;
    expect(operation.security).toEqual([]);
    const res = await fetch(`${httpServer()}/api/i18n/locales`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { code: string; isDefault: boolean }[];
    expectValid(operation, '200', body, 'locales');
    expect(body.map((locale) => [locale.code, locale.isDefault]).sort()).toEqual([
      ['en', false],
      ['fr', true],
    ]);
    // Listing is all the Public role gets: no write on any spelling of the route, over REST or GraphQL.
    for (const route of ['/api/i18n/locales', '/API/I18N/LOCALES/', '/api/i18n/locales/1']) {
      for (const method of ['POST', 'PUT', 'DELETE']) {
        const write = await fetch(`${httpServer()}${route}`, {
          method,
          headers: { 'Content-Type': 'application/json', Authorization: 'Bearer not-a-token' },
          body: JSON.stringify({ name: 'German (de)', code: 'de', isDefault: true }),
        });
        expect([method, route, write.status >= 400 && write.status < 500]).toEqual([method, route, true]);
      }
    }
    const mutation = await fetch(`${httpServer()}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { createI18NLocale(data: { code: "de" }) { code } }' }),
    });
    expect(((await mutation.json()) as { errors?: unknown[] }).errors?.length).toBeGreaterThan(0);
    const after = (await (await fetch(`${httpServer()}/api/i18n/locales`)).json()) as { code: string }[];
    expect(after.map((locale) => locale.code).sort()).toEqual(['en', 'fr']);
  });

  it('GET /api/quote-stats answers its documented 200, and 400 to a parameter', async () => {
    const operation = document.paths['/quote-stats'].get;
    const ok = await fetch(`${httpServer()}/api/quote-stats`);
    expect(ok.status).toBe(200);
    expectDocumented(operation, '200', await ok.json(), 'quote-stats');
    const refused = await fetch(`${httpServer()}/api/quote-stats?x=1`);
    expect(refused.status).toBe(400);
    expectDocumented(operation, '400', await refused.json(), 'quote-stats?x=1');
  });

  it('every response example of the document is valid against its own schema', () => {
    let checked = 0;
    for (const item of Object.values(document.paths)) {
      for (const operation of Object.values(item)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          const example = response.content?.['application/json']?.example;
          if (example === undefined) continue;
          expectValid(operation, status, example, `example ${status}`);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(9);
  });

  it('is served read-only at /api-docs/ with API_DOCS_ENABLED, as committed', async () => {
    const served = await fetch(`${httpServer()}/api-docs/openapi.json`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toMatch(/application\/json/);
    expect(await served.text()).toBe(DOCUMENT_TEXT);
    const sdl = await fetch(`${httpServer()}/api-docs/schema.graphql`);
    expect(await sdl.text()).toBe(SDL_TEXT);
    const write = await fetch(`${httpServer()}/api-docs/openapi.json`, { method: 'POST', body: '{}' });
    expect([404, 405]).toContain(write.status);
    // The documentation plugin itself is not loaded: none of its routes exist.
    expect((await fetch(`${httpServer()}/documentation/v1.0.0`)).status).toBe(404);
  });
});

/** The schema the endpoint serves, as an anonymous caller introspects it (every root field, allowed or not). */
const introspectServedSchema = async (): Promise<GraphQLSchema> => {
  const res = await fetch(`${httpServer()}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query: getIntrospectionQuery({ specifiedByUrl: true, inputValueDeprecation: true }) }),
  });
  expect(res.status).toBe(200);
  const { data } = (await res.json()) as { data: IntrospectionQuery };
  return buildClientSchema(data);
};

/** The root fields docs/schema.graphql publishes, as `Query.name` / `Mutation.name`. */
const documentedRootFields = (): Set<string> => {
  const documented = buildSchema(SDL_TEXT);
  const fields = new Set<string>();
  for (const root of [documented.getQueryType(), documented.getMutationType()]) {
    if (root) for (const name of Object.keys(root.getFields())) fields.add(`${root.name}.${name}`);
  }
  return fields;
};

/** A literal the schema accepts for an argument: the smallest value of its type (required input fields filled). */
const literalFor = (type: GraphQLInputType, depth = 0): string => {
  if (depth > 8) throw new Error('input type nests deeper than the probe builds');
  const inner = getNullableType(type);
  if (isListType(inner)) return `[${literalFor(inner.ofType, depth + 1)}]`;
  if (isEnumType(inner)) return inner.getValues()[0].name;
  if (isInputObjectType(inner)) {
    const required = Object.values(inner.getFields()).filter((field) => isNonNullType(field.type));
    return `{ ${required.map((field) => `${field.name}: ${literalFor(field.type, depth + 1)}`).join(', ')} }`;
  }
  switch (getNamedType(inner).name) {
    case 'Int':
    case 'Float':
      return '1';
    case 'Boolean':
      return 'true';
    case 'JSON':
      return '{}';
    default:
      return '"probe"';
  }
};

/** `query { field(requiredArgs) { __typename } }`: what an anonymous caller sends to try a root field. */
const probeFor = (operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string => {
  const args = field.args
    .filter((arg: GraphQLArgument) => isNonNullType(arg.type))
    .map((arg) => `${arg.name}: ${literalFor(arg.type)}`);
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `${operation} { ${field.name}${args.length > 0 ? `(${args.join(', ')})` : ''}${selection} }`;
};

describe('docs/openapi.json and docs/schema.graphql agree', () => {
  /** The GraphQL type of an OpenAPI schema: `SharedSeoComponent` is `ComponentSharedSeo`, entities keep their name. */
  const graphqlTypeName = (schemaName: string) =>
    schemaName.endsWith('Component') ? `Component${schemaName.slice(0, -'Component'.length)}` : schemaName;

  it('on nullability: a field non-null in GraphQL is non-null in OpenAPI, and the other way round', () => {
    const sdl = buildSchema(SDL_TEXT);
    let compared = 0;
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      const type = sdl.getType(graphqlTypeName(name));
      if (!type || !('getFields' in type) || isInputObjectType(type)) continue;
      const fields = type.getFields();
      const properties = (schema.properties ?? {}) as Record<string, Json>;
      for (const [property, definition] of Object.entries(properties)) {
        const field = fields[property];
        // `body` and the like are JSON in GraphQL and any value in OpenAPI; `id` is GraphQL's ID!.
        if (!field || Object.keys(definition).length === 0 || property === 'id') continue;
        const graphqlNullable = !isNonNullType(field.type);
        expect([name, property, definition.nullable === true]).toEqual([name, property, graphqlNullable]);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(60);
  });

  it('on the submission: the GraphQL input requires what the REST body requires, with the same choices', () => {
    const input = buildSchema(SDL_TEXT).getType('QuoteRequestSubmissionInput');
    if (!isInputObjectType(input)) throw new Error('QuoteRequestSubmissionInput is not an input type');
    const body = (document.components.schemas.QuoteRequestSubmission.properties as Record<string, Json>).data as {
      required: string[];
      properties: Record<string, { enum?: unknown[] }>;
    };
    const fields = input.getFields();
    expect(Object.keys(fields).sort()).toEqual(Object.keys(body.properties).sort());
    for (const [name, field] of Object.entries(fields)) {
      expect([name, isNonNullType(field.type)]).toEqual([name, body.required.includes(name)]);
      const named = getNamedType(field.type);
      const choices = body.properties[name].enum;
      if (choices && name !== 'consent') {
        // docs/schema.graphql is sorted: compare the sets.
        const values = isEnumType(named) ? named.getValues().map((value) => value.name) : [named.name];
        expect([name, values.sort()]).toEqual([name, [...choices].map(String).sort()]);
      }
    }
  });
});

describe('docs/schema.graphql', () => {
  it('holds exactly the root fields an anonymous caller may call: each of them answers, each left out is FORBIDDEN', async () => {
    const served = await introspectServedSchema();
    const documented = documentedRootFields();
    const outcome: Record<string, string> = {};
    for (const [operation, root] of [
      ['query', served.getQueryType()],
      ['mutation', served.getMutationType()],
    ] as const) {
      for (const field of Object.values(root?.getFields() ?? {})) {
        const query = probeFor(operation, field);
        const res = await fetch(`${httpServer()}/graphql`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
        const codes = (body.errors ?? []).map((error) => error.extensions?.code ?? 'none');
        // A probe the schema itself refuses proves nothing: every probe must reach the resolver's check.
        expect([query, codes.includes('GRAPHQL_VALIDATION_FAILED')]).toEqual([query, false]);
        outcome[`${root!.name}.${field.name}`] = codes.includes('FORBIDDEN') ? 'FORBIDDEN' : 'answered';
      }
    }
    const expected = Object.fromEntries(
      Object.keys(outcome).map((name) => [name, documented.has(name) ? 'answered' : 'FORBIDDEN'])
    );
    expect(outcome).toEqual(expected);
    // Each documented root field exists on the server, and the published one is the list the site uses.
    for (const name of documented) expect([name, name in outcome]).toEqual([name, true]);
    for (const name of ['Query.outsourcingCategories', 'Query.i18NLocales', 'Mutation.submitQuoteRequest']) {
      expect([name, outcome[name]]).toEqual([name, 'answered']);
    }
    for (const name of [
      'Query.me',
      'Query.usersPermissionsUsers',
      'Mutation.createOutsourcingCategory',
      'Mutation.updateSite',
    ]) {
      expect([name, outcome[name]]).toEqual([name, 'FORBIDDEN']);
    }
  });

  it('is the schema an anonymous caller introspects, less the forbidden root fields and the draft-only publication arguments', async () => {
    const served = await introspectServedSchema();
    const documented = documentedRootFields();
    // Compared as graphql-js prints both (the committed file is also formatted by Prettier).
    expect(print(parse(publicSchemaSdl(served, (root, field) => documented.has(`${root}.${field}`))))).toBe(
      print(parse(SDL_TEXT))
    );
    expect(SDL_TEXT).not.toMatch(
      /PublicationStatus|PublicationFilter|hasPublishedVersion|QuoteNotification|QuoteRouting|PrivacyLog|internalNotes/
    );
  });

  it('the left-out publication arguments: drafts are refused to anonymous callers, published content is read', async () => {
    const ask = async (argument: string) => {
      const res = await fetch(`${httpServer()}/graphql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: `{ outsourcingCategories(${argument}) { documentId } }` }),
      });
      return (await res.json()) as { data?: { outsourcingCategories: unknown[] } | null; errors?: unknown[] };
    };
    expect((await ask('status: DRAFT')).errors?.length).toBeGreaterThan(0);
    expect((await ask('publicationFilter: NEVER_PUBLISHED')).errors?.length).toBeGreaterThan(0);
    expect((await ask('hasPublishedVersion: false')).errors?.length).toBeGreaterThan(0);
    const published = await ask('status: PUBLISHED');
    expect(published.errors).toBeUndefined();
    expect(published.data?.outsourcingCategories.length).toBe(3);
  });
});

describe('CDN purge hints', () => {
  const keysOf = (res: Response) => ({
    surrogate: (res.headers.get('surrogate-key') ?? '').split(' ').filter(Boolean),
    cacheTag: (res.headers.get('cache-tag') ?? '').split(',').filter(Boolean),
  });

  it('REST answers carry their type and every document they contain, nested ones included, from the cache too', async () => {
    const list = await fetch(`${httpServer()}/api/outsourcing-categories?locale=fr`);
    const { data } = (await list.json()) as { data: { documentId: string }[] };
    const keys = keysOf(list);
    expect(keys.surrogate).toEqual(
      ['outsourcing-category', ...data.map((c) => `outsourcing-category:${c.documentId}`)].sort()
    );
    expect(keys.cacheTag).toEqual(keys.surrogate);
    // The second read comes from the response cache: same hints.
    expect(keysOf(await fetch(`${httpServer()}/api/outsourcing-categories?locale=fr`))).toEqual(keys);

    const overview = await fetch(`${httpServer()}/api/outsourcing-overview?locale=en`);
    const body = (await overview.json()) as {
      data: { documentId: string; categories: { documentId: string }[]; comparisonPages: { documentId: string }[] };
    };
    expect(keysOf(overview).surrogate).toEqual(
      expect.arrayContaining([
        'outsourcing-overview',
        `outsourcing-overview:${body.data.documentId}`,
        ...body.data.categories.map((c) => `outsourcing-category:${c.documentId}`),
        ...body.data.comparisonPages.map((p) => `comparison-page:${p.documentId}`),
      ])
    );
    expect(keysOf(await fetch(`${httpServer()}/api/quote-stats`)).surrogate).toEqual(['quote-stats']);
  });

  it('GraphQL GETs carry them too; answers to an API token carry none', async () => {
    const query = encodeURIComponent('{ comparisonPages { documentId } }');
    const res = await fetch(`${httpServer()}/graphql?query=${query}`, {
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { comparisonPages: { documentId: string }[] } };
    expect(keysOf(res).surrogate).toEqual(
      ['comparison-page', ...data.comparisonPages.map((p) => `comparison-page:${p.documentId}`)].sort()
    );
    const token = await apiToken('read-only');
    const authenticated = await fetch(`${httpServer()}/api/outsourcing-categories`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(authenticated.status).toBe(200);
    expect(authenticated.headers.get('surrogate-key')).toBeNull();
    expect(authenticated.headers.get('cache-tag')).toBeNull();
  });
});
