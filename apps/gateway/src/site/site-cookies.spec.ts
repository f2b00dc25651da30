import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { cookieHeader, cookiesOf } from './site-cookies.js';

describe(cookiesOf.name, () => {
  it('reads every cookie of the header, keeping the first of two with one name', () => {
    const cookies = cookiesOf('a=1; firebreak_site=abc%20d; a=2;broken; =x');
    expect([...cookies]).toEqual([
      ['a', '1'],
      ['firebreak_site', 'abc d'],
    ]);
  });

  test.prop([fc.string({ maxLength: 300 })])('never throws, whatever the header', (header) => {
    expect(cookiesOf(header)).toBeInstanceOf(Map);
  });

  test.prop([fc.string({ minLength: 1, maxLength: 60 })])('reads back what it wrote', (value) => {
    const written = cookieHeader('firebreak_site', value, { secure: false, maxAge: 60 });
    expect(cookiesOf(written.split(';')[0]).get('firebreak_site')).toBe(value);
  });
});

describe(cookieHeader.name, () => {
  it('writes an HttpOnly, SameSite=Lax cookie under /site, Secure behind HTTPS', () => {
    expect(cookieHeader('s', 'v', { secure: true, maxAge: 3600 })).toBe(
      's=v; Path=/site; Max-Age=3600; SameSite=Lax; HttpOnly; Secure',
    );
    expect(cookieHeader('tz', 'Europe/Paris', { secure: false, maxAge: 1, scriptReadable: true })).toBe(
      'tz=Europe%2FParis; Path=/site; Max-Age=1; SameSite=Lax',
    );
  });
});
