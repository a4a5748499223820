import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash, createPrivateKey, createPublicKey, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { ensurePrivateDir } from './common/private-files';
import { packageRoot } from './common/package-root';

/**
 * The one typed, validated configuration object. Every setting comes from the
 * environment; the README's configuration table lists them all.
 */
export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  /** The portal's built files (index.html and assets/); served at / when index.html is there. */
  portalDir: string;
  database: DatabaseConfig;
  jwt: JwtConfig;
  bodyLimitBytes: number;
  /** A list's totalCount counts at most this many items (see common/pagination). */
  listCountLimit: number;
  trustProxy: boolean | number | string;
  logLevel: string;
  smtpUrl?: string;
  mailFrom: string;
  mail: MailDeliveryConfig;
  requestsNotifyEmail?: string;
  seedDemoOnEmpty: boolean;
  exposeSqlStatementCount: boolean;
  auth: AuthPolicyConfig;
  vendor: VendorConfig;
  remittance: RemittanceConfig;
  payments: PaymentsConfig;
  jobs: JobsConfig;
  /** Tax rate (basis points) per country for quotes and renewal invoices (TAX_RATES); other countries 0. */
  taxRates: Record<string, number>;
  graphql: GraphqlLimitsConfig;
  /** Browser origins allowed to call the API across origins (CORS); none by default. */
  corsOrigins: string[];
  /** HMAC key of the short-lived signed download URLs, derived from the JWT secret or key. */
  urlSigningKey: Buffer;
  federation: FederationConfig;
  webhooks: WebhooksConfig;
}

/** Outbound webhooks (README "Webhooks"). */
export interface WebhooksConfig {
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS: endpoints may resolve to loopback, private and link-local addresses (tests, a closed network). */
  allowPrivateNetworks: boolean;
  /** WEBHOOK_ALLOW_HTTP: plain http:// endpoints (development only). */
  allowHttp: boolean;
  /** How long one delivery attempt may take, connection to last byte. */
  timeoutMs: number;
  /** Deliveries sent at the same time by one process. */
  concurrency: number;
  /** How long the previous secret keeps signing beside the new one after a rotation. */
  secretOverlapHours: number;
  /** An endpoint whose deliveries have failed this long without a success is disabled. */
  disableAfterHours: number;
  /** The key the signing secrets are encrypted with at rest; null: webhooks cannot be set up (production without WEBHOOK_ENCRYPTION_KEY). */
  encryptionKey: Buffer | null;
}

/** The federated topology (README "Federation"); all empty in the single process. */
export interface FederationConfig {
  /** SUBGRAPH: the modules this process serves as one subgraph, by folder name; null serves the whole API. */
  subgraph: string[] | null;
  /** FEDERATION_SECRET: the key the gateway signs its subgraph requests with (HMAC-SHA256); required when federated. */
  secret: string | null;
  /** GATEWAY_SUBGRAPHS: each module's subgraph URL, for `npm run gateway`. */
  gatewaySubgraphs: Record<string, string>;
}

/** The vendor as printed on invoices. */
export interface VendorConfig {
  name: string;
  addressLines: string[];
  vatNumber: string | null;
  email: string;
}

/** Where customers send wire transfers and cheques (printed on invoices and pay-by-invoice methods). */
export interface RemittanceConfig {
  bankName: string;
  accountName: string;
  iban: string;
  swift: string;
  checkPayableTo: string;
  checkMailingAddress: string[];
  /** True while the built-in sample details are used (never in production). */
  sample: boolean;
}

/** Time limits and parallelism of the mail dispatcher (SMTP_*_TIMEOUT_MS, MAIL_SEND_*). */
export interface MailDeliveryConfig {
  /** Connecting, the greeting and TLS set-up together (nodemailer connection and greeting timeouts). */
  connectionTimeoutMs: number;
  /** Silence on an open SMTP connection before it is dropped. */
  socketTimeoutMs: number;
  /** The dispatcher's deadline for one message (attachments and SMTP together), whatever the transport does. */
  sendTimeoutMs: number;
  /** Messages sent at the same time. */
  concurrency: number;
}

/** The longest MAIL_SEND_TIMEOUT_MS: the dispatcher's two-minute lease on a message must outlast its send. */
export const MAX_MAIL_SEND_TIMEOUT_MS = 90_000;

