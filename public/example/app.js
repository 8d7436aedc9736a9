// Example frontend for the outsourcing CMS: plain ES modules, no framework, no build step.
// It reads the content API (REST) per locale and submits the quote form; copy what you need.
// Every string from the API is written with textContent, never innerHTML: rich text (Strapi blocks)
// is turned into elements node by node, and only http(s), mailto and tel links are kept.

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
    consentShort: 'Consentement',
    attachments: 'Pièces jointes (cahier des charges, RFP…)',
    attachmentsHint:
      'Glissez vos fichiers ici ou choisissez-les : 3 au plus, 10 Mo chacun, PDF, Word, Excel, PowerPoint, OpenDocument, PNG ou JPEG.',
    removeFile: (name) => `Retirer ${name}`,
    fileTooBig: (name) => `« ${name} » dépasse 10 Mo.`,
    fileType: (name) =>
      `« ${name} » n’est pas un type accepté (PDF, Word, Excel, PowerPoint, OpenDocument, PNG ou JPEG).`,
    fileEmpty: (name) => `« ${name} » est vide.`,
    tooManyFiles: (max) => `${max} fichiers au plus.`,
    fileRefused: (name) => `« ${name} » a été refusé.`,
    uploading: (percent) => `Envoi… ${percent} %`,
    sizeOf: (bytes) =>
      bytes >= 1024 * 1024
        ? `${(bytes / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`
        : `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('fr-FR')} Ko`,
    choose: '— Choisir —',
    models: { bpo: 'BPO', ito: 'ITO', kpo: 'KPO', undecided: 'Je ne sais pas encore' },
    scopes: { '': '—', total: 'Totale', partial: 'Partielle', undecided: 'À définir' },
    approaches: { '': '—', tactical: 'Tactique', strategic: 'Stratégique', undecided: 'À définir' },
    required: 'obligatoire',
    messageCount: (count, max) =>
      count > max
        ? `${count.toLocaleString('fr-FR')} caractères : ${(count - max).toLocaleString('fr-FR')} de trop (${max.toLocaleString('fr-FR')} au plus)`
        : `${count.toLocaleString('fr-FR')} / ${max.toLocaleString('fr-FR')} caractères`,
    errorSummary: (count) =>
      count === 1
        ? 'Votre demande n’a pas été envoyée : 1 champ à corriger'
        : `Votre demande n’a pas été envoyée : ${count} champs à corriger`,
    notSent: 'Votre demande n’a pas été envoyée',
    colon: ' : ',
    sending: 'Envoi…',
    thanks: 'Merci ! Votre demande est enregistrée sous la référence',
    expected: 'Réponse attendue avant le',
    measuredPromise: 'Réponse en moyenne sous',
    network: 'Envoi impossible, réessayez dans un instant.',
    tooMany: 'Trop de demandes depuis votre connexion, réessayez plus tard.',
    criterion: 'Critère',
    inDetail: 'En détail',
    onOverview: 'Sur la page d’ensemble',
    seo: 'Référencement (SEO)',
    seoTitle: 'Titre',
    seoDescription: 'Description',
    seoCanonical: 'URL canonique',
    seoNoIndex: 'Indexation',
    seoIndexed: 'autorisée',
    seoNotIndexed: 'refusée (noindex)',
    seoMissing: '(vide)',
    previewDraft: 'Aperçu du brouillon — ce contenu n’est pas publié.',
    preview: 'Aperçu',
    languages: 'Langue',
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
    consentShort: 'Consent',
    attachments: 'Attachments (specification, RFP…)',
    attachmentsHint:
      'Drop your files here or choose them: 3 at most, 10 MB each, PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG.',
    removeFile: (name) => `Remove ${name}`,
    fileTooBig: (name) => `“${name}” is larger than 10 MB.`,
    fileType: (name) => `“${name}” is not an accepted type (PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG).`,
    fileEmpty: (name) => `“${name}” is empty.`,
    tooManyFiles: (max) => `${max} files at most.`,
    fileRefused: (name) => `“${name}” was refused.`,
    uploading: (percent) => `Sending… ${percent}%`,
    sizeOf: (bytes) =>
      bytes >= 1024 * 1024
        ? `${(bytes / (1024 * 1024)).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`
        : `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('en-GB')} KB`,
    choose: '— Choose —',
    models: { bpo: 'BPO', ito: 'ITO', kpo: 'KPO', undecided: 'Not sure yet' },
    scopes: { '': '—', total: 'Total', partial: 'Partial', undecided: 'To be defined' },
    approaches: { '': '—', tactical: 'Tactical', strategic: 'Strategic', undecided: 'To be defined' },
    required: 'required',
    messageCount: (count, max) =>
      count > max
        ? `${count.toLocaleString('en-GB')} characters: ${(count - max).toLocaleString('en-GB')} too many (${max.toLocaleString('en-GB')} at most)`
        : `${count.toLocaleString('en-GB')} / ${max.toLocaleString('en-GB')} characters`,
    errorSummary: (count) =>
      count === 1
        ? 'Your request was not sent: 1 field to correct'
        : `Your request was not sent: ${count} fields to correct`,
    notSent: 'Your request was not sent',
    colon: ': ',
    sending: 'Sending…',
    thanks: 'Thank you! Your request is registered under reference',
    expected: 'Expect an answer by',
    measuredPromise: 'We usually reply within',
    network: 'Could not send, please try again in a moment.',
    tooMany: 'Too many requests from your connection, please try again later.',
    criterion: 'Criterion',
    inDetail: 'In detail',
    onOverview: 'On the overview page',
    seo: 'Search engines (SEO)',
    seoTitle: 'Title',
    seoDescription: 'Description',
    seoCanonical: 'Canonical URL',
    seoNoIndex: 'Indexing',
    seoIndexed: 'allowed',
    seoNotIndexed: 'refused (noindex)',
    seoMissing: '(empty)',
    previewDraft: 'Draft preview — this content is not published.',
    preview: 'Preview',
    languages: 'Language',
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

