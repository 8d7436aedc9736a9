// Example frontend for the outsourcing CMS: plain ES modules, no framework, no build step.
// It reads the content API (REST) per locale and submits the quote form; copy what you need.
// Every string from the API is written with textContent, never innerHTML.

const API = window.location.origin; // the CMS serves this page; point it at your CMS URL elsewhere
const params = new URLSearchParams(window.location.search);
const locale = params.get('locale') === 'en' ? 'en' : 'fr';

const UI = {
  fr: {
    fullName: 'Nom complet',
    email: 'E-mail',
    company: 'Société',
    jobTitle: 'Fonction',
    phone: 'Téléphone',
    requestedModel: 'Modèle souhaité',
    scope: 'Périmètre',
    approach: 'Démarche',
    message: 'Votre besoin',
    consent: 'J’accepte que mes données soient utilisées pour traiter ma demande.',
    models: { bpo: 'BPO', ito: 'ITO', kpo: 'KPO', undecided: 'Je ne sais pas encore' },
    scopes: { '': '—', total: 'Totale', partial: 'Partielle', undecided: 'À définir' },
    approaches: { '': '—', tactical: 'Tactique', strategic: 'Stratégique', undecided: 'À définir' },
    sending: 'Envoi…',
    thanks: 'Merci ! Votre demande est enregistrée sous la référence',
    expected: 'Réponse attendue avant le',
    measuredPromise: 'Réponse en moyenne sous',
    network: 'Envoi impossible, réessayez dans un instant.',
    tooMany: 'Trop de demandes depuis votre connexion, réessayez plus tard.',
    criterion: 'Critère',
    previewDraft: 'Aperçu du brouillon — ce contenu n’est pas publié.',
    preview: 'Aperçu',
    loadError: 'Le contenu n’a pas pu être chargé.',
  },
  en: {
    fullName: 'Full name',
    email: 'Email',
    company: 'Company',
    jobTitle: 'Job title',
    phone: 'Phone',
    requestedModel: 'Model you need',
    scope: 'Scope',
    approach: 'Approach',
    message: 'What you need',
    consent: 'I agree that my data is used to handle my request.',
    models: { bpo: 'BPO', ito: 'ITO', kpo: 'KPO', undecided: 'Not sure yet' },
    scopes: { '': '—', total: 'Total', partial: 'Partial', undecided: 'To be defined' },
    approaches: { '': '—', tactical: 'Tactical', strategic: 'Strategic', undecided: 'To be defined' },
    sending: 'Sending…',
    thanks: 'Thank you! Your request is registered under reference',
    expected: 'Expect an answer by',
    measuredPromise: 'We usually reply within',
    network: 'Could not send, please try again in a moment.',
    tooMany: 'Too many requests from your connection, please try again later.',
    criterion: 'Criterion',
    previewDraft: 'Draft preview — this content is not published.',
    preview: 'Preview',
    loadError: 'The content could not be loaded.',
  },
}[locale];

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === '') continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
};

const getJson = async (path, headers = {}) => {
  const res = await fetch(`${API}${path}`, { headers: { Accept: 'application/json', ...headers } });
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  return (await res.json()).data;
};

// ---- content -------------------------------------------------------------------------------

const renderCategory = (category) =>
  el(
    'article',
    { class: 'card', 'data-testid': `category-${category.code}` },
    el('h3', {}, `${category.acronym} – ${category.name}`),
    el('p', { 'data-testid': 'category-summary' }, category.summary),
    el(
      'ul',
      { class: 'examples' },
      (category.examples ?? []).map((e) => el('li', {}, e.label))
    ),
    category.linkLabel ? el('p', { class: 'more' }, `→ ${category.linkLabel}`) : null
  );