export interface PaymentsConfig {
  gateway: 'sandbox';
  /** Simulated gateway round trip of the sandbox, in milliseconds. */
  sandboxLatencyMs: number;
}

/** Limits every GraphQL request is checked against before it runs (and a time budget while it runs). */
export interface GraphqlLimitsConfig {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  timeoutMs: number;
}

export interface JobsConfig {
  /** How often the server runs renewals, expiry and PO reminders; 0 turns the schedule off. */
  intervalMinutes: number;
  renewalWindowDays: number;
}

export type DatabaseConfig =
  | { type: 'sqlite'; path: string; url: string; timeouts?: DatabaseTimeouts }
  | { type: 'mysql'; flavor: 'mysql' | 'mariadb'; url: string; poolSize: number; timeouts?: DatabaseTimeouts };

/**
 * How long the service waits for the database before it answers 503
 * (DATABASE_*_TIMEOUT_MS, SQLITE_BUSY_TIMEOUT_MS); see data-source.ts.
 */
export interface DatabaseTimeouts {
  /** MySQL/MariaDB: TCP connect plus handshake of a new connection. */
  connectMs: number;
  /** MySQL/MariaDB: waiting for a free pooled connection. */
  acquireMs: number;
  /** MySQL/MariaDB: one statement, from sending it to its last row (migrations have none). */
  statementMs: number;
  /** SQLite: waiting for another process's lock on the file. */
  sqliteBusyMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  connectMs: 5000,
  acquireMs: 5000,
  statementMs: 15000,
  sqliteBusyMs: 5000,
};

export type JwtAlgorithm = 'HS256' | 'RS256' | 'ES256';

/** A key tokens are checked with, named by its key id (`kid`). */
export interface JwtVerifyKey {
  keyId: string;
  algorithm: JwtAlgorithm;
  verifyKey: string | KeyObject;
}

export interface JwtConfig extends JwtVerifyKey {
  signingKey: string | KeyObject;
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  /** The key before the last rotation, still accepted until `until`. */
  previous: (JwtVerifyKey & { until: Date }) | null;
}

export interface AuthPolicyConfig {
  refreshTokenTtlSeconds: number;
  passwordResetTtlMinutes: number;
  invitationTtlDays: number;
  resetRequestsPerHour: number;
  loginThrottleUserThreshold: number;
  loginThrottleAddressThreshold: number;
  loginThrottleBaseDelaySeconds: number;
  loginThrottleMaxDelaySeconds: number;
}

/** A configuration problem: main.ts prints its message as one line and exits. */
export class ConfigError extends Error {}

const intFrom = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no']))
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const byteSize = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?\s*(b|kb|mb)?$/i, 'must be a size such as 1mb, 512kb or 1048576')
  .transform((v) => {
    const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb)?$/i.exec(v)!;
    const unit = (m[2] ?? 'b').toLowerCase();
    return Math.floor(Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1));
  })
  .pipe(
    z
      .number()
      .int()
      .min(1024, 'must be at least 1kb')
      .max(100 * 1024 * 1024, 'must be at most 100mb'),
  );

