/**
 * Reads a secret that must be set. A missing one fails the start with a message that says how to fix
 * it, instead of Strapi starting with an undefined key.
 */
export const requiredEnv = (read: (key: string) => string | undefined, key: string): string => {
  const value = read(key);
  if (!value) {
    throw new Error(
      `${key} is not set: run \`node scripts/ensure-env.js\` (npm run develop does) or set it in the environment`
    );
  }
  return value;
};
