/**
 * GraphQL error bodies never carry a driver's text: a real SQLite error (the statement is in its
 * message) is answered "Internal Server Error" and logged; Strapi's own errors keep their codes.
 */
import Database from 'better-sqlite3';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { GraphQLError } from 'graphql';
import { createGraphqlErrorFormatter } from '../../../src/graphql/format-error';

const logged: string[] = [];
const fakeStrapi = { log: { error: (line: string) => logged.push(line) } } as unknown as Core.Strapi;
const format = createGraphqlErrorFormatter(() => fakeStrapi);

/** What Apollo hands formatError for an error thrown by a resolver. */
const fromResolver = (original: Error): [ReturnType<GraphQLError['toJSON']>, GraphQLError] => {
  const wrapped = new GraphQLError(original.message, { path: ['outsourcingCategories'], originalError: original });
  return [wrapped.toJSON(), wrapped];
};

const sqliteError = (): Error => {
  const db = new Database(':memory:');
  try {
    db.exec("create table outsourcing_categories (summary text); insert into outsourcing_categories values ('x')");
    db.prepare('select * from outsourcing_categories where summary like ?').all(`%${'a'.repeat(50_001)}%`);
  } catch (error) {
    return error as Error;
  } finally {
    db.close();
  }
  throw new Error('SQLite accepted a 50,001-character LIKE pattern');
};

describe('createGraphqlErrorFormatter', () => {
  it('answers a driver error without its text, and logs it', () => {
    const error = sqliteError();
    expect(error.name).toBe('SqliteError');
    const formatted = format(...fromResolver(error));
    expect(formatted).toEqual({
      message: 'Internal Server Error',
      path: ['outsourcingCategories'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(logged.at(-1)).toMatch(/SqliteError: LIKE or GLOB pattern too complex/);
  });

  it("keeps Strapi's codes and details for its own errors", () => {
    const validation = new errors.ValidationError('bad', { errors: [{ path: ['filters'], message: 'bad' }] });
    expect(format(...fromResolver(validation)).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      error: { name: 'ValidationError', message: 'bad', details: { errors: [{ path: ['filters'] }] } },
    });
    expect(format(...fromResolver(new errors.ForbiddenError('no'))).extensions?.code).toBe('FORBIDDEN');
    expect(format(...fromResolver(new errors.NotFoundError('gone'))).extensions?.code).toBe('STRAPI_NOT_FOUND_ERROR');
  });

  it('leaves validation errors as graphql-js wrote them', () => {
    const validation = new GraphQLError('Cannot query field "localizations" on type "OutsourcingCategory".');
    expect(format(validation.toJSON(), validation)).toEqual(validation.toJSON());
  });
});