const httpUrl = z
  .string()
  .trim()
  .url('must be an absolute http(s) URL')
  .refine((v) => /^https?:\/\//.test(v), 'must be an absolute http(s) URL')
  .transform((v) => v.replace(/\/+$/, ''));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().trim().min(1).optional(),
  PORT: intFrom(0, 65535).optional(),
  PUBLIC_URL: httpUrl.optional(),
  DATA_DIR: z.string().trim().min(1).default('data'),
  PORTAL_DIR: z.string().trim().min(1).optional(),
  DATABASE_URL: z.string().trim().min(1).optional(),
  DATABASE_POOL_SIZE: intFrom(1, 200).default('10'),
  DATABASE_CONNECT_TIMEOUT_MS: intFrom(100, 120_000).default(String(DEFAULT_DATABASE_TIMEOUTS.connectMs)),
  DATABASE_ACQUIRE_TIMEOUT_MS: intFrom(100, 120_000).default(String(DEFAULT_DATABASE_TIMEOUTS.acquireMs)),
  DATABASE_STATEMENT_TIMEOUT_MS: intFrom(100, 3_600_000).default(String(DEFAULT_DATABASE_TIMEOUTS.statementMs)),
  SQLITE_BUSY_TIMEOUT_MS: intFrom(0, 120_000).default(String(DEFAULT_DATABASE_TIMEOUTS.sqliteBusyMs)),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_PRIVATE_KEY_FILE: z.string().trim().min(1).optional(),
  JWT_PREVIOUS_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_PREVIOUS_PUBLIC_KEY_FILE: z.string().trim().min(1).optional(),
  JWT_PREVIOUS_KEY_UNTIL: z
    .string()
    .trim()
    .refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date and time such as 2026-12-01T12:00:00Z')
    .transform((v) => new Date(v))
    .optional(),
  JWT_ISSUER: z.string().trim().min(1).default('corp-billing'),
  JWT_AUDIENCE: z.string().trim().min(1).default('corp-billing-portal'),
  ACCESS_TOKEN_TTL_SECONDS: intFrom(30, 24 * 3600).default('900'),
  REFRESH_TOKEN_TTL_DAYS: intFrom(1, 365).default('30'),
  PASSWORD_RESET_TTL_MINUTES: intFrom(5, 24 * 60).default('60'),
  INVITATION_TTL_DAYS: intFrom(1, 60).default('7'),
  PASSWORD_RESET_REQUESTS_PER_HOUR: intFrom(1, 100).default('5'),
  LOGIN_THROTTLE_USER_THRESHOLD: intFrom(1, 1000).default('10'),
  LOGIN_THROTTLE_ADDRESS_THRESHOLD: intFrom(1, 100000).default('50'),
  LOGIN_THROTTLE_BASE_DELAY_SECONDS: intFrom(1, 3600).default('1'),
  LOGIN_THROTTLE_MAX_DELAY_SECONDS: intFrom(1, 24 * 3600).default('900'),
  BODY_LIMIT: byteSize.default('1mb'),
  LIST_COUNT_LIMIT: intFrom(1, 100_000_000).default('10000'),
  TRUST_PROXY: z.string().trim().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  SMTP_URL: z
    .string()
    .trim()
    .refine((v) => /^smtps?:\/\/[^\s]+$/.test(v), 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().trim().min(3).default('Corporate Billing <billing@localhost>'),
  SMTP_CONNECTION_TIMEOUT_MS: intFrom(100, MAX_MAIL_SEND_TIMEOUT_MS).optional(),
  SMTP_SOCKET_TIMEOUT_MS: intFrom(100, MAX_MAIL_SEND_TIMEOUT_MS).optional(),
  MAIL_SEND_TIMEOUT_MS: intFrom(500, MAX_MAIL_SEND_TIMEOUT_MS).default('60000'),
  MAIL_SEND_CONCURRENCY: intFrom(1, 20).default('4'),
  REQUESTS_NOTIFY_EMAIL: z.string().trim().email('must be an e-mail address').optional(),
  SEED_DEMO_ON_EMPTY: bool.optional(),
  SUBGRAPH: z
    .string()
    .trim()
    .refine(
      (v) => /^[a-z-]+(\s*,\s*[a-z-]+)*$/.test(v),
      'must be module names separated by commas, e.g. invoices,payments',
    )
    .transform((v) => [...new Set(v.split(',').map((m) => m.trim()))])
    .optional(),
  FEDERATION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  GATEWAY_SUBGRAPHS: z
    .string()
    .trim()
    .transform((v, ctx) => {
      const urls: Record<string, string> = {};
      for (const pair of v.split(',').filter((p) => p.trim())) {
        const [name, url] = pair.split(/=(.*)/s).map((p) => p?.trim());
        if (!/^[a-z-]+$/.test(name ?? '') || !/^https?:\/\/\S+$/.test(url ?? '')) {
          ctx.addIssue({ code: 'custom', message: `"${pair.trim()}" is not module=http(s)://host:port/graphql` });
          return z.NEVER;
        }
        urls[name] = url.replace(/\/+$/, '');
      }
      return urls;
    })
    .optional(),
  EXPOSE_SQL_STATEMENT_COUNT: bool.optional(),
  VENDOR_NAME: z.string().trim().min(1).max(200).optional(),
  VENDOR_ADDRESS: z.string().trim().min(1).max(500).optional(),
  VENDOR_VAT_NUMBER: z.string().trim().min(1).max(40).optional(),
  VENDOR_EMAIL: z.string().trim().email('must be an e-mail address').optional(),
  REMIT_BANK_NAME: z.string().trim().min(1).max(200).optional(),
  REMIT_ACCOUNT_NAME: z.string().trim().min(1).max(200).optional(),
  REMIT_IBAN: z
    .string()
    .transform((v) => v.replace(/\s+/g, '').toUpperCase())
    .refine(
      (v) => /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(v),
      'must be an IBAN (or bank account number) such as IT60X0542811101000000123456',
    )
    .optional(),
  REMIT_SWIFT: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, 'must be a SWIFT/BIC code of 8 or 11 characters')
    .optional(),
  REMIT_CHECK_PAYABLE_TO: z.string().trim().min(1).max(200).optional(),
  REMIT_CHECK_ADDRESS: z.string().trim().min(1).max(500).optional(),
  PAYMENT_GATEWAY: z.enum(['sandbox']).optional(),
  PAYMENT_SANDBOX_LATENCY_MS: intFrom(0, 10_000).default('0'),
  JOBS_INTERVAL_MINUTES: intFrom(0, 24 * 60).optional(),
  RENEWAL_WINDOW_DAYS: intFrom(1, 180).default('30'),
  CORS_ORIGINS: z
    .string()
    .trim()
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .refine(
      (list) => list.every((o) => /^https?:\/\/[^/\s]+$/.test(o)),
      'must be a comma-separated list of origins such as https://portal.example.com (scheme and host, no path)',
    )
    .optional(),
  GRAPHQL_MAX_DEPTH: intFrom(2, 50).default('10'),
  GRAPHQL_MAX_ALIASES: intFrom(0, 100).default('15'),
  GRAPHQL_MAX_DIRECTIVES: intFrom(0, 100).default('10'),
  GRAPHQL_MAX_TOKENS: intFrom(100, 100_000).default('2000'),
  GRAPHQL_MAX_COST: intFrom(100, 10_000_000).default('250000'),
  GRAPHQL_TIMEOUT_MS: intFrom(100, 120_000).default('10000'),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: bool.optional(),
  WEBHOOK_ALLOW_HTTP: bool.optional(),
  WEBHOOK_TIMEOUT_MS: intFrom(500, 60_000).default('10000'),
  WEBHOOK_CONCURRENCY: intFrom(1, 20).default('4'),
  WEBHOOK_SECRET_OVERLAP_HOURS: intFrom(0, 7 * 24).default('24'),
  WEBHOOK_DISABLE_AFTER_HOURS: intFrom(1, 30 * 24).default('72'),
  WEBHOOK_ENCRYPTION_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  TAX_RATES: z
    .string()
    .trim()
    .regex(
      /^([A-Za-z]{2}=\d{1,5})(\s*,\s*[A-Za-z]{2}=\d{1,5})*$/,
      'must be a list such as IT=2200,DE=1900 (basis points)',
    )
    .optional(),
});

