import { getFetchClient } from '@strapi/strapi/admin';

/**
 * "Renvoyer l'invitation" on a user's page in Settings → Users, under the registration link Strapi shows
 * while the user has not registered. Strapi 5.54 offers no extension point on that page, so the button is
 * placed beside the link box once it is rendered (the page is Strapi's, the action is this app's: POST
 * /api/admin-invitations/:id/resend, which checks the role again).
 */
const USER_PAGE = /\/settings\/users\/(\d+)\/?$/;
const LINK_MARK = '/auth/register?registrationToken=';
const BLOCK_ID = 'resend-invitation';

const LABELS = {
  fr: {
    button: 'Renvoyer l’invitation',
    sending: 'Envoi…',
    done: (until: string) =>
      `Invitation renvoyée par e-mail, avec un nouveau lien valable jusqu’au ${until}. L’ancien lien ne fonctionne plus.`,
    failed: (reason: string) => `Invitation non renvoyée : ${reason}`,
    forbidden: 'votre rôle ne permet pas d’inviter des utilisateurs.',
  },
  en: {
    button: 'Resend invitation',
    sending: 'Sending…',
    done: (until: string) =>
      `Invitation sent again by e-mail, with a new link that works until ${until}. The previous link no longer works.`,
    failed: (reason: string) => `Invitation not sent: ${reason}`,
    forbidden: 'your role may not invite users.',
  },
};

/** The interface language Strapi applied to the page (`<html lang>`). */
const language = (): 'fr' | 'en' => (document.documentElement.lang.startsWith('en') ? 'en' : 'fr');

/** The box holding the registration link: the smallest element with the link's text and its copy button. */
const findLinkBox = (): HTMLElement | undefined => {
  const main = document.querySelector('main') ?? document.body;
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent?.includes(LINK_MARK)) continue;
    let box = node.parentElement;
    while (box && box !== main && !box.querySelector('button')) box = box.parentElement;
    return box && box !== main ? box : undefined;
  }
  return undefined;
};

const errorMessageOf = (error: unknown): string => {
  if (typeof error === 'object' && error !== null && 'response' in error) {
    const response = (error as { response?: { status?: number; data?: { error?: { message?: string } } } })
      .response;
    if (response?.status === 403) return LABELS[language()].forbidden;
    if (response?.data?.error?.message) return response.data.error.message;
  }
  return error instanceof Error ? error.message : String(error);
};

const render = (userId: string, linkBox: HTMLElement): void => {
  const labels = LABELS[language()];
  const block = document.createElement('div');
  block.id = BLOCK_ID;
  block.style.cssText = 'display:flex;align-items:center;gap:12px;margin-top:12px;flex-wrap:wrap';
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = labels.button;
  // Strapi's own secondary button look, from the page's "Save" button when there is one.
  const save = document.querySelector<HTMLButtonElement>('main button[type="submit"]');
  if (save) button.className = save.className;
  else button.style.cssText = 'padding:8px 16px;border-radius:4px;cursor:pointer';
  const status = document.createElement('p');
  status.setAttribute('role', 'status');
  status.style.cssText = 'margin:0;font-size:14px';
  button.addEventListener('click', () => {
    button.disabled = true;
    status.textContent = labels.sending;
    getFetchClient()
      .post<{ data: { expiresAt: string } }>(`/api/admin-invitations/${userId}/resend`, {})
      .then(({ data }) => {
        const until = new Intl.DateTimeFormat(language() === 'fr' ? 'fr-FR' : 'en-GB', {
          dateStyle: 'full',
          timeStyle: 'short',
        }).format(new Date(data.data.expiresAt));
        status.textContent = labels.done(until);
        // The link Strapi shows is the previous one: hidden until the page is opened again.
        linkBox.style.display = 'none';
      })
      .catch((error: unknown) => {
        status.textContent = labels.failed(errorMessageOf(error));
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  block.append(button, status);
  linkBox.insertAdjacentElement('afterend', block);
};

const place = (): void => {
  const match = USER_PAGE.exec(window.location.pathname);
  if (!match || document.getElementById(BLOCK_ID)) return;
  const linkBox = findLinkBox();
  if (linkBox) render(match[1], linkBox);
};

/** Watches the admin's pages for a not-yet-registered user's page. */
export const offerResendInvitation = (): void => {
  let scheduled = false;
  new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      place();
    });
  }).observe(document.body, { childList: true, subtree: true });
};
