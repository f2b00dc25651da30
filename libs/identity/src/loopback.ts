/**
 * Plain HTTP is allowed only to this machine (a test's fake or identity provider); every real provider is
 * reached over HTTPS, as openid-client requires unless told otherwise.
 */
export function isLoopbackHttp(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
}
