import {
  registrationLinkOf,
  renderInvitation,
  type Invitation,
} from '../../../src/api/admin-invitation/domain/render-invitation';

const invitation: Invitation = {
  firstname: 'Inès',
  inviterName: 'Ada Admin',
  companyName: 'Rouge Hexagone',
  link: registrationLinkOf('https://cms.example.test/admin/', 'abc123'),
  // Monday 30 November 2026, 11:30 UTC: 12:30 in Paris.
  expiresAt: new Date('2026-11-30T11:30:00Z'),
  timeZone: 'Europe/Paris',
};

describe('renderInvitation', () => {
  it('links to the admin sign-up page for the token, whatever the trailing slash of ADMIN_URL', () => {
    expect(invitation.link).toBe('https://cms.example.test/admin/auth/register?registrationToken=abc123');
  });

  it('writes French: who invites, the link, and until when it works in the desk time zone', () => {
    const mail = renderInvitation(invitation, 'fr');
    expect(mail.subject).toBe('Invitation à l’administration du site Rouge Hexagone');
    expect(mail.text).toContain('Bonjour Inès,');
    expect(mail.text).toContain('Ada Admin vous invite à rejoindre l’administration du site Rouge Hexagone.');
    expect(mail.text).toContain(invitation.link);
    expect(mail.text).toContain('Ce lien est valable jusqu’au lundi 30 novembre à 12:30 (heure de Paris).');
    expect(mail.html).toContain(`<a href="${invitation.link}">Créer mon compte</a>`);
  });

  it('writes English when asked', () => {
    const mail = renderInvitation(invitation, 'en');
    expect(mail.subject).toBe('Invitation to the Rouge Hexagone site administration');
    expect(mail.text).toContain('Ada Admin invites you to join the Rouge Hexagone site administration.');
    expect(mail.text).toContain('This link works until Monday 30 November at 12:30 (Paris time).');
    expect(mail.text).not.toMatch(/Bonjour|valable/);
  });

  it('greets without a name and escapes what the inviter typed in the HTML part', () => {
    const mail = renderInvitation({ ...invitation, firstname: '  ', inviterName: '<b>Eve</b>' }, 'fr');
    expect(mail.text).toContain('Bonjour,\n');
    expect(mail.html).toContain('&lt;b&gt;Eve&lt;/b&gt; vous invite');
    expect(mail.html).not.toContain('<b>Eve</b>');
  });
});
