/**
 * Typed reads of HTTP response bodies. supertest types `res.body` as `any`, so a test names the shape it
 * reads instead (Strapi's REST body, its error body, a GraphQL answer) and every read after that is
 * type-checked. The shape is what the test expects, not a validation: a body of another shape fails the
 * test's own assertions, as it did before.
 */

/** Strapi's REST body: `{ data, meta }`. */
export interface RestBody<T> {
  data: T;
  meta?: Record<string, unknown>;
}

/** One entry of a ValidationError's `details.errors`: the field's path and the message for it. */
export interface ValidationIssue {
  path: string[];
  message: string;
  name?: string;
}

/** A ValidationError's `details`. */
export interface ValidationDetails {
  errors: ValidationIssue[];
}

/** The `error` of Strapi's error body (REST, middlewares, and GraphQL's `extensions.error`). */
export interface StrapiError<Details = Record<string, unknown>> {
  status: number;
  name: string;
  message: string;
  details: Details;
}

/** Strapi's error body: `{ data: null, error: { status, name, message, details } }`. */
export interface ErrorBody<Details = Record<string, unknown>> {
  data: null;
  error: StrapiError<Details>;
}

/** One GraphQL error: a message, and Strapi's error in `extensions.error` when the resolver threw one. */
export interface GraphQLError<Details = Record<string, unknown>> {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; error?: StrapiError<Details> };
}

/** A GraphQL answer: `data` (null or absent when the operation failed) and `errors`. */
export interface GraphQLBody<T = Record<string, unknown>, Details = Record<string, unknown>> {
  data?: T | null;
  errors?: GraphQLError<Details>[];
}

/** A supertest response's body, read as `T` (see the file comment). */
export const body = <T>(res: { body: unknown }): T => res.body as T;

/** The `data` of a Strapi REST body. */
export const restData = <T>(res: { body: unknown }): T => body<RestBody<T>>(res).data;

/** The `error` of Strapi's error body. */
export const restError = <Details = Record<string, unknown>>(res: { body: unknown }): StrapiError<Details> =>
  body<ErrorBody<Details>>(res).error;

/** A GraphQL answer's body. */
export const graphqlBody = <T = Record<string, unknown>, Details = Record<string, unknown>>(res: {
  body: unknown;
}): GraphQLBody<T, Details> => body<GraphQLBody<T, Details>>(res);
