/** Strapi's admin keeps the interface language here (its reducer's LANGUAGE_LOCAL_STORAGE_KEY). */
const LANGUAGE_KEY = 'strapi-admin-language';

/**
 * Words Strapi 5.54 writes in English whatever the interface language, with no message id to translate:
 * - the design system's dialogs name their close button "Close modal" (the media library's dialogs do not
 *   pass a label of their own), in a visually hidden span inside the button;
 * - the Content Manager's locale picker writes each locale's status as the raw value, capitalised
 *   ("Published", "Draft", "Modified").
 * In a French interface they are replaced where they appear, and only there: a button's hidden name (or
 * its aria-label), and a status badge inside the locale picker's field and its options.
 */
const CLOSE_LABEL: Readonly<Record<string, string>> = { 'Close modal': 'Fermer la fenêtre' };
const LOCALE_STATUS: Readonly<Record<string, string>> = {
  Published: 'Publié',
  Draft: 'Brouillon',
  Modified: 'Modifié',
};

const CLOSE_SELECTOR = Object.keys(CLOSE_LABEL)
  .map((label) => `button[aria-label="${label}"]`)
  .join(', ');
/** The locale picker: a select box in the edit view's header and its options (a portal). */
const STATUS_SELECTOR = '[role="combobox"] span, [role="option"] span';

/** Where each word is replaced: a span holding it alone. */
const RULES: readonly { selector: string; words: Readonly<Record<string, string>> }[] = [
  { selector: STATUS_SELECTOR, words: LOCALE_STATUS },
  { selector: 'button span', words: CLOSE_LABEL },
];
const ANY_RULE = RULES.map((rule) => rule.selector).join(', ');

const isFrench = (storage: Storage): boolean => {
  try {
    return storage.getItem(LANGUAGE_KEY) === 'fr';
  } catch {
    return false;
  }
};

const translateBadge = (badge: Element): void => {
  // A span holding the word alone; a locale's name or anything longer is left alone.
  if (badge.childElementCount > 0) return;
  const text = badge.textContent ?? '';
  const french = RULES.find((rule) => rule.words[text] !== undefined && badge.matches(rule.selector))?.words[text];
  if (french) badge.textContent = french;
};

/** An element added to the page, and what it holds. */
const translateWithin = (root: Element): void => {
  const closers = root.matches(CLOSE_SELECTOR) ? [root] : [...root.querySelectorAll(CLOSE_SELECTOR)];
  for (const button of closers) {
    const french = CLOSE_LABEL[button.getAttribute('aria-label') ?? ''];
    if (french) button.setAttribute('aria-label', french);
  }
  translateBadge(root);
  for (const badge of root.querySelectorAll(ANY_RULE)) translateBadge(badge);
};

/** Watches the page for those words while the interface is French. Called in register(). */
export const translateFixedEnglish = (storage: Storage = window.localStorage): void => {
  if (typeof MutationObserver === 'undefined') return;
  const observer = new MutationObserver((mutations) => {
    if (!isFrench(storage)) return;
    // Only what was added or rewritten is looked at, not the containers around it.
    for (const mutation of mutations) {
      if (mutation.type === 'characterData') {
        const parent = mutation.target.parentElement;
        if (parent) translateBadge(parent);
        continue;
      }
      for (const node of mutation.addedNodes) {
        if (node instanceof Element) translateWithin(node);
        else if (node.parentElement) translateBadge(node.parentElement);
      }
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
};