// ---- rich text (Strapi "blocks" field) -----------------------------------------------------

/** A link or image address an editor typed, kept only for schemes that cannot run script. */
const safeUrl = (value) => {
  if (typeof value !== 'string' || value.trim() === '') return null;
  try {
    const url = new URL(value, window.location.href);
    return ['http:', 'https:', 'mailto:', 'tel:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
};

const MAX_DEPTH = 20;

const renderInline = (node, depth = 0) => {
  if (!node || depth > MAX_DEPTH) return null;
  if (node.type === 'text') {
    let out = document.createTextNode(String(node.text ?? ''));
    if (node.code) out = el('code', {}, out);
    if (node.bold) out = el('strong', {}, out);
    if (node.italic) out = el('em', {}, out);
    if (node.underline) out = el('u', {}, out);
    if (node.strikethrough) out = el('s', {}, out);
    return out;
  }
  const children = (node.children ?? []).map((child) => renderInline(child, depth + 1));
  if (node.type === 'link') {
    const href = safeUrl(node.url);
    return href ? el('a', { href }, children) : el('span', {}, children);
  }
  return el('span', {}, children);
};

const inlineChildren = (block, depth) => (block.children ?? []).map((child) => renderInline(child, depth + 1));

const renderList = (block, depth) => {
  if (depth > MAX_DEPTH) return null;
  const list = el(block.format === 'ordered' ? 'ol' : 'ul');
  for (const item of block.children ?? []) {
    // A nested list belongs inside the item before it.
    if (item.type === 'list') {
      const nested = renderList(item, depth + 1);
      if (nested) (list.lastElementChild ?? list.appendChild(el('li'))).append(nested);
    } else {
      list.append(el('li', {}, inlineChildren(item, depth)));
    }
  }
  return list;
};

/**
 * Strapi blocks → elements. The body's highest heading takes level `headingBase` on this page, so the
 * body's headings continue the page's outline (no skipped level) instead of competing with its title.
 */
const renderBlocks = (blocks, { headingBase = 2 } = {}) => {
  if (!Array.isArray(blocks)) return [];
  const levelOf = (block) => Math.min(6, Math.max(1, Number(block.level) || 1));
  const top = Math.min(6, ...blocks.filter((block) => block?.type === 'heading').map(levelOf));
  return blocks.map((block) => {
    const depth = 1;
    switch (block?.type) {
      case 'paragraph':
        return el('p', {}, inlineChildren(block, depth));
      case 'heading':
        return el(`h${Math.min(6, headingBase + levelOf(block) - top)}`, {}, inlineChildren(block, depth));
      case 'list':
        return renderList(block, depth);
      case 'quote':
        return el('blockquote', {}, inlineChildren(block, depth));
      case 'code':
        return el('pre', {}, el('code', {}, (block.children ?? []).map((c) => String(c?.text ?? '')).join('')));
      case 'image': {
        const src = safeUrl(block.image?.url);
        return src ? el('img', { src, alt: block.image?.alternativeText ?? '', loading: 'lazy' }) : null;
      }
      default:
        // An unknown block type from a newer editor: its text, never its markup.
        return block?.children ? el('p', {}, inlineChildren(block, depth)) : null;
    }
  });
};

// ---- content -------------------------------------------------------------------------------

const categoryAnchor = (category) => `category-${category.code}`;
const comparisonAnchor = (page) => `comparison-${page.slug}`;

/** "→ Découvrir le BPO": a link to the section of the page that details the item. */
const moreLink = (label, anchor) =>
  label
    ? el('p', { class: 'more' }, el('a', { href: `#${anchor}` }, el('span', { 'aria-hidden': 'true' }, '→ '), label))
    : null;

const examplesList = (examples) =>
  (examples ?? []).length
    ? el(
        'ul',
        { class: 'examples' },
        examples.map((e) => el('li', {}, e.label))
      )
    : null;

/** The card of a category on the overview. */
const renderCategory = (category) =>
  el(
    'article',
    { class: 'card', 'data-testid': `category-${category.code}` },
    el('h3', {}, `${category.acronym} – ${category.name}`),
    el('p', { 'data-testid': 'category-summary' }, category.summary),
    examplesList(category.examples),
    moreLink(category.linkLabel, categoryAnchor(category))
  );

/** The text of every list item of a rich-text body, lower-cased (nested lists included). */
const listedTexts = (blocks) => {
  const texts = new Set();
  const textOf = (node) => (typeof node?.text === 'string' ? node.text : (node?.children ?? []).map(textOf).join(''));
  const walk = (node) => {
    if (node?.type === 'list-item') texts.add(textOf(node).trim().toLowerCase());
    (node?.children ?? []).forEach(walk);
  };
  (Array.isArray(blocks) ? blocks : []).forEach(walk);
  return texts;
};

/**
 * The detailed section of a category, where its card's link leads: its rich-text body, then the examples
 * the body does not already list (the seed's bodies list them all: shown once, as the body's bullets).
 */
const renderCategoryDetail = (category) =>
  el(
    'article',
    { class: 'detail', id: categoryAnchor(category), 'data-testid': `category-detail-${category.code}` },
    el('h3', {}, `${category.acronym} – ${category.name}`),
    Array.isArray(category.body) && category.body.length
      ? el(
          'div',
          { class: 'rich-text', 'data-testid': 'category-body' },
          renderBlocks(category.body, { headingBase: 4 })
        )
      : el('p', {}, category.summary),
    examplesList(
      (category.examples ?? []).filter((e) => !listedTexts(category.body).has(String(e.label).trim().toLowerCase()))
    )
  );

const comparisonTable = (page) => {
  const options = page.options ?? [];
  return (page.criteria ?? []).length
    ? el(
        'table',
        {},
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'col' }, UI.criterion),
            options.map((o) => el('th', { scope: 'col' }, o.label))
          )
        ),
        el(
          'tbody',
          {},
          page.criteria.map((row) =>
            el(
              'tr',
              {},
              el('th', { scope: 'row' }, row.criterion),
              options.map((o) => el('td', {}, (row.values ?? []).find((v) => v.optionKey === o.key)?.value ?? ''))
            )
          )
        )
      )
    : null;
};

