import { addressBucket } from '../../src/modules/identity/login-throttle.service';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '../../src/modules/identity/password';

const rejects = (pw: string, ids: string[] = []) =>
  expect(() => checkPasswordPolicy(pw, ids)).toThrow(expect.objectContaining({ code: 'WEAK_PASSWORD' }));

describe('password policy', () => {
  it('wants 12 to 128 characters, counted as characters not bytes', () => {
    rejects('elevenchars');
    expect(() => checkPasswordPolicy('twelve chars')).not.toThrow();
    expect(() => checkPasswordPolicy('ünïcödé pässwörd')).not.toThrow();
    expect(() => checkPasswordPolicy('x'.repeat(64) + 'y'.repeat(64))).not.toThrow();
    rejects('xy'.repeat(64) + 'z');
  });

  it('refuses common passwords, also with digits or symbols stuck on the end, and repeats', () => {
    rejects('123qweasdzxc');
    rejects('1qaz2wsx3edc');
    rejects('Password1234');
    rejects('dragon2024!!!');
    rejects('aaaaaaaaaaaaaaa');
  });

  it('has no composition rules: a long passphrase of lower-case words is fine', () => {
    expect(() => checkPasswordPolicy('purple elephants dance quietly')).not.toThrow();
  });

  it('refuses a password containing the user ID or e-mail', () => {
    rejects('jane.doe-is-the-best', ['jane.doe', 'jane@example.com']);
  });
});

describe('password hashing', () => {
  it('uses Argon2id with the OWASP parameters and verifies', async () => {
    const hash = await hashPassword('purple elephants dance quietly');
    expect(hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(hash.split('$')[3].split(',').sort()).toEqual(['m=19456', 'p=1', 't=2']);
    expect(await verifyPassword(hash, 'purple elephants dance quietly')).toBe(true);
    expect(await verifyPassword(hash, 'purple elephants dance loudly')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});

describe('throttle address buckets', () => {
  it('keys IPv4 by address and IPv6 by /64 prefix', () => {
    expect(addressBucket('203.0.113.7')).toBe('203.0.113.7');
    expect(addressBucket('2001:db8:abcd:12:1::5')).toBe('2001:db8:abcd:12::/64');
    expect(addressBucket('2001:db8:abcd:12:ffff:ffff:ffff:1')).toBe('2001:db8:abcd:12::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    expect(addressBucket('2001:db8::')).toBe('2001:db8:0:0::/64');
  });
});
