import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

const snakeUpper = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();

const withStrapiError = (
  formatted: GraphQLFormattedError,
  message: string,
  code: string,
  error: { name: string; message: string; details?: unknown }
): GraphQLFormattedError => ({
  ...formatted,
  message,
  extensions: {
    ...formatted.extensions,
    error: { name: error.name, message: error.message, details: error.details ?? {} },
    code,
  },
});

/**
 * Apollo's `formatError`, in place of the GraphQL plugin's own: the same codes for Strapi's errors
 * (FORBIDDEN, BAD_USER_INPUT, STRAPI_<NAME>), but an error that is neither Strapi's nor GraphQL's (a
 * database driver's, a bug) answers a bare "Internal Server Error": the plugin's version copies the
 * original error's name and message into `extensions.error`, which put whole SQL statements in answers.
 * The original goes to the log, with the operation's path.
 */
export const createGraphqlErrorFormatter =
  (strapi: () => Core.Strapi) =>
  (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    // What a resolver threw, as Apollo's unwrapResolverError finds it.
    const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
    // Parse and validation errors, the project's own GraphQLErrors: nothing else behind them.
    if (original === null || typeof original !== 'object' || original instanceof GraphQLError) return formatted;
    // Read by shape: an error made in another realm (a native module's class) is no `instanceof Error`.
    const { name = 'Error', message = '' } = original as { name?: unknown; message?: unknown } as {
      name?: string;
      message?: string;
    };
    const details = (original as { details?: unknown }).details;
    const strapiError = { name, message, details };
    if (original instanceof errors.ForbiddenError || original instanceof errors.UnauthorizedError) {
      return withStrapiError(formatted, message, 'FORBIDDEN', strapiError);
    }
    if (original instanceof errors.ValidationError) {
      return withStrapiError(formatted, message, 'BAD_USER_INPUT', strapiError);
    }
    if (original instanceof errors.ApplicationError || original instanceof errors.HttpError) {
      return withStrapiError(formatted, message, `STRAPI_${snakeUpper(name)}`, strapiError);
    }
    strapi().log.error(`[graphql] ${formatted.path ? `at ${formatted.path.join('.')}: ` : ''}${name}: ${message}`);
    return {
      message: 'Internal Server Error',
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
