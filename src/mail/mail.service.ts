import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { DataSource, LessThanOrEqual } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../common/logger';
import { inTransaction, type Tx } from '../common/transactions';
import { OutboxMessage, OutboxStatus, type MailAttachmentRef } from './outbox.entity';
import type { RenderedMail } from './templates';
import { fileTransport, smtpTransport, type MailTransport } from './transports';

export const MAX_ATTEMPTS = 8;

/** Renders one attachment from its reference when the message is sent. */
export type AttachmentSource = (ref: string) => Promise<{ content: Buffer; contentType: string }>;
/** How long a claimed message is reserved; longer than the SMTP timeouts add up to. */
const LEASE_MS = 120_000;
const POLL_MS = 5_000;
const BATCH = 20;

/** Wait before attempt n+1: 10 s, 20 s, 40 s ... capped at one hour. */
export const retryDelayMs = (attempts: number) => Math.min(10_000 * 2 ** Math.max(attempts - 1, 0), 3_600_000);

/**
 * The outbox: `enqueue` writes a message in the caller's transaction and wakes
 * the dispatcher after commit; the dispatcher claims due rows, sends them,
 * marks them sent, and retries failures with backoff.
 */
export class MailService {
  private readonly transport: MailTransport;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;
  private readonly attachmentSources = new Map<string, AttachmentSource>();

  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
    private readonly log: Logger,
    transport?: MailTransport,
  ) {
    this.transport =
      transport ??
      (config.smtpUrl ? smtpTransport(config.smtpUrl) : fileTransport(path.join(config.dataDir, 'mail'), log));
  }

  async enqueue(tx: Tx, recipients: string[], mail: RenderedMail): Promise<void> {
    const message = tx.manager.create(OutboxMessage, {
      id: randomUUID(),
      kind: mail.kind,
      recipients,
      // The column holds 255 characters; a longer subject (built from user input) is shortened.
      subject: mail.subject.length > 255 ? `${mail.subject.slice(0, 254)}…` : mail.subject,
      textBody: mail.text,
      attachments: mail.attachments?.length ? mail.attachments : null,
    });
    await tx.manager.insert(OutboxMessage, message);
    tx.afterCommit(() => this.kick());
  }

  /**
   * Names how attachments of a kind are made when a message is sent, so the
   * outbox keeps a reference (e.g. an invoice id) instead of the file.
   */
  registerAttachmentSource(source: string, render: AttachmentSource): void {
    this.attachmentSources.set(source, render);
  }

  private async renderAttachments(refs: MailAttachmentRef[] | null) {
    return Promise.all(
      (refs ?? []).map(async (a) => {
        const render = this.attachmentSources.get(a.source);
        if (!render) throw new Error(`no attachment source ${a.source}`);
        return { filename: a.filename, ...(await render(a.ref)) };
      }),
    );
  }

  /** Starts polling for due messages (and sends what is pending now). */
  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    this.transport.close();
  }

  /** Asks for a dispatch pass soon; passes never overlap within a process. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.dispatchDue(() => this.stopped)
        .then(() => undefined)
        .catch((err) => this.log.error({ err }, 'mail dispatch pass failed'))
        .finally(() => {
          this.running = undefined;
          if (this.stopped) return;
          const again = this.again;
          this.again = false;
          this.schedule(again ? 0 : POLL_MS);
        });
    }, ms);
    this.timer.unref();
  }

  /** One pass: claim and send every message due now (until `stop` says so). Returns how many were sent. */
  async dispatchDue(stop: () => boolean = () => false): Promise<number> {
    let sent = 0;
    for (;;) {
      const due = await this.ds.getRepository(OutboxMessage).find({
        where: { status: OutboxStatus.PENDING, nextAttemptAt: LessThanOrEqual(new Date()) },
        order: { nextAttemptAt: 'ASC' },
        take: BATCH,
      });
      if (due.length === 0) return sent;
      for (const message of due) {
        if (stop()) return sent;
        if (!(await this.claim(message))) continue;
        sent += (await this.deliver(message)) ? 1 : 0;
      }
      if (due.length < BATCH) return sent;
    }
  }

  /**
   * Takes a lease on the row with a conditional UPDATE, so only one process
   * sends it; the new attempt count fences the outcome update in `deliver`.
   */
  private async claim(message: OutboxMessage): Promise<boolean> {
    const result = await inTransaction(this.ds, (tx) =>
      tx.manager.update(
        OutboxMessage,
        { id: message.id, status: OutboxStatus.PENDING, attempts: message.attempts },
        { attempts: message.attempts + 1, nextAttemptAt: new Date(Date.now() + LEASE_MS) },
      ),
    );
    message.attempts += 1;
    return result.affected === 1;
  }

  /**
   * Sends a claimed message and records the outcome, only if the claim still
   * holds. A sent (or finally failed) message keeps its metadata for audit
   * but loses its body, which may hold a single-use link.
   */
  private async deliver(message: OutboxMessage): Promise<boolean> {
    const claimed = { id: message.id, status: OutboxStatus.PENDING, attempts: message.attempts };
    const record = async (changes: Partial<OutboxMessage>) => {
      const result = await inTransaction(this.ds, (tx) => tx.manager.update(OutboxMessage, claimed, changes));
      if (result.affected !== 1)
        this.log.warn({ mailId: message.id, kind: message.kind }, 'mail outcome not recorded: the claim expired meanwhile');
    };
    try {
      await this.transport.send({
        id: message.id,
        from: this.config.mailFrom,
        to: message.recipients,
        subject: message.subject,
        text: message.textBody,
        html: message.htmlBody,
        attachments: await this.renderAttachments(message.attachments),
      });
    } catch (err) {
      const failed = message.attempts >= MAX_ATTEMPTS;
      await record({
        status: failed ? OutboxStatus.FAILED : OutboxStatus.PENDING,
        nextAttemptAt: new Date(Date.now() + retryDelayMs(message.attempts)),
        lastError: String((err as Error)?.message ?? err).slice(0, 500),
        ...(failed ? REDACTED : {}),
      });
      this.log.warn({ mailId: message.id, kind: message.kind, attempts: message.attempts, failed }, 'mail delivery failed');
      return false;
    }
    await record({ status: OutboxStatus.SENT, sentAt: new Date(), lastError: null, ...REDACTED });
    this.log.info({ mailId: message.id, kind: message.kind, transport: this.transport.name }, 'mail sent');
    return true;
  }
}

const REDACTED = { textBody: '', htmlBody: null };
