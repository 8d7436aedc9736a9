import type { Context } from 'koa';
import { getStrapiService } from '../../../utils/strapi-services';

/**
 * Authenticates a content-API route with an admin panel session (the Bearer access token the admin UI
 * holds), the way Strapi's own admin routes do: valid token, active session, active admin user. The
 * caller's admin permissions come back as the ability, so a controller can require e.g. read access
 * to quote requests in the Content Manager. API routes cannot be typed "admin" in Strapi 5; this is
 * how an API exposes an admin-only action (the CSV export).
 */
interface AdminUser {
  id: number;
  isActive?: boolean;
}

export const adminSessionStrategy = {
  name: 'admin-session',
  async authenticate(ctx: Context) {
    const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
    if (!match) return { authenticated: false };

    const sessions = strapi.sessionManager('admin');
    const result = sessions.validateAccessToken(match[1]);
    if (!result.isValid || !(await sessions.isSessionActive(result.payload.sessionId))) {
      return { authenticated: false };
    }
    const userId = Number(result.payload.userId);
    const user = (await strapi.db.query('admin::user').findOne({
      where: { id: Number.isFinite(userId) ? userId : result.payload.userId },
      populate: ['roles'],
    })) as AdminUser | null;
    if (!user || user.isActive !== true) return { authenticated: false };

    const ability = await getStrapiService('admin::permission').engine.generateUserAbility(user);
    return { authenticated: true, credentials: user, ability };
  },
};
