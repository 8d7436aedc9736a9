import { getFetchClient } from '@strapi/strapi/admin';

/**
 * "Renvoyer l'invitation" on a user's page in Settings → Users, while the user has not registered (Strapi
 * 5.54 shows the registration link only once, when the user is created). Strapi offers no extension point
 * on that page, so the block is placed under the page's header once it is rendered; the page is Strapi's,
 * the data and the action are this app's (GET /api/admin-invitations/:id, POST …/resend), which check the
 * role: for a role that may not invite, nothing is shown.
 */
const USER_PAGE = /\/settings\/users\/(\d+)\/?$/;
const BLOCK_ID = 'resend-invitation';

const LABELS = {
  fr: {
    pending: (until: string | null) =>
      until
        ? `Cet utilisateur ne s’est pas encore inscrit. Son lien d’inscription est valable jusqu’au ${until}.`
        : 'Cet utilisateur ne s’est pas encore inscrit.',
    expired: (until: string) => `Cet utilisateur ne s’est pas inscrit ; son lien a expiré le ${until}.`,
    button: 'Renvoyer l’invitation',
    sending: 'Envoi…',
    done: (until: string) =>
      `Invitation renvoyée par e-mail, avec un nouveau lien valable jusqu’au ${until}. L’ancien lien ne fonctionne plus.`,
    failed: (reason: string) => `Invitation non renvoyée : ${reason}`,
    forbidden: 'votre rôle ne permet pas d’inviter des utilisateurs.',
  },
  en: {
    pending: (until: string | null) =>
      until
        ? `This user has not registered yet. Their sign-up link works until ${until}.`
        : 'This user has not registered yet.',
    expired: (until: string) => `This user has not registered; their link expired on ${until}.`,
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

/** The page header's block (title and Save button), directly inside the page's form. */
const findHeader = (): HTMLElement | undefined => {
  const title = document.querySelector<HTMLElement>('main form h1');
  let header = title;
  while (header?.parentElement && header.parentElement.tagName !== 'FORM') header = header.parentElement;
  return header?.parentElement ? header : undefined;
};

const formatDate = (iso: string): string =>
  new Intl.DateTimeFormat(language() === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'full', timeStyle: 'short' }).format(
    new Date(iso)
  );

const errorMessageOf = (error: unknown): string => {
  if (typeof error === 'object' && error !== null && 'response' in error) {
    const response = (error as { response?: { status?: number; data?: { error?: { message?: string } } } }).response;
    if (response?.status === 403) return LABELS[language()].forbidden;
    if (response?.data?.error?.message) return response.data.error.message;
  }
  return error instanceof Error ? error.message : String(error);
};

interface InvitationStatus {
  pending: boolean;
  expiresAt: string | null;
}

const render = (userId: string, header: HTMLElement, invitation: InvitationStatus): void => {
  const labels = LABELS[language()];
  const block = document.createElement('div');
  block.id = BLOCK_ID;
  // The page content's own margins (Strapi's Layouts.Content).
  block.style.cssText =
    'display:flex;flex-direction:column;align-items:flex-start;gap:8px;padding:0 56px 24px;color:#32324d';
  const state = document.createElement('p');
  state.style.cssText = 'margin:0;font-size:14px';
  const expired = invitation.expiresAt !== null && Date.parse(invitation.expiresAt) <= Date.now();
  state.textContent =
    invitation.expiresAt && expired
      ? labels.expired(formatDate(invitation.expiresAt))
      : labels.pending(invitation.expiresAt ? formatDate(invitation.expiresAt) : null);
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = labels.button;
  // Strapi's default button (primary600, white text, 4px radius), drawn here: the page's own are styled
  // by its design system's generated classes, which vary with their state (a pristine form's Save is disabled).
  button.style.cssText =
    'background:#4945ff;border:1px solid #4945ff;color:#fff;border-radius:4px;padding:8px 16px;' +
    'font-size:12px;font-weight:600;line-height:16px;cursor:pointer';
  const status = document.createElement('p');
  status.setAttribute('role', 'status');
  status.style.cssText = 'margin:0;font-size:14px';
  button.addEventListener('click', () => {
    button.disabled = true;
    status.textContent = labels.sending;
    getFetchClient()
      .post<{ data: { expiresAt: string } }>(`/api/admin-invitations/${userId}/resend`, {})
      .then(({ data }) => {
        const until = formatDate(data.data.expiresAt);
        state.textContent = labels.pending(until);
        status.textContent = labels.done(until);
      })
      .catch((error: unknown) => {
        status.textContent = labels.failed(errorMessageOf(error));
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  block.append(state, button, status);
  header.insertAdjacentElement('afterend', block);
};

/** The user whose page is open, its invitation asked for once per visit of the page. */
let asked: { userId: string; header: HTMLElement } | undefined;

const place = (): void => {
  const match = USER_PAGE.exec(window.location.pathname);
  if (!match || document.getElementById(BLOCK_ID)) return;
  const header = findHeader();
  if (!header || (asked?.userId === match[1] && asked.header === header)) return;
  asked = { userId: match[1], header };
  const userId = match[1];
  getFetchClient()
    .get<{ data: InvitationStatus }>(`/api/admin-invitations/${userId}`)
    .then(({ data }) => {
      const still = USER_PAGE.exec(window.location.pathname)?.[1] === userId && header.isConnected;
      if (still && data.data.pending && !document.getElementById(BLOCK_ID)) render(userId, header, data.data);
    })
    .catch(() => {
      // A role that may not invite (403), or a user deleted meanwhile: Strapi's page alone, as before.
    });
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
