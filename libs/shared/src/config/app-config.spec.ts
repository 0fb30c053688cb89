import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'silkcart-cfg-'));

describe('loadConfig', () => {
  it('applies the contract defaults when nothing is set', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeNull();
    expect(config.redisUrl).toBeNull();
    expect(config.authRateLimit).toBe(20);
    expect(config.mail.from).toBe('no-reply@localhost');
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.storage.driver).toBe('local');
    expect(config.storefrontCache).toBe(true);
    expect(config.migrationsRun).toBe(true);
  });

  it('reads DATABASE_READ_URL, which needs DATABASE_URL', () => {
    const primary = 'postgres://postgres@127.0.0.1:5432/silkcart';
    const replica = 'postgres://postgres@127.0.0.1:5433/silkcart';
    expect(loadConfig({ DATA_DIR: dataDir() }).databaseReadUrl).toBeNull();
    expect(
      loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: replica, DATA_DIR: dataDir() })
        .databaseReadUrl,
    ).toBe(replica);
    expect(() => loadConfig({ DATABASE_READ_URL: replica, DATA_DIR: dataDir() })).toThrow(
      /DATABASE_READ_URL: needs DATABASE_URL/,
    );
    expect(() =>
      loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: 'mysql://x', DATA_DIR: dataDir() }),
    ).toThrow(ConfigError);
  });

  it('keeps the generated development JWT secret across loads', () => {
    const dir = dataDir();
    expect(loadConfig({ DATA_DIR: dir }).jwtSecret).toBe(loadConfig({ DATA_DIR: dir }).jwtSecret);
  });

  it('rejects a bad value naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATA_DIR: dataDir() })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', DATA_DIR: dataDir() })).toThrow(
      /DATABASE_URL/,
    );
    expect(() => loadConfig({ STOREFRONT_CACHE: 'maybe', DATA_DIR: dataDir() })).toThrow(
      /STOREFRONT_CACHE/,
    );
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir() })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir() })).toThrow(/JWT_SECRET/);
  });

  it('derives PUBLIC_URL from PORT and trims a trailing slash', () => {
    expect(loadConfig({ PORT: '8080', DATA_DIR: dataDir() }).publicUrl).toBe(
      'http://localhost:8080',
    );
    expect(loadConfig({ PUBLIC_URL: 'https://shop.example/', DATA_DIR: dataDir() }).publicUrl).toBe(
      'https://shop.example',
    );
  });
});
