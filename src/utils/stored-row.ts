import type { Data, UID } from '@strapi/strapi';

/**
 * A row as the query engine returns it, typed from the generated schema types (types/generated): every
 * attribute with its generated type, plus the numeric `id`, and the keys `K` non-null (required
 * attributes, or columns the application always writes).
 */
export type StoredRow<T extends UID.ContentType, K extends keyof Data.ContentType<T> = never> = Omit<
  Data.ContentType<T>,
  'id' | K
> & { id: number } & { [P in K]-?: NonNullable<Data.ContentType<T>[P]> };
