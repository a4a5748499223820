import { writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from '../common/logger';
import { ensurePrivateDir } from '../common/private-files';
import type { MailDeliveryConfig } from '../config';

export interface OutgoingMail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html?: string | null;
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
}

export interface MailTransport {
  readonly name: string;
  /**
   * Sends one message. When `signal` aborts (the dispatcher's deadline passed,
   * or it is shutting down) the transport should give up and drop its
   * connection; the dispatcher stops waiting either way.
   */
  send(mail: OutgoingMail, signal?: AbortSignal): Promise<void>;
  close(): void;
}

/** The nodemailer message for an outgoing mail (both transports send the same). */
function message(mail: OutgoingMail) {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html ?? undefined,
    attachments: mail.attachments?.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
    })),
    messageId: `<${mail.id}@corp-billing>`,
  };
}

/**
 * SMTP through nodemailer (SMTP_URL=smtp://user:pass@host:port). Its timeouts
 * (SMTP_CONNECTION_TIMEOUT_MS for connecting, the greeting and TLS;
 * SMTP_SOCKET_TIMEOUT_MS of silence) are at most the dispatcher's deadline,
 * which is well inside its lease, so a hung server cannot make two processes
 * send one message; the abort signal closes the connection.
 */
export function smtpTransport(
  url: string,
  timeouts: Pick<MailDeliveryConfig, 'connectionTimeoutMs' | 'socketTimeoutMs'>,
): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: timeouts.connectionTimeoutMs,
    greetingTimeout: timeouts.connectionTimeoutMs,
    dnsTimeout: timeouts.connectionTimeoutMs,
    socketTimeout: timeouts.socketTimeoutMs,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    name: 'smtp',
    async send(mail, signal) {
      await transporter.sendMail({ ...message(mail), signal });
    },
    close: () => transporter.close(),
  };
}

/**
 * Without SMTP, each message becomes an .eml file under DATA_DIR/mail and
 * its path is logged, so a newcomer can open an invitation or reset link.
 */
export function fileTransport(dir: string, log: Logger): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    name: 'file',
    async send(mail, signal) {
      const info = await transporter.sendMail({ ...message(mail), signal });
      signal?.throwIfAborted();
      ensurePrivateDir(dir);
      const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.id}.eml`);
      writeFileSync(file, info.message as Buffer, { mode: 0o600 });
      log.info({ mailId: mail.id, file }, 'mail written to file');
    },
    close: () => transporter.close(),
  };
}
