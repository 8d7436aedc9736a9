import {
  actorName,
  blankLeadEventBody,
  createdEvent,
  erasedEvent,
  stageChangedEvent,
  type StoredSubmission,
} from '../../../src/lead-events/event-payload';

const submission: StoredSubmission = {
  reference: 'DEV-2026-000042',
  receivedAt: new Date('2026-12-07T09:30:00.000Z'),
  language: 'fr',
  requestedModel: 'bpo',
  scope: 'total',
  approach: '',
  tags: ['model:bpo', 'scope:total', 7],
  stage: 'new',
  expectedResponseBy: new Date('2026-12-07T13:30:00.000Z'),
  fullName: 'Camille Martin',
  email: 'camille@client.test',
  phone: '',
  company: 'ACME',
  jobTitle: undefined,
  message: 'Paie externalisée',
  sourceUrl: 'https://www.example.test/',
  consentTextVersion: '2026-11-30',
};

describe('lead event payloads', () => {
  it('quote_request.created: the request, its requester, the consent version and the attachments given', () => {
    const event = createdEvent(submission, [{ name: 'cahier.pdf', size: 1024, type: 'application/pdf' }], 'msg_1');
    expect(event).toEqual({
      id: 'msg_1',
      type: 'quote_request.created',
      timestamp: '2026-12-07T09:30:00.000Z',
      data: {
        reference: 'DEV-2026-000042',
        receivedAt: '2026-12-07T09:30:00.000Z',
        language: 'fr',
        model: 'bpo',
        scope: 'total',
        approach: null,
        tags: ['model:bpo', 'scope:total'],
        stage: 'new',
        expectedResponseBy: '2026-12-07T13:30:00.000Z',
        requester: {
          fullName: 'Camille Martin',
          email: 'camille@client.test',
          phone: null,
          company: 'ACME',
          jobTitle: null,
          message: 'Paie externalisée',
          sourceUrl: 'https://www.example.test/',
        },
        consentTextVersion: '2026-11-30',
        attachments: [{ name: 'cahier.pdf', size: 1024, type: 'application/pdf' }],
      },
    });
    expect(createdEvent(submission, []).id).toMatch(/^msg_[0-9a-f]{32}$/);
  });

  it('stage_changed names the admin by name, else username, never by e-mail; null for a script', () => {
    const at = new Date('2026-12-07T10:00:00.000Z');
    const change = (by: Parameters<typeof actorName>[0]) =>
      stageChangedEvent({ reference: 'DEV-1', from: 'new', to: 'won', by, at }, 'msg_2').data;
    const admin = { firstname: ' Lou ', lastname: 'Dupont', username: null, email: 'lou@desk.test' };
    expect(change(admin)).toEqual({ reference: 'DEV-1', from: 'new', to: 'won', by: 'Lou Dupont' });
    expect(JSON.stringify(change(admin))).not.toContain('lou@desk.test');
    expect(change({ firstname: '', lastname: null, username: 'lou' }).by).toBe('lou');
    expect(change({ firstname: null, lastname: undefined, username: ' ' }).by).toBeNull();
    expect(change(undefined).by).toBeNull();
  });

  it('erased carries the reference only', () => {
    expect(erasedEvent('DEV-9', new Date(0), 'msg_3')).toEqual({
      id: 'msg_3',
      type: 'quote_request.erased',
      timestamp: '1970-01-01T00:00:00.000Z',
      data: { reference: 'DEV-9' },
    });
  });

  it('blanking leaves nothing of the requester in a created event and returns other events unchanged', () => {
    const body = JSON.stringify(
      createdEvent(submission, [{ name: 'CV Camille Martin.pdf', size: 5, type: 'application/pdf' }], 'msg_4')
    );
    const blanked = blankLeadEventBody(body);
    expect(blanked).not.toMatch(/Camille|camille@|ACME|Paie|example\.test/);
    expect(JSON.parse(blanked)).toMatchObject({
      id: 'msg_4',
      type: 'quote_request.created',
      data: {
        reference: 'DEV-2026-000042',
        model: 'bpo',
        requester: { fullName: null, email: null, phone: null, company: null, jobTitle: null, message: null },
        attachments: [],
      },
    });
    expect(blankLeadEventBody(blanked)).toBe(blanked);
    const other = JSON.stringify(erasedEvent('DEV-9', new Date(0), 'msg_5'));
    expect(blankLeadEventBody(other)).toBe(other);
    expect(blankLeadEventBody('not json')).toBe('not json');
  });
});
