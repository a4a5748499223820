import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_DATABASE_TIMEOUTS, loadConfig } from '../../src/config';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'cb-config-'));

describe('config', () => {
  it('defaults to SQLite under DATA_DIR on port 4000 with a generated, persisted secret', () => {
    const dir = tmp();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({
      env: 'development',
      port: 4000,
      bodyLimitBytes: 1024 * 1024,
      seedDemoOnEmpty: true,
    });
    expect(config.database).toEqual({
      type: 'sqlite',
      path: path.join(dir, 'corp-billing.sqlite'),
      url: 'sqlite:corp-billing.sqlite',
      timeouts: DEFAULT_DATABASE_TIMEOUTS,
    });
    const secretFile = path.join(dir, 'jwt-secret');
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    const keyText = (key: string | KeyObject) => (typeof key === 'string' ? key : key.export().toString('utf8'));
    expect(keyText(config.jwt.signingKey)).toBe(readFileSync(secretFile, 'utf8').trim());
    expect(keyText(loadConfig({ DATA_DIR: dir }).jwt.signingKey)).toBe(keyText(config.jwt.signingKey));
  });

  it('selects MySQL or MariaDB from DATABASE_URL with a pool size', () => {
    const mysql = loadConfig({
      DATA_DIR: tmp(),
      DATABASE_URL: 'mysql://u:p@db:3306/billing',
      DATABASE_POOL_SIZE: '25',
    });
    expect(mysql.database).toEqual({
      type: 'mysql',
      flavor: 'mysql',
      url: 'mysql://u:p@db:3306/billing',
      poolSize: 25,
      timeouts: DEFAULT_DATABASE_TIMEOUTS,
    });
    const maria = loadConfig({ DATA_DIR: tmp(), DATABASE_URL: 'mariadb://u:p@db:3306/billing' });
    expect(maria.database).toMatchObject({ flavor: 'mariadb', url: 'mysql://u:p@db:3306/billing', poolSize: 10 });
  });

  it('takes the database timeouts from the environment and refuses nonsense', () => {
    const env = { DATA_DIR: tmp(), DATABASE_URL: 'mariadb://u:p@db:3306/billing' };
    expect(
      loadConfig({
        ...env,
        DATABASE_CONNECT_TIMEOUT_MS: '2000',
        DATABASE_ACQUIRE_TIMEOUT_MS: '1500',
        DATABASE_STATEMENT_TIMEOUT_MS: '30000',
        SQLITE_BUSY_TIMEOUT_MS: '0',
      }).database.timeouts,
    ).toEqual({
      connectMs: 2000,
      acquireMs: 1500,
      statementMs: 30000,
      sqliteBusyMs: 0,
    });
    expect(() => loadConfig({ ...env, DATABASE_STATEMENT_TIMEOUT_MS: '0' })).toThrow(
      /^Invalid DATABASE_STATEMENT_TIMEOUT_MS: must be at least 100$/,
    );
    expect(() => loadConfig({ ...env, DATABASE_CONNECT_TIMEOUT_MS: '5s' })).toThrow(
      /^Invalid DATABASE_CONNECT_TIMEOUT_MS: must be a whole number$/,
    );
    expect(() => loadConfig({ ...env, DATABASE_ACQUIRE_TIMEOUT_MS: '999999' })).toThrow(
      /^Invalid DATABASE_ACQUIRE_TIMEOUT_MS: must be at most 120000$/,
    );
  });

  it('listens on this machine only, unless in production or told otherwise', () => {
    expect(loadConfig({ DATA_DIR: tmp() }).host).toBe('127.0.0.1');
    expect(loadConfig({ DATA_DIR: tmp(), HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    const prod = {
      NODE_ENV: 'production',
      DATABASE_URL: 'mysql://u:p@db/x',
      JWT_SECRET: 's'.repeat(32),
      PUBLIC_URL: 'https://b.example',
      VENDOR_NAME: 'Vendor SpA',
      VENDOR_ADDRESS: 'Via Roma 1; 20121 Milano; IT',
      REMIT_IBAN: 'IT60 X054 2811 1010 0000 0123 456',
      REMIT_SWIFT: 'bpmoit22xxx',
      PAYMENT_GATEWAY: 'sandbox',
    };
    expect(loadConfig(prod).host).toBe('0.0.0.0');
  });

  it('trusts only named proxies for the client address', () => {
    expect(loadConfig({ DATA_DIR: tmp(), TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ DATA_DIR: tmp(), TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback,10.0.0.0/8');
    expect(() => loadConfig({ DATA_DIR: tmp(), TRUST_PROXY: 'true' })).toThrow(
      /^Invalid TRUST_PROXY: true would trust any client/,
    );
    expect(() => loadConfig({ DATA_DIR: tmp(), TRUST_PROXY: 'proxy.local' })).toThrow(/^Invalid TRUST_PROXY/);
    expect(() => loadConfig({ DATA_DIR: tmp(), TRUST_PROXY: '0.0.0.0/1,128.0.0.0/1' })).toThrow(/^Invalid TRUST_PROXY/);
    expect(() => loadConfig({ DATA_DIR: tmp(), TRUST_PROXY: '10.0.0.0/99' })).toThrow(/^Invalid TRUST_PROXY/);
    expect(loadConfig({ DATA_DIR: tmp(), TRUST_PROXY: 'FALSE' }).trustProxy).toBe(false);
    expect(() => loadConfig({ DATA_DIR: tmp(), TRUST_PROXY: 'fd00::/8' })).toThrow(/^Invalid TRUST_PROXY/);
    expect(loadConfig({ DATA_DIR: tmp(), TRUST_PROXY: 'fd00::/16' }).trustProxy).toBe('fd00::/16');
  });

  it('parses sizes and refuses nonsense with one-line messages', () => {
    expect(loadConfig({ DATA_DIR: tmp(), BODY_LIMIT: '512kb' }).bodyLimitBytes).toBe(512 * 1024);
    expect(() => loadConfig({ BODY_LIMIT: 'lots' })).toThrow(/^Invalid BODY_LIMIT/);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow('Invalid DATABASE_POOL_SIZE: must be at least 1');
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://x' })).toThrow(/^Invalid PUBLIC_URL/);
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow(/^Invalid NODE_ENV/);
    expect(() => loadConfig({ REMIT_IBAN: '12' })).toThrow(/^Invalid REMIT_IBAN/);
    expect(() => loadConfig({ TAX_RATES: 'IT=22%' })).toThrow(/^Invalid TAX_RATES/);
    expect(() => loadConfig({ DATA_DIR: tmp(), TAX_RATES: 'IT=20000' })).toThrow(
      /^Invalid TAX_RATES: IT=20000 is above 100%/,
    );
    expect(loadConfig({ DATA_DIR: tmp(), TAX_RATES: 'it=2200, DE=1900' }).taxRates).toEqual({
      IT: 2200,
      DE: 1900,
    });
  });

  it('in production needs every secret and address explicitly', () => {
    const base = {
      NODE_ENV: 'production',
      DATABASE_URL: 'mysql://u:p@db/x',
      JWT_SECRET: 's'.repeat(32),
      PUBLIC_URL: 'https://billing.example',
      VENDOR_NAME: 'Vendor SpA',
      VENDOR_ADDRESS: 'Via Roma 1; 20121 Milano; IT',
      REMIT_IBAN: 'IT60 X054 2811 1010 0000 0123 456',
      REMIT_SWIFT: 'bpmoit22xxx',
      PAYMENT_GATEWAY: 'sandbox',
    };
    expect(loadConfig(base).env).toBe('production');
    // Invoices must never print the sample bank details, and the sandbox gateway must be chosen on purpose.
    for (const key of ['VENDOR_NAME', 'VENDOR_ADDRESS', 'REMIT_IBAN', 'REMIT_SWIFT', 'PAYMENT_GATEWAY'])
      expect(() => loadConfig({ ...base, [key]: undefined })).toThrow(new RegExp(`^Missing ${key}`));
    const { remittance, vendor } = loadConfig(base);
    expect(remittance).toMatchObject({
      iban: 'IT60X0542811101000000123456',
      swift: 'BPMOIT22XXX',
      accountName: 'Vendor SpA',
      sample: false,
    });
    expect(vendor.addressLines).toEqual(['Via Roma 1', '20121 Milano', 'IT']);
    expect(() => loadConfig({ ...base, DATABASE_URL: '' })).toThrow(/^Missing DATABASE_URL/);
    expect(() => loadConfig({ ...base, JWT_SECRET: undefined })).toThrow(/^Missing JWT_SECRET/);
    expect(() => loadConfig({ ...base, PUBLIC_URL: undefined })).toThrow(/^Missing PUBLIC_URL/);
    expect(loadConfig(base).exposeSqlStatementCount).toBe(false);
    expect(loadConfig(base).seedDemoOnEmpty).toBe(false);
  });

  it('reads an RSA or EC private key for asymmetric signing', () => {
    const dir = tmp();
    const file = path.join(dir, 'key.pem');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(loadConfig({ DATA_DIR: dir, JWT_PRIVATE_KEY_FILE: file }).jwt.algorithm).toBe('ES256');
    expect(() => loadConfig({ DATA_DIR: dir, JWT_PRIVATE_KEY_FILE: path.join(dir, 'missing.pem') })).toThrow(
      /^Invalid JWT_PRIVATE_KEY_FILE/,
    );
  });
});
