import { describe, expect, it } from 'vitest';
import { publicUpdateEcho } from './incident-messages.js';

describe(publicUpdateEcho.name, () => {
  it('links the echo to the incident on the status page, whatever the configured URL ends with', () => {
    for (const url of ['https://status.example.com', 'https://status.example.com/'])
      expect(publicUpdateEcho('INC-4', 'A fix is rolling out.', url)).toMatchObject({
        title: 'Public update on INC-4',
        text: 'A fix is rolling out.\n\nOn the status page: https://status.example.com/incidents/INC-4',
        incidentRef: 'INC-4',
      });
  });

  it('echoes the text alone when no status page is configured', () => {
    expect(publicUpdateEcho('INC-4', 'A fix is rolling out.', null).text).toBe('A fix is rolling out.');
  });
});