/**
 * Sample vendor and remittance details, used outside production until configured. Every value
 * (and so every line printed from it: vendor block, wire and cheque instructions, the account name
 * and cheque payee that default to the vendor's name) carries SAMPLE_MARK, so nobody pays them.
 */
export const SAMPLE_MARK = '(sample)';
const sample = (value: string) => `${value} ${SAMPLE_MARK}`;
const SAMPLE_VENDOR = {
  name: sample('Corporate Billing Vendor Inc.'),
  address: ['100 Example Avenue', 'Suite 200', 'Springfield, IL 62701', 'US'].map(sample).join('; '),
};
const SAMPLE_REMITTANCE = {
  bankName: sample('Example Bank, not a real account'),
  iban: sample('IT60X0542811101000000123456'),
  swift: sample('BPMOIT22XXX'),
};

/** `A; B; C` → lines. */
const lines = (value: string) => value.split(/\s*;\s*/).filter(Boolean);

type Env = Record<string, string | undefined>;

/** Builds and validates the configuration; throws ConfigError with a one-line message. */
export function loadConfig(env: Env = process.env): Config {
  // Empty strings mean "not set", as in most container tooling.
  const cleaned: Env = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';

  if (production) {
    if (!e.DATABASE_URL) throw new ConfigError('Missing DATABASE_URL: production needs an explicit database URL');
    if (!e.JWT_SECRET && !e.JWT_PRIVATE_KEY_FILE)
      throw new ConfigError('Missing JWT_SECRET (or JWT_PRIVATE_KEY_FILE): production needs a signing secret or key');
    if (!e.PUBLIC_URL)
      throw new ConfigError('Missing PUBLIC_URL: production needs the portal address used in e-mail links');
    for (const key of ['VENDOR_NAME', 'VENDOR_ADDRESS', 'REMIT_IBAN', 'REMIT_SWIFT', 'PAYMENT_GATEWAY'] as const)
      if (!e[key])
        throw new ConfigError(`Missing ${key}: production invoices and payments need the vendor's own details`);
  }

  if (production && e.WEBHOOK_ALLOW_HTTP)
    throw new ConfigError('Invalid WEBHOOK_ALLOW_HTTP: production delivers webhooks over https only');
  if (e.SUBGRAPH && !e.FEDERATION_SECRET)
    throw new ConfigError('Missing FEDERATION_SECRET: a subgraph answers the gateway only with the shared secret');
  const port = e.PORT ?? 4000;
  const dataDir = path.resolve(e.DATA_DIR);
  const jwt = jwtConfig(e, dataDir, production);
  const vendorName = e.VENDOR_NAME ?? SAMPLE_VENDOR.name;
  const vendorAddress = lines(e.VENDOR_ADDRESS ?? SAMPLE_VENDOR.address);
  return {
    env: e.NODE_ENV,
    // Outside production only this machine can reach the service unless HOST says otherwise.
    // A subgraph sits behind the gateway: on loopback unless HOST says otherwise.
    host: e.HOST ?? (production && !e.SUBGRAPH ? '0.0.0.0' : '127.0.0.1'),
    port,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${port}`,
    dataDir,
    portalDir: e.PORTAL_DIR ? path.resolve(e.PORTAL_DIR) : path.join(packageRoot(), 'dist', 'portal'),
    database: {
      ...parseDatabaseUrl(e.DATABASE_URL ?? 'sqlite:corp-billing.sqlite', dataDir, e.DATABASE_POOL_SIZE),
      timeouts: {
        connectMs: e.DATABASE_CONNECT_TIMEOUT_MS,
        acquireMs: e.DATABASE_ACQUIRE_TIMEOUT_MS,
        statementMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
        sqliteBusyMs: e.SQLITE_BUSY_TIMEOUT_MS,
      },
    },
    jwt,
    bodyLimitBytes: e.BODY_LIMIT,
    listCountLimit: e.LIST_COUNT_LIMIT,
    // A subgraph learns the client's address from the gateway in front of it (X-Forwarded-For).
    trustProxy: parseTrustProxy(e.TRUST_PROXY ?? (e.SUBGRAPH ? 'loopback' : undefined)),
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    mail: mailDeliveryConfig(e),
    requestsNotifyEmail: e.REQUESTS_NOTIFY_EMAIL,
    seedDemoOnEmpty: e.SEED_DEMO_ON_EMPTY ?? e.NODE_ENV === 'development',
    exposeSqlStatementCount: !production && (e.EXPOSE_SQL_STATEMENT_COUNT ?? e.NODE_ENV === 'test'),
    auth: {
      refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_DAYS * 86400,
      passwordResetTtlMinutes: e.PASSWORD_RESET_TTL_MINUTES,
      invitationTtlDays: e.INVITATION_TTL_DAYS,
      resetRequestsPerHour: e.PASSWORD_RESET_REQUESTS_PER_HOUR,
      loginThrottleUserThreshold: e.LOGIN_THROTTLE_USER_THRESHOLD,
      loginThrottleAddressThreshold: e.LOGIN_THROTTLE_ADDRESS_THRESHOLD,
      loginThrottleBaseDelaySeconds: e.LOGIN_THROTTLE_BASE_DELAY_SECONDS,
      loginThrottleMaxDelaySeconds: Math.max(e.LOGIN_THROTTLE_MAX_DELAY_SECONDS, e.LOGIN_THROTTLE_BASE_DELAY_SECONDS),
    },
    vendor: {
      name: vendorName,
      addressLines: vendorAddress,
      vatNumber: e.VENDOR_VAT_NUMBER ?? null,
      email: e.VENDOR_EMAIL ?? emailOf(e.MAIL_FROM) ?? 'billing@localhost',
    },
    remittance: {
      bankName: e.REMIT_BANK_NAME ?? (e.REMIT_IBAN ? 'Bank' : SAMPLE_REMITTANCE.bankName),
      accountName: e.REMIT_ACCOUNT_NAME ?? vendorName,
      iban: e.REMIT_IBAN ?? SAMPLE_REMITTANCE.iban,
      swift: e.REMIT_SWIFT ?? SAMPLE_REMITTANCE.swift,
      checkPayableTo: e.REMIT_CHECK_PAYABLE_TO ?? vendorName,
      checkMailingAddress: e.REMIT_CHECK_ADDRESS ? lines(e.REMIT_CHECK_ADDRESS) : vendorAddress,
      sample: !e.REMIT_IBAN,
    },
    payments: { gateway: e.PAYMENT_GATEWAY ?? 'sandbox', sandboxLatencyMs: e.PAYMENT_SANDBOX_LATENCY_MS },
    jobs: {
      intervalMinutes: e.JOBS_INTERVAL_MINUTES ?? (e.NODE_ENV === 'test' ? 0 : 60),
      renewalWindowDays: e.RENEWAL_WINDOW_DAYS,
    },
    taxRates: Object.fromEntries(
      (e.TAX_RATES ?? '')
        .split(',')
        .filter((v) => v.trim())
        .map((pair) => {
          const [country, bp] = pair.split('=').map((v) => v.trim());
          if (Number(bp) > 10_000) throw new ConfigError(`Invalid TAX_RATES: ${pair.trim()} is above 100%`);
          return [country.toUpperCase(), Number(bp)];
        }),
    ),
    corsOrigins: e.CORS_ORIGINS ?? [],
    federation: {
      subgraph: e.SUBGRAPH ?? null,
      secret: e.FEDERATION_SECRET ?? null,
      gatewaySubgraphs: e.GATEWAY_SUBGRAPHS ?? {},
    },
    graphql: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      maxCost: e.GRAPHQL_MAX_COST,
      timeoutMs: e.GRAPHQL_TIMEOUT_MS,
    },
    webhooks: {
      allowPrivateNetworks: e.WEBHOOK_ALLOW_PRIVATE_NETWORKS ?? false,
      allowHttp: e.WEBHOOK_ALLOW_HTTP ?? false,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      concurrency: e.WEBHOOK_CONCURRENCY,
      secretOverlapHours: e.WEBHOOK_SECRET_OVERLAP_HOURS,
      disableAfterHours: e.WEBHOOK_DISABLE_AFTER_HOURS,
      encryptionKey: webhookEncryptionKey(e, dataDir, production),
    },
    urlSigningKey: Buffer.from(hkdfSync('sha256', keyMaterial(jwt.signingKey), '', 'corp-billing signed URLs', 32)),
  };
}

/** SMTP timeouts default to 10 s and 30 s, never beyond the per-message deadline; set beyond it they are refused. */
function mailDeliveryConfig(e: z.infer<typeof envSchema>): MailDeliveryConfig {
  const sendTimeoutMs = e.MAIL_SEND_TIMEOUT_MS;
  for (const key of ['SMTP_CONNECTION_TIMEOUT_MS', 'SMTP_SOCKET_TIMEOUT_MS'] as const)
    if ((e[key] ?? 0) > sendTimeoutMs)
      throw new ConfigError(
        `Invalid ${key}: must be at most MAIL_SEND_TIMEOUT_MS (${sendTimeoutMs}), which ends every send`,
      );
  return {
    connectionTimeoutMs: e.SMTP_CONNECTION_TIMEOUT_MS ?? Math.min(10_000, sendTimeoutMs),
    socketTimeoutMs: e.SMTP_SOCKET_TIMEOUT_MS ?? Math.min(30_000, sendTimeoutMs),
    sendTimeoutMs,
    concurrency: e.MAIL_SEND_CONCURRENCY,
  };
}

/** The bytes of a signing key, to derive other keys from. */
function keyMaterial(key: string | KeyObject): Buffer {
  if (typeof key === 'string') return Buffer.from(key, 'utf8');
  return key.type === 'secret' ? key.export() : key.export({ format: 'der', type: 'pkcs8' });
}

/** The address part of `Name <address>` or a bare address. */
function emailOf(from: string): string | undefined {
  const m = /<([^>]+)>/.exec(from) ?? /^(\S+@\S+)$/.exec(from.trim());
  return m?.[1];
}

/**
 * `sqlite:relative/or/absolute.sqlite` (relative to DATA_DIR), `mysql://` for
 * MySQL 8 or `mariadb://` for MariaDB (TypeORM reads their schemas differently).
 */
export function parseDatabaseUrl(url: string, dataDir: string, poolSize: number): DatabaseConfig {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!file)
      throw new ConfigError('Invalid DATABASE_URL: sqlite: needs a file name, e.g. sqlite:corp-billing.sqlite');
    return { type: 'sqlite', path: file === ':memory:' ? file : path.resolve(dataDir, file), url };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('Invalid DATABASE_URL: expected mysql://user:password@host:port/database or sqlite:file');
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:')
    throw new ConfigError(
      `Invalid DATABASE_URL: unsupported scheme ${parsed.protocol} (use mysql:, mariadb: or sqlite:)`,
    );
  if (!parsed.hostname || parsed.pathname.length < 2)
    throw new ConfigError('Invalid DATABASE_URL: expected mysql://user:password@host:port/database');
  return {
    type: 'mysql',
    flavor: parsed.protocol === 'mariadb:' ? 'mariadb' : 'mysql',
    url: url.replace(/^mariadb:/, 'mysql:'),
    poolSize,
  };
}

/**
 * Which proxies may name the client address in X-Forwarded-For: a hop count,
 * or a list of addresses, subnets and the names loopback, linklocal and
 * uniquelocal. `true` (trust any sender) would let every client choose its
 * own address and walk around the per-address login throttle, so it is refused.
 */
function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((v) => v.trim());
  const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
  for (const entry of entries) {
    if (named.has(entry)) continue;
    const [address, bits] = entry.split('/');
    const family = isIP(address);
    // The widest sensible proxy range is a /8 (IPv4) or /16 (IPv6); wider would trust the world.
    const [min, max] = family === 6 ? [16, 128] : [8, 32];
    const prefixOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) >= min && Number(bits) <= max);
    if (family === 0 || !prefixOk)
      throw new ConfigError(
        `Invalid TRUST_PROXY: ${entry.toLowerCase() === 'true' ? 'true would trust any client' : `"${entry}" is not a proxy address or subnet (/${min} to /${max})`}; give a hop count or the proxies' addresses (e.g. loopback, 10.0.0.0/8)`,
      );
  }
  return entries.join(',');
}

