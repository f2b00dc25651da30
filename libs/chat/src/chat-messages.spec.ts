import { describe, expect, it } from 'vitest';
import { publicUpdateEcho, type OutboxEvent } from '@firebreak/incident';
import { echoOf, incidentsChannelChosen } from './chat-messages.js';

const at = new Date('2026-03-01T10:00:00.000Z');
const event = (type: string, payload: Record<string, unknown> = {}, incidentRef: string | null = 'INC-3') =>
  ({ position: 1, type, incidentRef, occurredAt: at, payload }) as unknown as OutboxEvent;

describe(echoOf.name, () => {
  const body =
    'Nous avons identifié la cause : un certificat expiré sur la passerelle de paiement à São Paulo. ' +
    'Le renouvellement est en cours; les paiements reprennent progressivement.';

  it('echoes a published update as the domain writes it, with its status page link', () => {
    const echo = echoOf(event('status_update.published', { update: { body } }), 'https://status.example.com');
    expect(echo).toEqual(publicUpdateEcho('INC-3', body, 'https://status.example.com'));
    expect(echo?.text).toContain('https://status.example.com/incidents/INC-3');
  });

  it('echoes the new status on resolve, reopen and close', () => {
    expect(echoOf(event('incident.resolved'), null)?.text).toBe('**INC-3** is now resolved.');
    expect(echoOf(event('incident.reopened'), null)?.text).toBe('**INC-3** is now reopened.');
    expect(echoOf(event('incident.closed'), null)?.text).toBe('**INC-3** is now closed.');
  });

  it('echoes nothing for other events, updates without text, or events of no incident', () => {
    expect(echoOf(event('incident.changed'), null)).toBeNull();
    expect(echoOf(event('status_update.published', { update: {} }), null)).toBeNull();
    expect(echoOf(event('incident.resolved', {}, null), null)).toBeNull();
  });
});

describe(incidentsChannelChosen.name, () => {
  it('says where incidents go, and what else the platform set up', () => {
    const reply = incidentsChannelChosen('<#42>', ['New incident channels go under <#7>.']);
    expect(reply).toMatchObject({ title: 'Firebreak is set up', tone: 'success', visibility: 'private' });
    expect(reply.text).toBe(
      '<#42> is now the incidents channel: every new incident is announced here. New incident channels go under <#7>.',
    );
  });
});