/** A comparison as the overview presents it: its options, and a link to its detailed section. */
const renderComparison = (page, headingLevel = 2) =>
  el(
    'section',
    { 'data-testid': `comparison-${page.slug}` },
    el(`h${headingLevel}`, {}, page.title),
    el('p', {}, page.intro),
    el(
      'ul',
      {},
      (page.options ?? []).map((o) =>
        el('li', {}, el('strong', {}, `${o.label}${locale === 'fr' ? ' : ' : ': '}`), o.description)
      )
    ),
    moreLink(page.linkLabel, comparisonAnchor(page))
  );

const renderComparisonDetail = (page) =>
  el(
    'article',
    { class: 'detail', id: comparisonAnchor(page), 'data-testid': `comparison-detail-${page.slug}` },
    el('h3', {}, page.title),
    el('p', {}, page.intro),
    comparisonTable(page)
  );

/** The sections the "→ …" links lead to. */
const renderDetails = (categories, comparisons) =>
  categories.length || comparisons.length
    ? el(
        'section',
        { class: 'details', 'aria-labelledby': 'details-title', 'data-testid': 'details' },
        el('h2', { id: 'details-title' }, UI.inDetail),
        categories.map(renderCategoryDetail),
        comparisons.map(renderComparisonDetail)
      )
    : null;