/** A key's id: a digest of its public part (or secret), so tokens name the key without revealing it. */
function keyIdOf(key: string | KeyObject): string {
  const material =
    typeof key === 'string'
      ? Buffer.from(key)
      : key.type === 'secret'
        ? key.export()
        : key.export({ format: 'der', type: 'spki' });
  return createHash('sha256').update('corp-billing kid\n').update(material).digest('base64url').slice(0, 16);
}

/**
 * The key before a rotation (JWT_PREVIOUS_SECRET or JWT_PREVIOUS_PUBLIC_KEY_FILE),
 * accepted until JWT_PREVIOUS_KEY_UNTIL so tokens issued just before the
 * rotation keep working until they expire.
 */
function previousJwtKey(e: z.infer<typeof envSchema>): JwtConfig['previous'] {
  if (!e.JWT_PREVIOUS_SECRET && !e.JWT_PREVIOUS_PUBLIC_KEY_FILE) return null;
  if (!e.JWT_PREVIOUS_KEY_UNTIL)
    throw new ConfigError(
      'Missing JWT_PREVIOUS_KEY_UNTIL: say until when the previous signing key is accepted (e.g. now plus the access token lifetime)',
    );
  if (e.JWT_PREVIOUS_SECRET) {
    const key = createSecretKey(Buffer.from(e.JWT_PREVIOUS_SECRET, 'utf8'));
    return { keyId: keyIdOf(key), algorithm: 'HS256', verifyKey: key, until: e.JWT_PREVIOUS_KEY_UNTIL };
  }
  let key: KeyObject;
  try {
    key = createPublicKey(readFileSync(e.JWT_PREVIOUS_PUBLIC_KEY_FILE!));
  } catch {
    throw new ConfigError(
      `Invalid JWT_PREVIOUS_PUBLIC_KEY_FILE: cannot read a PEM public key from ${e.JWT_PREVIOUS_PUBLIC_KEY_FILE}`,
    );
  }
  const algorithm = key.asymmetricKeyType === 'rsa' ? 'RS256' : 'ES256';
  return { keyId: keyIdOf(key), algorithm, verifyKey: key, until: e.JWT_PREVIOUS_KEY_UNTIL };
}

