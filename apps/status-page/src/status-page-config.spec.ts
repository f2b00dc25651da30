import { describe, expect, it } from 'vitest';
import { loadStatusPageConfig, StatusPageConfigurationError } from './status-page-config.js';
import { brandingFrom } from './site/branding.js';

describe(loadStatusPageConfig.name, () => {
  it('listens on loopback port 3000 unless told otherwise', () => {
    expect(loadStatusPageConfig({})).toMatchObject({ STATUS_PAGE_HOST: '127.0.0.1', STATUS_PAGE_PORT: 3000 });
    expect(loadStatusPageConfig({ STATUS_PAGE_HOST: '0.0.0.0' }).STATUS_PAGE_HOST).toBe('0.0.0.0');
  });

  it('brands the page from the environment, trimming the trailing slash of the URL', () => {
    const branding = brandingFrom(
      loadStatusPageConfig({
        STATUS_PAGE_NAME: 'Acme Status',
        STATUS_PAGE_URL: 'https://status.acme.test/',
        STATUS_PAGE_LOGO_URL: 'https://cdn.acme.test/logo.svg',
        STATUS_PAGE_SUPPORT_URL: 'https://help.acme.test',
        STATUS_PAGE_ACCENT_COLOUR: '#aa0000',
      }),
    );
    expect(branding).toMatchObject({
      name: 'Acme Status',
      url: 'https://status.acme.test',
      logoUrl: 'https://cdn.acme.test/logo.svg',
      supportUrl: 'https://help.acme.test',
      accent: '#aa0000',
      accentDark: '#93c5fd',
      id: 'firebreak',
    });
  });

  it('has working defaults without any branding', () => {
    expect(brandingFrom(loadStatusPageConfig({}))).toMatchObject({
      name: 'Firebreak Status',
      url: 'http://localhost:3000',
      logoUrl: null,
      supportUrl: null,
    });
  });

  it('refuses a colour that could inject CSS and a non-http logo, naming the variables', () => {
    const refusal = (() => {
      try {
        loadStatusPageConfig({
          STATUS_PAGE_ACCENT_COLOUR: 'red;}</style><script>',
          STATUS_PAGE_LOGO_URL: 'javascript:alert(1)',
        });
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(refusal).toBeInstanceOf(StatusPageConfigurationError);
    expect((refusal as Error).message).toContain('STATUS_PAGE_ACCENT_COLOUR');
    expect((refusal as Error).message).toContain('STATUS_PAGE_LOGO_URL');
  });

  it('reads the image hosts into the branding, and refuses one that is not a plain host, naming the variable', () => {
    expect(
      brandingFrom(loadStatusPageConfig({ STATUS_PAGE_IMAGE_HOSTS: 'images.acme.test, CDN.acme.test:8443' }))
        .imageHosts,
    ).toEqual(['images.acme.test', 'cdn.acme.test:8443']);
    expect(brandingFrom(loadStatusPageConfig({})).imageHosts).toEqual([]);
    expect(() =>
      loadStatusPageConfig({ STATUS_PAGE_IMAGE_HOSTS: "images.acme.test; script-src 'unsafe-inline'" }),
    ).toThrow(/STATUS_PAGE_IMAGE_HOSTS: .*is not a host name/);
  });
});