/** What search engines get from the document's SEO component, shown to the editor in preview. */
const renderSeoBox = (seo) => {
  const value = (text) => (text ? text : UI.seoMissing);
  return el(
    'section',
    { class: 'seo-box', 'aria-labelledby': 'seo-box-title', 'data-testid': 'seo-preview' },
    el('h2', { id: 'seo-box-title' }, UI.seo),
    el(
      'dl',
      {},
      el('dt', {}, UI.seoTitle),
      el('dd', { 'data-testid': 'seo-title' }, value(seo?.metaTitle)),
      el('dt', {}, UI.seoDescription),
      el('dd', { 'data-testid': 'seo-description' }, value(seo?.metaDescription)),
      el('dt', {}, UI.seoCanonical),
      el('dd', {}, value(seo?.canonicalUrl)),
      el('dt', {}, UI.seoNoIndex),
      el('dd', {}, seo?.noIndex ? UI.seoNotIndexed : UI.seoIndexed)
    )
  );
};

const applySeo = (seo, fallbackTitle) => {
  document.title = seo?.metaTitle || fallbackTitle || document.title;
  let meta = document.querySelector('meta[name="description"]');
  if (!meta) meta = document.head.appendChild(el('meta', { name: 'description' }));
  meta.setAttribute('content', seo?.metaDescription ?? '');
};

/**
 * The hub page. `categories` and `comparisons` are the full documents (body, criteria) the detailed
 * sections need; the overview's own relations carry only what the cards show.
 */
const renderOverview = (overview, { comparisons = [], categories = [] } = {}, seoBox = null) => {
  const cards = overview.categories ?? [];
  const detailed = cards.map((card) => categories.find((c) => c.code === card.code) ?? card);
  return [
    el('h1', { 'data-testid': 'page-title' }, overview.title),
    seoBox,
    el('p', {}, overview.intro),
    overview.categoriesSection ? el('h2', {}, overview.categoriesSection.title) : null,
    overview.categoriesSection?.intro ? el('p', {}, overview.categoriesSection.intro) : null,
    el('div', { class: 'categories', 'data-testid': 'categories' }, cards.map(renderCategory)),
    ...comparisons.map((page) => renderComparison(page)),
    overview.choosingSection ? el('h2', {}, overview.choosingSection.title) : null,
    overview.choosingSection?.intro ? el('p', {}, overview.choosingSection.intro) : null,
    el(
      'ul',
      { 'data-testid': 'factors' },
      (overview.factors ?? []).map((f) => el('li', {}, f.label))
    ),
    overview.choosingConclusion ? el('p', {}, overview.choosingConclusion) : null,
    overview.closingText ? el('p', {}, overview.closingText) : null,
    renderDetails(detailed, comparisons),
  ];
};

/** The page of one category or comparison: its title, its SEO, how the overview shows it, its detail. */
const renderSinglePage = (type, doc) => {
  const overviewPart =
    type === 'category'
      ? el('div', { class: 'categories', 'data-testid': 'categories' }, renderCategory(doc))
      : renderComparison(doc, 3);
  return [
    el('h1', { 'data-testid': 'page-title' }, type === 'category' ? `${doc.acronym} – ${doc.name}` : doc.title),
    renderSeoBox(doc.seo),
    el(
      'section',
      { 'aria-labelledby': 'on-overview-title' },
      el('h2', { id: 'on-overview-title' }, UI.onOverview),
      overviewPart
    ),
    renderDetails(type === 'category' ? [doc] : [], type === 'category' ? [] : [doc]),
  ];
};

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

