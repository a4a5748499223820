import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Anything that looks like a credential is redacted at
 * every level, so a careless `log.info({ input })` cannot leak a password.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'corp-billing' },
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
