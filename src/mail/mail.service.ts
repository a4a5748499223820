import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { MAX_MAIL_SEND_TIMEOUT_MS, type Config } from '../config';
import { systemClock, type Clock } from '../common/clock';
import type { Logger } from '../common/logger';
import { logBackgroundFailure } from '../common/db-availability';
import { PassLoop } from '../common/pass-loop';
import { inTransaction, type Tx } from '../common/transactions';
import { OutboxMessage, OutboxStatus, type MailAttachmentRef } from './outbox.entity';
import { outboxStatusMachine } from './outbox.state';
import type { RenderedMail } from './layout';
import { fileTransport, smtpTransport, type MailTransport } from './transports';

/** 10 s doubling to 1 h, then hourly: 30 attempts keep a message for about a day of SMTP outage. */
export const MAX_ATTEMPTS = 30;

/** Renders one attachment from its reference when the message is sent. */
export type AttachmentSource = (ref: string) => Promise<{ content: Buffer; contentType: string }>;
/**
 * How long a claimed message is reserved for the process that claimed it.
 * It outlasts the per-message deadline (MAIL_SEND_TIMEOUT_MS, at most
 * MAX_MAIL_SEND_TIMEOUT_MS) by half a minute for the claim and the outcome
 * update, so a second process never sends a message whose send is running.
 */
const LEASE_MS = 120_000;
const POLL_MS = 5_000;
const BATCH = 20;

/** Wait before attempt n+1: 10 s, 20 s, 40 s ... capped at one hour. */
export const retryDelayMs = (attempts: number) => Math.min(10_000 * 2 ** Math.max(attempts - 1, 0), 3_600_000);

/** The dispatcher gave up waiting for a send: MAIL_SEND_TIMEOUT_MS passed. */
class SendTimedOut extends Error {}

/** The error text kept in `lastError`: a timeout says so, whichever layer noticed it. */
function describeFailure(err: unknown): string {
  const e = err as { message?: string; code?: string } | undefined;
  const text = String(e?.message ?? err);
  const timedOut = e?.code === 'ETIMEDOUT' && !/timed out/i.test(text);
  return (timedOut ? `timed out: ${text}` : text).slice(0, 500);
}

/**
 * The outbox: `enqueue` writes a message in the caller's transaction and wakes
 * the dispatcher after commit; the dispatcher claims due rows, sends up to
 * MAIL_SEND_CONCURRENCY of them at a time, each within MAIL_SEND_TIMEOUT_MS,
 * marks them sent, and retries failures (timeouts included) with backoff.
 * A slot that frees takes the next due message at once, so a message that
 * hangs holds one slot for at most the deadline and never the others.
 */