/** The published documents the detailed sections are made of. */
const loadDetails = async () => {
  const [comparisons, categories] = await Promise.all([
    getJson(`/api/comparison-pages?locale=${locale}`),
    getJson(`/api/outsourcing-categories?locale=${locale}`),
  ]);
  return { comparisons, categories };
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
    const [overview, details] = await Promise.all([getJson(`${paths.overview}?${query}`, headers), loadDetails()]);
    page.replaceChildren(...renderOverview(overview, details, renderSeoBox(overview.seo)).filter(Boolean));
    applySeo(overview.seo, overview.title);
    renderCta(overview.quoteCta);
  } else {
    const doc = await getJson(`${paths[type]}/${encodeURIComponent(documentId)}?${query}`, headers);
    page.replaceChildren(...renderSinglePage(type, doc).filter(Boolean));
    applySeo(doc.seo, type === 'category' ? doc.name : doc.title);
  }
  return true;
};

/** Content arrives after the browser tried the URL's #fragment: go there once it exists. */
const followFragment = () => {
  const id = decodeURIComponent(window.location.hash.slice(1));
  if (id) document.getElementById(id)?.scrollIntoView();
};

const loadPage = async () => {
  document.documentElement.lang = locale;
  document.getElementById('langs').setAttribute('aria-label', UI.languages);
  for (const link of document.querySelectorAll('[data-locale]')) {
    link.setAttribute('aria-current', String(link.dataset.locale === locale));
  }
  const page = document.getElementById('page');
  // The company's name is content (Site, edited in the admin); the markup's text stays if it cannot be read.
  getJson(`/api/site?locale=${locale}`)
    .then((site) => {
      if (site && site.companyName) document.querySelector('.brand').textContent = site.companyName;
    })
    .catch((error) => console.warn('site identity unavailable, keeping the page’s name', error));
  try {
    if (!(await renderPreview())) {
      const [overview, details] = await Promise.all([
        getJson(`/api/outsourcing-overview?locale=${locale}`),
        loadDetails(),
      ]);
      applySeo(overview.seo, overview.title);
      page.replaceChildren(...renderOverview(overview, details).filter(Boolean));
      renderCta(overview.quoteCta);
      if (overview.quoteCta) await showMeasuredPromise();
    }
    followFragment();
  } catch (error) {
    console.error(error);
    page.replaceChildren(el('p', { class: 'error' }, UI.loadError));
  } finally {
    page.setAttribute('aria-busy', 'false');
  }
};

// ---- quote form ----------------------------------------------------------------------------

const form = document.getElementById('quote-form');
const summary = document.getElementById('error-summary');
const formError = document.getElementById('form-error');
// One key per filled form: a double click or a retry after a network error cannot create two requests.
const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);
let idempotencyKey = newKey();

const fillForm = () => {
  for (const span of form.querySelectorAll('[data-label]')) span.textContent = UI[span.dataset.label];
  for (const abbr of form.querySelectorAll('abbr')) abbr.title = UI.required;
  const options = (select, labels) =>
    select.replaceChildren(...Object.entries(labels).map(([value, label]) => el('option', { value }, label)));
  // No model preselected: a visitor who skips the question gets a field error, not a BPO request.
  options(form.elements.requestedModel, { '': UI.choose, ...UI.models });
  options(form.elements.scope, UI.scopes);
  options(form.elements.approach, UI.approaches);
};

/** The server's limit on the message (src/api/quote-request/validation): said while typing, not after sending. */
const MESSAGE_MAX = 5000;
const counter = document.getElementById('count-message');
const countMessage = () => {
  const count = form.elements.message.value.length;
  counter.textContent = UI.messageCount(count, MESSAGE_MAX);
  counter.classList.toggle('over', count > MESSAGE_MAX);
};
form.elements.message.addEventListener('input', countMessage);
form.addEventListener('reset', () => setTimeout(countMessage));

/**
 * Attachments: checked here before anything is sent (the server checks again, by content). The limits
 * are the server's defaults (QUOTE_ATTACHMENTS_MAX, QUOTE_ATTACHMENT_MAX_BYTES): change both together.
 */
const MAX_FILES = 3;
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const ACCEPTED = /\.(pdf|docx|xlsx|pptx|odt|ods|png|jpe?g)$/i;
let chosenFiles = [];
const fileInput = document.getElementById('field-attachments');
const dropzone = document.getElementById('attachments-dropzone');
const fileList = document.getElementById('attachments-list');
const fileError = document.getElementById('error-attachments');
const progress = document.getElementById('upload-progress');
document.getElementById('attachments-hint').textContent = UI.attachmentsHint;