const renderComparison = (page) => {
  const options = page.options ?? [];
  const table = (page.criteria ?? []).length
    ? el(
        'table',
        {},
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', {}, UI.criterion),
            options.map((o) => el('th', {}, o.label))
          )
        ),
        el(
          'tbody',
          {},
          page.criteria.map((row) =>
            el(
              'tr',
              {},
              el('th', {}, row.criterion),
              options.map((o) => el('td', {}, (row.values ?? []).find((v) => v.optionKey === o.key)?.value ?? ''))
            )
          )
        )
      )
    : null;
  return el(
    'section',
    { 'data-testid': `comparison-${page.slug}` },
    el('h2', {}, page.title),
    el('p', {}, page.intro),
    el(
      'ul',
      {},
      options.map((o) => el('li', {}, el('strong', {}, `${o.label}${locale === 'fr' ? ' : ' : ': '}`), o.description))
    ),
    table,
    page.linkLabel ? el('p', { class: 'more' }, `→ ${page.linkLabel}`) : null
  );
};

const renderOverview = (overview, comparisons) => [
  el('h1', { 'data-testid': 'page-title' }, overview.title),
  el('p', {}, overview.intro),
  overview.categoriesSection ? el('h2', {}, overview.categoriesSection.title) : null,
  overview.categoriesSection?.intro ? el('p', {}, overview.categoriesSection.intro) : null,
  el('div', { class: 'categories', 'data-testid': 'categories' }, (overview.categories ?? []).map(renderCategory)),
  ...comparisons.map(renderComparison),
  overview.choosingSection ? el('h2', {}, overview.choosingSection.title) : null,
  overview.choosingSection?.intro ? el('p', {}, overview.choosingSection.intro) : null,
  el(
    'ul',
    { 'data-testid': 'factors' },
    (overview.factors ?? []).map((f) => el('li', {}, f.label))
  ),
  overview.choosingConclusion ? el('p', {}, overview.choosingConclusion) : null,
  overview.closingText ? el('p', {}, overview.closingText) : null,
];

const renderCta = (cta) => {
  if (!cta) return;
  document.getElementById('quote-title').textContent = cta.title;
  document.getElementById('quote-text').textContent = cta.text;
  document.getElementById('quote-promise').textContent = cta.responseTimeNote;
  document.querySelector('#quote-form button[type=submit]').textContent = cta.buttonLabel;
  document.getElementById('required-note').textContent = cta.requiredFieldsNote ?? '';
  // The consent sentence is content (edited in the CMS): the request records the published one it agreed to.
  if (cta.consentLabel) document.querySelector('#quote-form [data-label="consent"]').textContent = cta.consentLabel;
};

