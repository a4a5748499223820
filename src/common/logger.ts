import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Errors are logged with message, type, code and stack, but without the SQL
 * parameters or the driver's copy of the statement with its values inlined
 * (TypeORM's QueryFailedError carries both): those may hold password hashes,
 * token hashes or personal data.
 */
function safeError(err: unknown): Record<string, unknown> {
  const out = { ...pino.stdSerializers.err(err as Error) } as Record<string, unknown>;
  const driver = (err as { driverError?: { code?: unknown; errno?: unknown } })?.driverError;
  delete out.parameters;
  delete out.driverError;
  delete out.sql;
  if (driver) out.driverCode = driver.code ?? driver.errno;
  return out;
}

/**
 * Structured JSON logs. Anything that looks like a credential is redacted at
 * every level, so a careless `log.info({ input })` cannot leak a password.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'corp-billing' },
      serializers: { err: safeError },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'password',
          'token',
          '*.password',
          '*.currentPassword',
          '*.newPassword',
          '*.token',
          '*.refreshToken',
          '*.accessToken',
          'variables',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