const showFileError = (message) => {
  fileError.textContent = message;
  fileInput.setAttribute('aria-invalid', 'true');
  showSummary(new Map([['attachments', message]]), []);
};

const renderFiles = () => {
  fileList.replaceChildren(
    ...chosenFiles.map((file, index) => {
      const remove = el('button', { type: 'button', 'aria-label': UI.removeFile(file.name) }, '×');
      remove.addEventListener('click', () => {
        chosenFiles = chosenFiles.filter((_, i) => i !== index);
        renderFiles();
      });
      return el('li', {}, `${file.name} (${UI.sizeOf(file.size)})`, remove);
    })
  );
};

const addFiles = (files) => {
  clearErrors();
  for (const file of files) {
    const problem =
      chosenFiles.length >= MAX_FILES
        ? UI.tooManyFiles(MAX_FILES)
        : !ACCEPTED.test(file.name)
          ? UI.fileType(file.name)
          : file.size > MAX_FILE_BYTES
            ? UI.fileTooBig(file.name)
            : file.size === 0
              ? UI.fileEmpty(file.name)
              : null;
    if (problem) {
      showFileError(problem);
      break;
    }
    chosenFiles.push(file);
  }
  renderFiles();
  fileInput.value = '';
};

fileInput.addEventListener('change', () => addFiles([...fileInput.files]));
dropzone.addEventListener('dragover', (event) => {
  event.preventDefault();
  dropzone.classList.add('over');
});
dropzone.addEventListener('dragleave', () => dropzone.classList.remove('over'));
dropzone.addEventListener('drop', (event) => {
  event.preventDefault();
  dropzone.classList.remove('over');
  addFiles([...(event.dataTransfer?.files ?? [])]);
});
form.addEventListener('reset', () => {
  chosenFiles = [];
  renderFiles();
});

/**
 * POSTs the request: JSON without files; with files, multipart (`data` + `attachments`) through
 * XMLHttpRequest, whose upload events drive the progress bar (fetch reports no upload progress).
 */
const sendRequest = (data, headers) => {
  if (chosenFiles.length === 0) {
    return fetch(`${API}/api/quote-requests`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ data }),
    }).then(async (res) => ({ status: res.status, body: await res.json().catch(() => ({})) }));
  }
  const body = new FormData();
  body.append('data', JSON.stringify(data));
  for (const file of chosenFiles) body.append('attachments', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API}/api/quote-requests`);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => {
      if (!event.lengthComputable) return;
      const percent = Math.round((event.loaded / event.total) * 100);
      progress.hidden = false;
      progress.value = percent;
      progress.dataset.percent = String(percent);
      progress.textContent = UI.uploading(percent);
    });
    xhr.addEventListener('load', () => {
      let parsed = {};
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON (a proxy's page): handled as a failure below.
      }
      resolve({ status: xhr.status, body: parsed });
    });
    xhr.addEventListener('error', () => reject(new Error('network')));
    xhr.addEventListener('loadend', () => {
      progress.hidden = true;
    });
    xhr.send(body);
  });
};

/** The server names a refused file (error.details.file): said in the page's language. */
const fileFailure = (status, error) => {
  const name = error?.details?.file;
  if (typeof name !== 'string') return null;
  if (status === 413) return UI.fileTooBig(name);
  if (status === 415) return UI.fileType(name);
  return /empty/.test(error.message ?? '') ? UI.fileEmpty(name) : UI.fileRefused(name);
};

/** The form's fields, in the order they appear, by name. */
const fieldNames = () => [...form.querySelectorAll('[data-error-for]')].map((node) => node.dataset.errorFor);

const clearErrors = () => {
  for (const node of form.querySelectorAll('[data-error-for]')) {
    node.textContent = '';
    const control = form.elements[node.dataset.errorFor];
    control?.removeAttribute('aria-invalid');
    control?.removeAttribute('aria-describedby');
  }
  formError.textContent = '';
  summary.hidden = true;
  summary.querySelector('h3').textContent = '';
  summary.querySelector('ul').replaceChildren();
};

/**
 * Lists what went wrong above the form and moves focus there, so keyboard and screen-reader users
 * learn that the request was refused and can jump to each field from its link.
 */
const showSummary = (fieldMessages, generalMessages) => {
  const fields = fieldNames().filter((name) => fieldMessages.has(name));
  summary.querySelector('h3').textContent = fields.length ? UI.errorSummary(fields.length) : UI.notSent;
  summary
    .querySelector('ul')
    .replaceChildren(
      ...fields.map((name) =>
        el(
          'li',
          {},
          el(
            'a',
            { href: `#field-${name}`, 'data-testid': `summary-${name}` },
            `${name === 'consent' ? UI.consentShort : UI[name]}${UI.colon}${fieldMessages.get(name)}`
          )
        )
      ),
      ...generalMessages.map((message) => el('li', {}, message))
    );
  summary.hidden = false;
  summary.focus();
};

