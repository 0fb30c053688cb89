import { registerUser, TestUser, unique, waitForMail } from './support/fixtures';
import { startTestApi, TestApi } from './support/test-api';

const PASSWORD = 'correct horse battery';

describe('identity (HTTP)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ env: { AUTH_RATE_LIMIT: '100000' } });
  });
  afterAll(() => api.close());

  const post = (path: string, body: unknown, token?: string) =>
    api.http('POST', `/api/v1/auth/${path}`, { body, token });
  const signIn = (email: string, password: string) => post('token', { email, password });

  describe('POST /auth/register', () => {
    it('creates an account and answers a token pair', async () => {
      const email = `${unique('Ada')}@Example.com`;
      const res = await post('register', { email, password: PASSWORD, name: '  Ada Lovelace ' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        user: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), email, name: 'Ada Lovelace' },
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 900,
      });
      expect(res.body.refreshToken.length).toBeGreaterThanOrEqual(43);
    });

    it('issues a JWT with sub and jti that lives at most 15 minutes', async () => {
      const user = await registerUser(api);
      const claims = JSON.parse(Buffer.from(user.token.split('.')[1], 'base64url').toString());
      expect(claims.sub).toBe(user.id);
      expect(typeof claims.jti).toBe('string');
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(900);
    });

    it('sends the welcome email through the outbox', async () => {
      const user = await registerUser(api, 'Grace');
      const mail = await waitForMail(api, user.email, 'welcome');
      expect(mail.text).toContain('Grace');
      expect(mail.html).toContain('Grace');
    });

    it('refuses an email that is taken, whatever its case → 409', async () => {
      const user = await registerUser(api);
      const res = await post('register', {
        email: user.email.toUpperCase(),
        password: PASSWORD,
        name: 'X',
      });
      expect(res.status).toBe(409);
    });

    it('validates email, password length and name → 400 naming each field', async () => {
      const res = await post('register', {
        email: 'not-an-email',
        password: 'short',
        name: '',
        role: 'admin',
      });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
        ['email', 'name', 'password', 'role'].sort(),
      );
      const long = await post('register', {
        email: `${unique('l')}@example.com`,
        password: 'x'.repeat(129),
        name: 'L',
      });
      expect(long.status).toBe(400);
    });
  });

  describe('POST /auth/token', () => {
    it('signs in with email (any case) and password', async () => {
      const user = await registerUser(api);
      const res = await signIn(user.email.toUpperCase(), user.password);
      expect(res.status).toBe(200);
      expect(res.body.tokenType).toBe('Bearer');
    });

    it('answers the same 401 for a wrong password and an unknown email', async () => {
      const user = await registerUser(api);
      const wrong = await signIn(user.email, 'wrong password!!');
      const unknown = await signIn(`${unique('nobody')}@example.com`, 'wrong password!!');
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
      expect(strip(wrong.body)).toEqual(strip(unknown.body));
    });
  });

  describe('POST /auth/refresh', () => {
    it('rotates: a new pair, and the old refresh token is spent', async () => {
      const user = await registerUser(api);
      const first = await post('refresh', { refreshToken: user.refreshToken });
      expect(first.status).toBe(200);
      expect(first.body.refreshToken).not.toBe(user.refreshToken);
      const profile = await api.http('GET', '/api/v1/auth/profile', {
        token: first.body.accessToken,
      });
      expect(profile.status).toBe(200);
    });

    it('detects reuse: a spent token → 401 and every token of that login is revoked', async () => {
      const user = await registerUser(api);
      const otherLogin = await signIn(user.email, user.password);
      const rotated = await post('refresh', { refreshToken: user.refreshToken });
      const reused = await post('refresh', { refreshToken: user.refreshToken });
      expect(reused.status).toBe(401);
      expect(reused.body.type).toContain('refresh-token-reused');
      // The thief's copy killed the legitimate successor too...
      expect((await post('refresh', { refreshToken: rotated.body.refreshToken })).status).toBe(401);
      // ...but not the user's other login.
      expect((await post('refresh', { refreshToken: otherLogin.body.refreshToken })).status).toBe(
        200,
      );
    });

    it('refuses an unknown or expired token → 401', async () => {
      expect((await post('refresh', { refreshToken: 'nope' })).status).toBe(401);
      const user = await registerUser(api);
      await api.db.sql(
        `update refresh_token set expires_at = now() - interval '1 second' where user_id = $1`,
        [user.id],
      );
      expect((await post('refresh', { refreshToken: user.refreshToken })).status).toBe(401);
    });

    it('stores refresh tokens only as hashes', async () => {
      const user = await registerUser(api);
      const rows = await api.db.sql<{ token_hash: string }>(
        `select token_hash from refresh_token where user_id = $1`,
        [user.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].token_hash).not.toContain(user.refreshToken);
      expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  describe('POST /auth/logout', () => {
    it('revokes the login of the refresh token → 204', async () => {
      const user = await registerUser(api);
      const res = await post('logout', { refreshToken: user.refreshToken }, user.token);
      expect(res.status).toBe(204);
      expect((await post('refresh', { refreshToken: user.refreshToken })).status).toBe(401);
    });

    it('needs a bearer token → 401', async () => {
      const user = await registerUser(api);
      expect((await post('logout', { refreshToken: user.refreshToken })).status).toBe(401);
      expect(
        (await post('logout', { refreshToken: user.refreshToken }, 'garbage.token.here')).status,
      ).toBe(401);
    });

    it("cannot revoke another user's login", async () => {
      const [a, b] = [await registerUser(api), await registerUser(api)];
      expect((await post('logout', { refreshToken: b.refreshToken }, a.token)).status).toBe(204);
      expect((await post('refresh', { refreshToken: b.refreshToken })).status).toBe(200);
    });
  });

  describe('/auth/profile', () => {
    let user: TestUser;
    beforeEach(async () => {
      user = await registerUser(api, 'Before');
    });
    const patch = (body: unknown) =>
      api.http('PATCH', '/api/v1/auth/profile', { token: user.token, body });

    it('reads the profile', async () => {
      const res = await api.http('GET', '/api/v1/auth/profile', { token: user.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: user.id,
        email: user.email,
        name: 'Before',
        createdAt: expect.any(String),
      });
    });

    it('needs a bearer token → 401', async () => {
      expect((await api.http('GET', '/api/v1/auth/profile')).status).toBe(401);
    });

    it('renames', async () => {
      const res = await patch({ name: 'After' });
      expect(res.status).toBe(200);
      expect(res.body.name).toBe('After');
    });

    it('changes the password only with the right currentPassword (400 naming it otherwise)', async () => {
      const missing = await patch({ password: 'a brand new secret' });
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual([
        { field: 'currentPassword', message: expect.any(String) },
      ]);
      const wrong = await patch({
        password: 'a brand new secret',
        currentPassword: 'not it at all',
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors[0].field).toBe('currentPassword');
      expect((await signIn(user.email, user.password)).status).toBe(200);

      const ok = await patch({ password: 'a brand new secret', currentPassword: user.password });
      expect(ok.status).toBe(200);
      expect((await signIn(user.email, 'a brand new secret')).status).toBe(200);
      expect((await signIn(user.email, user.password)).status).toBe(401);
    });
  });

  describe('password reset', () => {
    it('answers 202 whether or not the account exists', async () => {
      expect(
        (await post('password/forgot', { email: `${unique('ghost')}@example.com` })).status,
      ).toBe(202);
      const user = await registerUser(api);
      expect((await post('password/forgot', { email: user.email })).status).toBe(202);
    });

    it('resets with the token from the email, once, and signs out everywhere', async () => {
      const user = await registerUser(api);
      await post('password/forgot', { email: user.email });
      const mail = await waitForMail(api, user.email, 'password-reset');
      const token = /^([A-Za-z0-9_-]{43})$/m.exec(mail.text)?.[1] as string;
      expect(token).toBeDefined();
      expect(mail.html).toContain(token);

      const reset = await post('password/reset', { token, password: 'reset to this one' });
      expect(reset.status).toBe(204);
      expect((await signIn(user.email, 'reset to this one')).status).toBe(200);
      expect((await post('refresh', { refreshToken: user.refreshToken })).status).toBe(401);

      const again = await post('password/reset', { token, password: 'and again this one' });
      expect(again.status).toBe(400);
      expect(again.body.errors[0].field).toBe('token');
    });

    it('refuses an expired token → 400', async () => {
      const user = await registerUser(api);
      await post('password/forgot', { email: user.email });
      const mail = await waitForMail(api, user.email, 'password-reset');
      const token = /^([A-Za-z0-9_-]{43})$/m.exec(mail.text)?.[1] as string;
      await api.db.sql(
        `update password_reset set expires_at = now() - interval '1 second' where user_id = $1`,
        [user.id],
      );
      expect((await post('password/reset', { token, password: 'too late for this' })).status).toBe(
        400,
      );
    });
  });
});

describe('identity rate limits', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ env: { AUTH_RATE_LIMIT: '3' } });
  });
  afterAll(() => api.close());

  it('limits each /auth POST per client IP → 429 with Retry-After', async () => {
    const attempt = (ip: string) =>
      api.http('POST', '/api/v1/auth/token', {
        body: { email: 'a@example.com', password: 'whatever it is' },
        headers: { 'x-forwarded-for': ip },
      });
    for (let i = 0; i < 3; i++) expect((await attempt('203.0.113.7')).status).toBe(401);
    const limited = await attempt('203.0.113.7');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client and another route keep their own counts.
    expect((await attempt('203.0.113.8')).status).toBe(401);
    const forgot = await api.http('POST', '/api/v1/auth/password/forgot', {
      body: { email: 'a@example.com' },
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(forgot.status).toBe(202);
  });
});
