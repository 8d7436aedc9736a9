// @ts-check
'use strict';
// The admin API calls an editor's browser makes (first administrator, Content Manager edit / publish /
// unpublish), for runs that drive a production server from outside: the coherence test, fault run (e).

/**
 * @typedef {object} AdminAnswer
 * @property {number} status
 * @property {unknown} body the parsed JSON, or the text
 * @property {string} text
 */

/**
 * @param {string} base e.g. http://127.0.0.1:1337
 * @param {string} method
 * @param {string} urlPath
 * @param {string} [token]
 * @param {unknown} [body]
 * @returns {Promise<AdminAnswer>}
 */
const call = async (base, method, urlPath, token, body) => {
  const res = await fetch(`${base}${urlPath}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  /** @type {unknown} */
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed, text };
};

/**
 * @param {unknown} body
 * @param {string} key
 * @returns {unknown}
 */
const dataField = (body, key) => {
  if (!body || typeof body !== 'object' || !('data' in body)) return undefined;
  const data = body.data;
  return data && typeof data === 'object' && key in data
    ? /** @type {Record<string, unknown>} */ (data)[key]
    : undefined;
};

/**
 * Creates the first administrator (what the admin's welcome form does on a new database) and returns
 * its access token.
 * @param {string} base
 * @param {{ email?: string, password?: string }} [user]
 * @returns {Promise<string>}
 */
const registerFirstAdmin = async (base, { email = 'admin@deploy.test', password = 'Adm1n-Passw0rd!' } = {}) => {
  const res = await call(base, 'POST', '/admin/register-admin', undefined, {
    firstname: 'Ada',
    lastname: 'Admin',
    email,
    password,
  });
  const token = dataField(res.body, 'token');
  if (res.status !== 200 || typeof token !== 'string') throw new Error(`register-admin ${res.status}: ${res.text}`);
  return token;
};

/**
 * The Content Manager's document actions on a collection type, as the admin's edit view calls them.
 * @param {string} base
 * @param {string} token
 * @param {string} uid e.g. api::outsourcing-category.outsourcing-category
 */
const contentManager = (base, token, uid) => {
  const root = `/content-manager/collection-types/${uid}`;
  /**
   * @param {string} method
   * @param {string} urlPath
   * @param {unknown} [body]
   */
  const expectOk = async (method, urlPath, body) => {
    const res = await call(base, method, urlPath, token, body);
    if (res.status !== 200) throw new Error(`${method} ${urlPath} answered ${res.status}: ${res.text}`);
    return res.body;
  };
  return {
    /**
     * Saves the draft, then publishes it ("Publish" with edited fields).
     * @param {string} documentId
     * @param {string} locale
     * @param {Record<string, unknown>} data
     */
    publish: (documentId, locale, data) =>
      expectOk('POST', `${root}/${documentId}/actions/publish?locale=${locale}`, data),
    /**
     * @param {string} documentId
     * @param {string} locale
     */
    unpublish: (documentId, locale) =>
      expectOk('POST', `${root}/${documentId}/actions/unpublish?locale=${locale}`, { discardDraft: false }),
  };
};

module.exports = { registerFirstAdmin, contentManager, call };
