import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from '../common/logger';

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
  send(mail: OutgoingMail): Promise<void>;
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
    attachments: mail.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    messageId: `<${mail.id}@corp-billing>`,
  };
}

/**
 * SMTP through nodemailer (SMTP_URL=smtp://user:pass@host:port). Timeouts are
 * well inside the dispatcher's lease, so a hung server cannot make two
 * processes send one message.
 */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    name: 'smtp',
    async send(mail) {
      await transporter.sendMail(message(mail));
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
    async send(mail) {
      const info = await transporter.sendMail(message(mail));
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.id}.eml`);
      writeFileSync(file, info.message as Buffer, { mode: 0o600 });
      log.info({ mailId: mail.id, file }, 'mail written to file');
    },
    close: () => transporter.close(),
  };
}
