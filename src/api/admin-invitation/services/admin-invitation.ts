import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import createHttpError from 'http-errors';
import { adminDefaultLocale } from '../../../bootstrap/admin-language';
import { newDocumentId } from '../../../utils/document-id';
import { QUOTE_NOTIFICATION_UID } from '../../quote-request/constants';
import { quoteSettings } from '../../quote-request/settings';
import { siteIdentity } from '../../site/identity';
import { getService } from '../../../utils/get-service';
import type { RenderedEmail } from '../../quote-request/domain/render-emails';
import { registrationLinkOf, renderInvitation, type InvitationLanguage } from '../domain/render-invitation';

export const ADMIN_USER_UID = 'admin::user';

/** What is kept per invited user (Strapi's core store): the link's end, the mail's language, the inviter. */
interface InvitationRecord {
  expiresAt: string;
  language: InvitationLanguage;
  invitedBy: number | null;
}

interface InvitedUser {
  id: number;
  email: string;
  firstname: string | null;
  lastname: string | null;
  registrationToken: string | null;
}

/** The mail to send now, or why there is none (the person registered, was deleted, or the link ran out). */
export type InvitationMail =
  | { mail: RenderedEmail & { to: string[] }; secrets: string[] }
  | { nothingToSend: string; secrets: string[] };

const isRecord = (value: unknown): value is InvitationRecord =>
  typeof value === 'object' &&
  value !== null &&
  'expiresAt' in value &&
  typeof value.expiresAt === 'string' &&
  'language' in value &&
  (value.language === 'fr' || value.language === 'en');

const EXPIRED: Record<InvitationLanguage, string> = {
  fr: 'Cette invitation a expiré : demandez à un administrateur de vous la renvoyer (Paramètres → Utilisateurs → Renvoyer l’invitation).',
  en: 'This invitation has expired: ask an administrator to send it again (Settings → Users → Resend invitation).',
};

