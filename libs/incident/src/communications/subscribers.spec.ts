import { describe, expect, it } from 'vitest';
import { readDeliveryContent } from './subscribers.js';

describe(readDeliveryContent.name, () => {
  it('reads each purpose with the payload it carries', () => {
    expect(readDeliveryContent('confirm', {})).toEqual({ purpose: 'confirm', payload: {} });
    expect(readDeliveryContent('notice', { to: 'zoë@acme.test', failures: 10 })).toEqual({
      purpose: 'notice',
      payload: { to: 'zoë@acme.test', failures: 10 },
    });
    const body = { page: { id: 'acme' }, component: { id: 'api' } };
    expect(readDeliveryContent('event', body)).toEqual({ purpose: 'event', payload: body });
  });

  it('refuses a purpose it does not know and a notice without its address or count', () => {
    expect(readDeliveryContent('digest', {})).toBeNull();
    expect(readDeliveryContent('notice', { to: 'ops@acme.test' })).toBeNull();
    expect(readDeliveryContent('notice', { to: 7, failures: 10 })).toBeNull();
    expect(readDeliveryContent('event', null)).toBeNull();
  });
});