/** Puts each message of a 400 body next to its field (error.details.errors[].path[0]), and in the summary. */
const showErrors = (error) => {
  const fieldMessages = new Map();
  const generalMessages = [];
  for (const { path, message } of error?.details?.errors ?? []) {
    const field = Array.isArray(path) ? path[0] : path;
    const slot = form.querySelector(`[data-error-for="${CSS.escape(String(field ?? ''))}"]`);
    const control = slot ? form.elements[field] : undefined;
    if (slot && control) {
      slot.textContent = message;
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', slot.id);
      fieldMessages.set(field, message);
    } else {
      generalMessages.push(message);
    }
  }
  if (fieldMessages.size === 0 && generalMessages.length === 0) generalMessages.push(error?.message ?? UI.network);
  formError.textContent = generalMessages.join(' ');
  showSummary(fieldMessages, generalMessages);
};

const showFailure = (message) => {
  formError.textContent = message;
  showSummary(new Map(), [message]);
};

// A summary link focuses its field (following the #fragment alone only scrolls).
summary.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[href^="#field-"]') : null;
  const target = link ? document.getElementById(link.getAttribute('href').slice(1)) : null;
  if (!target) return;
  event.preventDefault();
  target.focus();
  target.scrollIntoView({ block: 'center' });
});

/**
 * The promised answer time as the confirmation mail states it: in the sales desk's zone, named, without
 * seconds ("lundi 7 décembre à 13:00 (heure de Paris)", "Monday 7 December at 13:00 (Paris time)").
 */
const promiseTime = (iso, timeZone = 'Europe/Paris') => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
      timeZone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .filter((part) => part.type !== 'literal')
      .map((part) => [part.type, part.value])
  );
  const city = (timeZone.split('/').pop() || timeZone).replace(/_/g, ' ');
  return locale === 'fr'
    ? `${parts.weekday} ${parts.day} ${parts.month} à ${parts.hour}:${parts.minute} (heure de ${city})`
    : `${parts.weekday} ${parts.day} ${parts.month} at ${parts.hour}:${parts.minute} (${city} time)`;
};

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  const values = Object.fromEntries(new FormData(form));
  const data = {
    ...values,
    consent: form.elements.consent.checked,
    locale,
    sourceUrl: window.location.href.split(/[?#]/)[0],
  };
  for (const key of ['requestedModel', 'scope', 'approach', 'phone', 'jobTitle', '_gotcha']) {
    if (data[key] === '') delete data[key];
  }

  const button = form.querySelector('button[type=submit]');
  const label = button.textContent;
  button.disabled = true;
  button.textContent = UI.sending;
  try {
    const res = await sendRequest(data, { Accept: 'application/json', 'Idempotency-Key': idempotencyKey });
    const { body } = res;
    if (res.status === 201) {
      const receipt = document.getElementById('quote-receipt');
      const by = promiseTime(body.data.expectedResponseBy, body.data.timeZone);
      receipt.replaceChildren(
        el('p', {}, `${UI.thanks} `, el('strong', { 'data-testid': 'reference' }, body.data.reference), '.'),
        el('p', {}, `${UI.expected} ${by}.`)
      );
      receipt.hidden = false;
      form.hidden = true;
      receipt.focus();
      idempotencyKey = newKey();
      chosenFiles = [];
      renderFiles();
    } else if (res.status === 429) {
      showFailure(UI.tooMany);
    } else if (fileFailure(res.status, body.error)) {
      showFileError(fileFailure(res.status, body.error));
    } else {
      showErrors(body.error);
    }
  } catch {
    showFailure(UI.network);
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
});

fillForm();
countMessage();
loadPage();