const languageOf = (value: unknown): InvitationLanguage | undefined =>
  value === 'fr' || value === 'en' ? value : undefined;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'core', name: 'admin-invitation' });
  const keyOf = (userId: number) => `user-${userId}`;
  const users = () => strapi.db.query(ADMIN_USER_UID);
  const ttlMs = () => strapi.config.get<number>('admin.invitationTtlHours', 72) * 3_600_000;

  const recordOf = async (userId: number): Promise<InvitationRecord | undefined> => {
    const value: unknown = await store().get({ key: keyOf(userId) });
    return isRecord(value) ? value : undefined;
  };

  const findUser = async (where: Record<string, unknown>): Promise<InvitedUser | null> =>
    (await users().findOne({
      where,
      select: ['id', 'email', 'firstname', 'lastname', 'registrationToken'],
    })) as InvitedUser | null;

  const service = {
    /**
     * Starts (or restarts) the invitation of an admin user who has not registered: the link's expiry,
     * then a row in the mail outbox (composed when it is sent, from the user's current token). The outbox
     * is woken by the caller once this is committed. The mail speaks the inviter's admin language.
     */
    async queue(userId: number, inviter: { id: number; language?: unknown } | undefined): Promise<{ expiresAt: Date }> {
      const now = new Date();
      const expiresAt = new Date(now.getTime() + ttlMs());
      const record: InvitationRecord = {
        expiresAt: expiresAt.toISOString(),
        language: languageOf(inviter?.language) ?? adminDefaultLocale(strapi),
        invitedBy: inviter?.id ?? null,
      };
      await strapi.db.transaction(async () => {
        await store().set({ key: keyOf(userId), value: record });
        // A mail still waiting for an earlier link would carry the new one too: one mail per invitation.
        await strapi.db.query(QUOTE_NOTIFICATION_UID).deleteMany({
          where: { kind: 'invitation', adminUserId: userId, deliveryStatus: { $in: ['pending', 'failed'] } },
        });
        await strapi.db.query(QUOTE_NOTIFICATION_UID).create({
          data: {
            documentId: newDocumentId(),
            publishedAt: now,
            kind: 'invitation',
            adminUserId: userId,
            deliveryStatus: 'pending',
            recipients: [],
            cc: [],
            attempts: 0,
            nextAttemptAt: now,
          },
        });
      });
      return { expiresAt };
    },

    /**
     * "Resend invitation": a new link (the previous one stops working) valid for ADMIN_INVITATION_TTL_HOURS,
     * mailed again in the language of whoever resends it.
     */
    async resend(
      userId: number,
      inviter: { id: number; language?: unknown }
    ): Promise<{ id: number; expiresAt: string }> {
      const user = await findUser({ id: userId });
      if (!user) throw new errors.NotFoundError('User not found');
      if (!user.registrationToken) {
        throw createHttpError(409, 'This user has already registered: there is no invitation to resend');
      }
      const token = (strapi.service('admin::token') as unknown as { createToken(): string }).createToken();
      const { expiresAt } = await strapi.db.transaction(async () => {
        await users().update({ where: { id: user.id }, data: { registrationToken: token } });
        return service.queue(user.id, inviter);
      });
      getService('quote-notification').wake();
      return { id: user.id, expiresAt: expiresAt.toISOString() };
    },

    /** Refuses a registration token whose invitation ran out (Strapi's own tokens never expire). */
    async refuseExpired(registrationToken: unknown): Promise<void> {
      if (typeof registrationToken !== 'string' || registrationToken === '') return;
      const user = await findUser({ registrationToken });
      if (!user) return;
      const record = await recordOf(user.id);
      if (record && Date.parse(record.expiresAt) <= Date.now()) {
        // Shown on the admin's sign-up page to the person invited, in the language of their mail.
        throw new errors.ValidationError(EXPIRED[record.language]);
      }
    },

    /** Once the person has registered, the invitation is over. */
    async forget(userId: number): Promise<void> {
      await store().delete({ key: keyOf(userId) });
    },

    /** Whether the user still has to register, and until when their link works (null: no expiry on record). */
    async status(userId: number): Promise<{ id: number; pending: boolean; expiresAt: string | null }> {
      const user = await findUser({ id: userId });
      if (!user) throw new errors.NotFoundError('User not found');
      const record = user.registrationToken ? await recordOf(user.id) : undefined;
      return { id: user.id, pending: !!user.registrationToken, expiresAt: record?.expiresAt ?? null };
    },

    /** The invitation mail as it must go out now, from the user's current token and the record. */
    async compose(adminUserId: number | null | undefined): Promise<InvitationMail> {
      const user = typeof adminUserId === 'number' ? await findUser({ id: adminUserId }) : null;
      if (!user) return { nothingToSend: 'the invited user no longer exists', secrets: [] };
      const secrets = [user.email, ...(user.registrationToken ? [user.registrationToken] : [])];
      if (!user.registrationToken) return { nothingToSend: 'the invited user has registered already', secrets };
      const record = await recordOf(user.id);
      if (!record) return { nothingToSend: 'no invitation on record for this user', secrets };
      const expiresAt = new Date(record.expiresAt);
      if (expiresAt.getTime() <= Date.now()) {
        return { nothingToSend: 'the invitation expired before it could be sent: resend it', secrets };
      }
      const inviter =
        record.invitedBy === null
          ? null
          : ((await users().findOne({ where: { id: record.invitedBy }, select: ['firstname', 'lastname'] })) as {
              firstname: string | null;
              lastname: string | null;
            } | null);
      const inviterName = [inviter?.firstname, inviter?.lastname].filter((part) => part?.trim()).join(' ');
      const { companyName, adminUrl } = quoteSettings(strapi).mail;
      const identity = await siteIdentity(strapi, record.language);
      const { timeZone } = (await getService('sales-desk').getDesk()).settings;
      const rendered = renderInvitation(
        {
          firstname: user.firstname,
          inviterName: inviterName || undefined,
          companyName: identity?.companyName ?? companyName,
          link: registrationLinkOf(adminUrl, user.registrationToken),
          expiresAt,
          timeZone,
        },
        record.language
      );
      return { mail: { to: [user.email], ...rendered }, secrets };
    },
  };
  return service;
};
