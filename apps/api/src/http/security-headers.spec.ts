import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it("records helmet's headers for the api's policy once", () => {
    const headers = securityHeaders();
    expect(headers['content-security-policy']).toContain(`script-src 'self' 'unsafe-inline'`);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(Object.isFrozen(headers)).toBe(true);
  });

  it('follows the options (a header turned off is absent)', () => {
    expect(securityHeaders({ xFrameOptions: false })['x-frame-options']).toBeUndefined();
  });

  it('refuses an invalid policy at startup rather than per request', () => {
    expect(() =>
      securityHeaders({
        contentSecurityPolicy: { directives: { defaultSrc: ["'self'; script-src *"] } },
      }),
    ).toThrow();
  });
});
