import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';

const load = (env: Record<string, string>) =>
  loadConfig({ DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'cb-mail-config-')), ...env });

describe('mail delivery settings', () => {
  it('default to 10 s to connect, 30 s of silence, a 60 s deadline per message and 4 sends at a time', () => {
    expect(load({}).mail).toEqual({
      connectionTimeoutMs: 10_000,
      socketTimeoutMs: 30_000,
      sendTimeoutMs: 60_000,
      concurrency: 4,
    });
  });

  it('keep the default SMTP timeouts within a shorter deadline', () => {
    expect(load({ MAIL_SEND_TIMEOUT_MS: '5000' }).mail).toMatchObject({
      connectionTimeoutMs: 5000,
      socketTimeoutMs: 5000,
      sendTimeoutMs: 5000,
    });
    expect(
      load({ SMTP_CONNECTION_TIMEOUT_MS: '2000', SMTP_SOCKET_TIMEOUT_MS: '4000', MAIL_SEND_CONCURRENCY: '1' }).mail,
    ).toEqual({
      connectionTimeoutMs: 2000,
      socketTimeoutMs: 4000,
      sendTimeoutMs: 60_000,
      concurrency: 1,
    });
  });

  it('refuse a deadline the two-minute lease could not outlast, SMTP timeouts beyond the deadline, and nonsense', () => {
    expect(() => load({ MAIL_SEND_TIMEOUT_MS: '120000' })).toThrow(
      'Invalid MAIL_SEND_TIMEOUT_MS: must be at most 90000',
    );
    expect(() => load({ MAIL_SEND_TIMEOUT_MS: '100' })).toThrow('Invalid MAIL_SEND_TIMEOUT_MS: must be at least 500');
    expect(() => load({ SMTP_SOCKET_TIMEOUT_MS: '70000' })).toThrow(
      'Invalid SMTP_SOCKET_TIMEOUT_MS: must be at most MAIL_SEND_TIMEOUT_MS (60000), which ends every send',
    );
    expect(() => load({ MAIL_SEND_TIMEOUT_MS: '5000', SMTP_CONNECTION_TIMEOUT_MS: '10000' })).toThrow(
      /^Invalid SMTP_CONNECTION_TIMEOUT_MS/,
    );
    expect(() => load({ SMTP_CONNECTION_TIMEOUT_MS: '10s' })).toThrow(
      'Invalid SMTP_CONNECTION_TIMEOUT_MS: must be a whole number',
    );
    expect(() => load({ MAIL_SEND_CONCURRENCY: '0' })).toThrow('Invalid MAIL_SEND_CONCURRENCY: must be at least 1');
    expect(() => load({ MAIL_SEND_CONCURRENCY: '50' })).toThrow('Invalid MAIL_SEND_CONCURRENCY: must be at most 20');
  });
});