export class MailService {
  private readonly transport: MailTransport;
  private readonly concurrency: number;
  private readonly sendTimeoutMs: number;
  /** The background claim passes (never overlapping within a process). */
  private readonly loop: PassLoop;
  /** Ids of the messages the background loop is sending (one send slot each). */
  private readonly inFlight = new Set<string>();
  /** Every delivery under way (background or `dispatchDue`), until its outcome is recorded. */
  private readonly deliveries = new Set<Promise<unknown>>();
  private readonly attachmentSources = new Map<string, AttachmentSource>();

  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
    private readonly log: Logger,
    transport?: MailTransport,
    private readonly clock: Clock = systemClock,
  ) {
    this.loop = new PassLoop(
      () => this.fill(),
      POLL_MS,
      (err) => logBackgroundFailure(this.ds, this.log, err, 'mail dispatch pass failed'),
    );
    this.concurrency = config.mail.concurrency;
    this.sendTimeoutMs = config.mail.sendTimeoutMs;
    if (!(
      this.sendTimeoutMs > 0 &&
      this.sendTimeoutMs <= MAX_MAIL_SEND_TIMEOUT_MS &&
      MAX_MAIL_SEND_TIMEOUT_MS < LEASE_MS
    ))
      throw new Error(
        `mail send timeout ${this.sendTimeoutMs} ms must be positive and at most ${MAX_MAIL_SEND_TIMEOUT_MS} ms (the lease is ${LEASE_MS} ms)`,
      );
    this.transport =
      transport ??
      (config.smtpUrl
        ? smtpTransport(config.smtpUrl, config.mail)
        : fileTransport(path.join(config.dataDir, 'mail'), log));
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
      nextAttemptAt: this.clock.now(),
      createdAt: this.clock.now(),
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
    this.loop.start();
  }

  /**
   * Stops claiming, waits for the sends under way and their recorded outcome
   * (each send ends within MAIL_SEND_TIMEOUT_MS of its start, however the
   * server behaves: a hung one is recorded as timed out, pending, and retried
   * later), then closes the transport.
   */
  async stop(): Promise<void> {
    await this.loop.stop();
    await Promise.all([...this.deliveries]);
    this.transport.close();
  }

  /** Asks for a claim pass soon: free send slots take the messages due now. */
  kick(): void {
    this.loop.kick();
  }

  private get stopped(): boolean {
    return this.loop.stopped;
  }

  /** Claims due messages into the free send slots and starts them; a finished send kicks again. */
  private async fill(): Promise<void> {
    while (!this.stopped && this.inFlight.size < this.concurrency) {
      const free = this.concurrency - this.inFlight.size;
      const due = await this.due(free);
      let claimed = 0;
      for (const message of due) {
        if (this.stopped) return;
        if (this.inFlight.has(message.id) || !(await this.claim(message))) continue;
        claimed += 1;
        this.inFlight.add(message.id);
        void this.deliver(message).then(() => {
          this.inFlight.delete(message.id);
          this.kick();
        });
      }
      // Nothing claimable (sends of this process whose lease the clock passed, another process's claims):
      // reading the same rows again would spin without letting those sends finish. The next kick or poll retries.
      if (due.length < free || claimed === 0) return;
    }
  }

  private due(take: number): Promise<OutboxMessage[]> {
    return this.ds.getRepository(OutboxMessage).find({
      where: { status: OutboxStatus.PENDING, nextAttemptAt: LessThanOrEqual(this.clock.now()) },
      order: { nextAttemptAt: 'ASC' },
      take,
    });
  }

  /**
   * One pass (for jobs and tests): claim and send every message due now, up
   * to MAIL_SEND_CONCURRENCY at a time, until `stop` says so. Returns how many were sent.
   */
  async dispatchDue(stop: () => boolean = () => false): Promise<number> {
    let sent = 0;
    for (;;) {
      const due = await this.due(BATCH);
      if (due.length === 0) return sent;
      const queue = [...due];
      let claimed = 0;
      const worker = async () => {
        for (let message = queue.shift(); message; message = queue.shift()) {
          if (stop()) return;
          if (!(await this.claim(message))) continue;
          claimed += 1;
          sent += (await this.deliver(message)) ? 1 : 0;
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.concurrency, due.length) }, worker));
      if (due.length < BATCH || claimed === 0 || stop()) return sent;
    }
  }

  /**
   * Takes a lease on the row with a conditional UPDATE, so only one process
   * sends it; the new attempt count fences the outcome update in `deliver`.
   */
  private async claim(message: OutboxMessage): Promise<boolean> {
    const claimed = await inTransaction(this.ds, (tx) =>
      outboxStatusMachine.update(
        tx.manager,
        OutboxMessage,
        { id: message.id, attempts: message.attempts },
        OutboxStatus.PENDING,
        { attempts: message.attempts + 1, nextAttemptAt: new Date(this.clock.now().getTime() + LEASE_MS) },
      ),
    );
    message.attempts += 1;
    return claimed;
  }

  /**
   * Renders and sends one message, giving up after MAIL_SEND_TIMEOUT_MS even
   * if the transport ignores its own timeouts (the abort signal tells it to
   * drop the connection; a transport that ignores that too is left behind).
   * Rejects with SendTimedOut on the deadline.
   */
  private async send(message: OutboxMessage): Promise<void> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new SendTimedOut(`timed out: no answer within ${this.sendTimeoutMs} ms (MAIL_SEND_TIMEOUT_MS)`);
        reject(err);
        controller.abort(err);
      }, this.sendTimeoutMs);
    });
    const work = (async () => {
      const attachments = await this.renderAttachments(message.attachments);
      controller.signal.throwIfAborted();
      await this.transport.send(
        {
          id: message.id,
          from: this.config.mailFrom,
          to: message.recipients,
          subject: message.subject,
          text: message.textBody,
          html: message.htmlBody,
          attachments,
        },
        controller.signal,
      );
    })();
    try {
      await Promise.race([work, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * `send` and `record`, tracked until the outcome is recorded (so `stop`
   * can wait for it); a failure to record is logged (the lease then expires
   * and the message is sent again).
   */
  private deliver(message: OutboxMessage): Promise<boolean> {
    const done = this.sendAndRecord(message).catch((err) => {
      this.log.error({ err, mailId: message.id }, 'mail outcome not recorded');
      return false;
    });
    this.deliveries.add(done);
    void done.finally(() => this.deliveries.delete(done));
    return done;
  }

  /**
   * Sends a claimed message and records the outcome, only if the claim still
   * holds. A sent (or finally failed) message keeps its metadata for audit
   * but loses its body, which may hold a single-use link.
   */
  private async sendAndRecord(message: OutboxMessage): Promise<boolean> {
    const claimed = { id: message.id, attempts: message.attempts };
    const record = async (status: OutboxStatus, changes: Partial<OutboxMessage>) => {
      const recorded = await inTransaction(this.ds, (tx) =>
        outboxStatusMachine.update(tx.manager, OutboxMessage, claimed, status, changes),
      );
      if (!recorded)
        this.log.warn(
          { mailId: message.id, kind: message.kind },
          'mail outcome not recorded: the claim expired meanwhile',
        );
    };
    try {
      await this.send(message);
    } catch (err) {
      const failed = message.attempts >= MAX_ATTEMPTS;
      const lastError = err instanceof SendTimedOut ? err.message : describeFailure(err);
      await record(failed ? OutboxStatus.FAILED : OutboxStatus.PENDING, {
        nextAttemptAt: new Date(this.clock.now().getTime() + retryDelayMs(message.attempts)),
        lastError,
        ...(failed ? REDACTED : {}),
      });
      this.log.warn(
        {
          mailId: message.id,
          kind: message.kind,
          attempts: message.attempts,
          failed,
          timedOut: /^timed out/.test(lastError),
        },
        'mail delivery failed',
      );
      return false;
    }
    await record(OutboxStatus.SENT, { sentAt: this.clock.now(), lastError: null, ...REDACTED });
    this.log.info({ mailId: message.id, kind: message.kind, transport: this.transport.name }, 'mail sent');
    return true;
  }
}

const REDACTED = { textBody: '', htmlBody: null };
