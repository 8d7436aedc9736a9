import { renderDeliveryAlert } from '../../../src/api/quote-request/domain/render-alert';

const base = {
  reference: 'DEV-2026-000042',
  attempts: 1,
  rejectedRecipients: [],
  redactions: ['jane.doe@client.test', 'Jane Doe', 'ACME SA', null],
};

describe('renderDeliveryAlert', () => {
  it('says what failed, in French like the sales mail, with the server answer and the reference only', () => {
    const alert = renderDeliveryAlert({
      ...base,
      outcome: 'failed',
      serverAnswer: 'Message failed: 554 5.7.1 Message rejected by policy',
    });
    expect(alert.subject).toBe('[Alerte] DEV-2026-000042 : e-mail commercial non remis');
    expect(alert.text).toContain('Référence : DEV-2026-000042');
    expect(alert.text).toContain('n’a pas été remis (abandon après 1 tentative)');
    expect(alert.text).toContain(
      'Réponse du serveur de messagerie : Message failed: 554 5.7.1 Message rejected by policy'
    );
    expect(alert.text).toContain('« Renvoyer »');
  });

  it('lists the refused recipients of a partly delivered mail', () => {
    const alert = renderDeliveryAlert({
      ...base,
      outcome: 'partial',
      attempts: 3,
      rejectedRecipients: ['ito-lead@sales.test', 'ito2@sales.test'],
      serverAnswer: 'refused by the mail server: ito-lead@sales.test: 550 5.1.1 unknown',
    });
    expect(alert.subject).toBe('[Alerte] DEV-2026-000042 : e-mail commercial remis en partie');
    expect(alert.text).toContain('refusé pour : ito-lead@sales.test, ito2@sales.test.');
  });

  it("keeps the requester's data out even when the server echoes it, on one bounded line, HTML escaped", () => {
    const alert = renderDeliveryAlert({
      ...base,
      outcome: 'failed',
      serverAnswer: `550 Reply-To <JANE.DOE@client.test> (Jane Doe, ACME SA) blocked\r\nX-Injected: <b>yes</b>${'x'.repeat(2000)}`,
    });
    const everything = `${alert.subject}\n${alert.text}\n${alert.html}`;
    for (const value of ['jane.doe@client.test', 'JANE.DOE', 'Jane Doe', 'ACME SA'])
      expect(everything).not.toContain(value);
    const answerLine =
      alert.text.split('\n').find((line) => line.startsWith('Réponse du serveur de messagerie :')) ?? '';
    expect(answerLine).toContain('blocked X-Injected');
    expect(answerLine.length).toBeLessThan(700);
    expect(alert.html).toContain('&lt;b&gt;yes&lt;/b&gt;');
    expect(alert.html).not.toContain('<b>');
  });

  it('says so when no answer was recorded', () => {
    expect(renderDeliveryAlert({ ...base, outcome: 'failed', serverAnswer: '' }).text).toContain(
      'Réponse du serveur de messagerie : (aucune réponse enregistrée)'
    );
  });
});