function jwtConfig(e: z.infer<typeof envSchema>, dataDir: string, production: boolean): JwtConfig {
  const common = {
    issuer: e.JWT_ISSUER,
    audience: e.JWT_AUDIENCE,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    previous: previousJwtKey(e),
  };
  if (e.JWT_PRIVATE_KEY_FILE) {
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(readFileSync(e.JWT_PRIVATE_KEY_FILE));
    } catch {
      throw new ConfigError(
        `Invalid JWT_PRIVATE_KEY_FILE: cannot read a PEM private key from ${e.JWT_PRIVATE_KEY_FILE}`,
      );
    }
    const type = privateKey.asymmetricKeyType;
    let algorithm: 'RS256' | 'ES256';
    if (type === 'rsa') {
      if ((privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
        throw new ConfigError('Invalid JWT_PRIVATE_KEY_FILE: RSA keys must be at least 2048 bits');
      algorithm = 'RS256';
    } else if (type === 'ec' && privateKey.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
      algorithm = 'ES256';
    } else {
      throw new ConfigError('Invalid JWT_PRIVATE_KEY_FILE: use an RSA (2048+ bits) or EC P-256 key');
    }
    const publicKey = createPublicKey(privateKey);
    return { ...common, algorithm, signingKey: privateKey, verifyKey: publicKey, keyId: keyIdOf(publicKey) };
  }
  const secret = e.JWT_SECRET ?? (production ? undefined : developmentSecret(dataDir, 'jwt-secret', 'JWT_SECRET'));
  if (!secret) throw new ConfigError('Missing JWT_SECRET');
  // A KeyObject, not the string: jsonwebtoken would otherwise try to parse the string as a PEM key on every call.
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return { ...common, algorithm: 'HS256', signingKey: key, verifyKey: key, keyId: keyIdOf(key) };
}

/**
 * The AES-256-GCM key of the webhook signing secrets, derived from
 * WEBHOOK_ENCRYPTION_KEY (its own key: rotating the JWT key must not make the
 * stored secrets unreadable). Outside production one is generated in DATA_DIR.
 */
function webhookEncryptionKey(e: z.infer<typeof envSchema>, dataDir: string, production: boolean): Buffer | null {
  const material =
    e.WEBHOOK_ENCRYPTION_KEY ??
    (production ? undefined : developmentSecret(dataDir, 'webhook-key', 'WEBHOOK_ENCRYPTION_KEY'));
  if (!material) return null;
  return Buffer.from(hkdfSync('sha256', Buffer.from(material, 'utf8'), '', 'corp-billing webhook secrets', 32));
}

/** Outside production a secret is generated once and kept in DATA_DIR, so restarts keep what it protects. */
function developmentSecret(dataDir: string, name: string, variable: string): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) {
      chmodSync(file, 0o600);
      return existing;
    }
  }
  ensurePrivateDir(dataDir);
  const secret = randomBytes(48).toString('base64url');
  try {
    // 'wx': when several processes start together on one DATA_DIR (subgraphs), the first one's secret wins.
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: existsSync(file) ? 'w' : 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    for (let attempt = 0; attempt < 50; attempt++) {
      const written = readFileSync(file, 'utf8').trim();
      if (written.length >= 32) return written;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20); // the winner is still writing
    }
    throw new ConfigError(`${file} holds no usable secret: delete it or set ${variable}`);
  }
  chmodSync(file, 0o600);
  return secret;
}
