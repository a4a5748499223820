import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  raw: ParsedMail;
}

/** A real SMTP server in the test process; the service sends to it through SMTP_URL. */
export class Mailbox {
  readonly messages: ReceivedMail[] = [];
  private server?: SMTPServer;
  private waiters: Array<() => void> = [];
  port = 0;
  /** How many of the next deliveries to refuse with a temporary SMTP error. */
  refuseNext = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            if (this.refuseNext > 0) {
              this.refuseNext -= 1;
              callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
              return;
            }
            const to = [mail.to ?? []].flat().flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
            this.messages.push({ to, subject: mail.subject ?? '', text: mail.text ?? '', raw: mail });
            this.waiters.splice(0).forEach((wake) => wake());
            callback();
          })
          .catch(callback);
      },
    });
    // A sending process stopped mid-connection (a subgraph stopped by a test, with its pooled SMTP
    // connection open) resets its socket: smtp-server emits that as 'error', which unheard would
    // fail the whole test file. What was delivered is what tests assert, through waitFor.
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The first message (received before or within `timeoutMs`) that matches. */
  async waitFor(match: (m: ReceivedMail) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for an e-mail');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** All messages to `address`, oldest first. */
  to(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to.includes(address.toLowerCase()));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The token in a portal link inside an e-mail body (reset or invitation). */
export function linkToken(mail: ReceivedMail, pathName: string): string {
  const match = new RegExp(`${pathName}\\?token=([A-Za-z0-9_%-]+)`).exec(mail.text);
  if (!match) throw new Error(`no ${pathName} link in: ${mail.text}`);
  return decodeURIComponent(match[1]);
}