/** 95 → "1 h 35", 45 → "45 min", 120 → "2 h" (business minutes: time the sales desk is open). */
const formatResponseTime = (minutes) => {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${String(rest).padStart(2, '0')}`;
};

/**
 * The promise backed by data: the measured median first response (GET /api/quote-stats, public and
 * cached) replaces the editors' sentence once there is one; until then, or if the figures cannot be
 * read, the editors' text stays.
 */
const showMeasuredPromise = async () => {
  try {
    const stats = await getJson('/api/quote-stats');
    if (typeof stats?.medianFirstResponseMinutes === 'number') {
      document.getElementById('quote-promise').textContent =
        `${UI.measuredPromise} ${formatResponseTime(stats.medianFirstResponseMinutes)}`;
    }
  } catch (error) {
    console.warn('quote stats unavailable, keeping the editors’ promise', error);
  }
};

/** Preview links from the admin: ?type=category&documentId=…&status=draft&previewToken=… */
const renderPreview = async () => {
  const type = params.get('type');
  const documentId = params.get('documentId');
  const token = params.get('previewToken');
  const draft = params.get('status') === 'draft' && token;
  const paths = {
    category: '/api/outsourcing-categories',
    comparison: '/api/comparison-pages',
    overview: '/api/outsourcing-overview',
  };
  if (!paths[type]) return false;
  // A single category or comparison page has no quote form of its own.
  if (type !== 'overview') document.getElementById('quote').hidden = true;
  const banner = document.getElementById('preview-banner');
  banner.hidden = false;
  banner.textContent = draft ? UI.previewDraft : UI.preview;
  const query = `locale=${locale}${draft ? '&status=draft' : ''}`;
  const headers = draft ? { 'X-Preview-Token': token } : {};
  const page = document.getElementById('page');
  if (type === 'overview') {
    const overview = await getJson(`${paths.overview}?${query}`, headers);
    page.replaceChildren(...renderOverview(overview, []));
    renderCta(overview.quoteCta);
  } else {
    const doc = await getJson(`${paths[type]}/${encodeURIComponent(documentId)}?${query}`, headers);
    page.replaceChildren(type === 'category' ? renderCategory(doc) : renderComparison(doc));
  }
  return true;
};

const loadPage = async () => {
  document.documentElement.lang = locale;
  for (const link of document.querySelectorAll('[data-locale]')) {
    link.setAttribute('aria-current', String(link.dataset.locale === locale));
  }
  try {
    if (await renderPreview()) return;
    const [overview, comparisons] = await Promise.all([
      getJson(`/api/outsourcing-overview?locale=${locale}`),
      getJson(`/api/comparison-pages?locale=${locale}`),
    ]);
    document.title = overview.seo?.metaTitle ?? overview.title;
    document.getElementById('page').replaceChildren(...renderOverview(overview, comparisons));
    renderCta(overview.quoteCta);
    if (overview.quoteCta) await showMeasuredPromise();
  } catch (error) {
    console.error(error);
    document.getElementById('page').replaceChildren(el('p', { class: 'error' }, UI.loadError));
  }
};

// ---- quote form ----------------------------------------------------------------------------

const form = document.getElementById('quote-form');
// One key per filled form: a double click or a retry after a network error cannot create two requests.
const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);
let idempotencyKey = newKey();

const fillForm = () => {
  for (const span of form.querySelectorAll('[data-label]')) span.textContent = UI[span.dataset.label];
  const options = (select, labels) =>
    select.replaceChildren(...Object.entries(labels).map(([value, label]) => el('option', { value }, label)));
  options(form.elements.requestedModel, UI.models);
  options(form.elements.scope, UI.scopes);
  options(form.elements.approach, UI.approaches);
};

const clearErrors = () => {
  for (const node of form.querySelectorAll('[data-error-for]')) node.textContent = '';
  for (const node of form.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
  document.getElementById('form-error').textContent = '';
};

/** Puts each message of a 400 body next to its field (error.details.errors[].path[0]). */
const showErrors = (error) => {
  const errors = error?.details?.errors ?? [];
  for (const { path, message } of errors) {
    const field = path?.[0];
    const slot = form.querySelector(`[data-error-for="${CSS.escape(field ?? '')}"]`);
    if (slot) {
      slot.textContent = message;
      form.elements[field]?.setAttribute('aria-invalid', 'true');
    } else {
      document.getElementById('form-error').textContent = message;
    }
  }
  if (errors.length === 0) document.getElementById('form-error').textContent = error?.message ?? UI.network;
};

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  const values = Object.fromEntries(new FormData(form));
  const data = {
    ...values,
    consent: form.elements.consent.checked,
    locale,
    sourceUrl: window.location.href.split('?')[0],
  };
  for (const key of ['scope', 'approach', 'phone', 'jobTitle', '_gotcha']) if (data[key] === '') delete data[key];

  const button = form.querySelector('button[type=submit]');
  const label = button.textContent;
  button.disabled = true;
  button.textContent = UI.sending;
  try {
    const res = await fetch(`${API}/api/quote-requests`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify({ data }),
    });
    const body = await res.json().catch(() => ({}));
    if (res.status === 201) {
      const receipt = document.getElementById('quote-receipt');
      const by = new Date(body.data.expectedResponseBy).toLocaleString(locale === 'fr' ? 'fr-FR' : 'en-GB');
      receipt.replaceChildren(
        el('p', {}, `${UI.thanks} `, el('strong', { 'data-testid': 'reference' }, body.data.reference), '.'),
        el('p', {}, `${UI.expected} ${by}.`)
      );
      receipt.hidden = false;
      form.hidden = true;
      idempotencyKey = newKey();
    } else if (res.status === 429) {
      document.getElementById('form-error').textContent = UI.tooMany;
    } else {
      showErrors(body.error);
    }
  } catch {
    document.getElementById('form-error').textContent = UI.network;
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
});

fillForm();
loadPage();
