import { Field, InputType, ObjectType } from 'type-graphql';
import { IsBoolean, IsOptional } from 'class-validator';
import { PortalRole, Role } from '../../common/roles';
import type { BillingUser } from './billing-user.entity';

/** The kinds of e-mail a portal user chooses to receive or not (security e-mails always go out). */
export type MailTopic = 'invoices' | 'receipts' | 'quotes' | 'reminders';
export const MAIL_TOPICS: readonly MailTopic[] = ['invoices', 'receipts', 'quotes', 'reminders'];

const COLUMNS = {
  invoices: 'mailInvoices',
  receipts: 'mailReceipts',
  quotes: 'mailQuotes',
  reminders: 'mailReminders',
} as const satisfies Record<MailTopic, keyof BillingUser>;

/**
 * What each portal role receives until the user chooses: an ADMIN everything;
 * a PAYER what they pay (invoices and receipts); a VIEWER invoices.
 */
export const DEFAULT_MAIL_PREFERENCES: Record<PortalRole, Record<MailTopic, boolean>> = {
  [PortalRole.ADMIN]: { invoices: true, receipts: true, quotes: true, reminders: true },
  [PortalRole.PAYER]: { invoices: true, receipts: true, quotes: false, reminders: false },
  [PortalRole.VIEWER]: { invoices: true, receipts: false, quotes: false, reminders: false },
};

/** Whether a billing contact receives this kind of e-mail: their own choice, else their role's default. */
export function receivesMail(user: BillingUser, topic: MailTopic): boolean {
  return user.role === Role.BILLING_CONTACT && (user[COLUMNS[topic]] ?? defaultsOf(user)[topic]);
}

function defaultsOf(user: BillingUser): Record<MailTopic, boolean> {
  return DEFAULT_MAIL_PREFERENCES[user.portalRole ?? PortalRole.VIEWER];
}

/** The column changes for a preferences input: a topic left out stays, null returns it to the role's default. */
export function preferenceChanges(input: EmailPreferencesInput): Partial<BillingUser> {
  const changes: Partial<Record<(typeof COLUMNS)[MailTopic], boolean | null>> = {};
  for (const topic of MAIL_TOPICS) if (input[topic] !== undefined) changes[COLUMNS[topic]] = input[topic];
  return changes;
}

@ObjectType({ description: 'Which e-mails a portal user receives (security e-mails always go out)' })
export class EmailPreferences {
  @Field({ description: 'A new invoice' })
  invoices!: boolean;

  @Field({ description: 'The receipt of a payment' })
  receipts!: boolean;

  @Field({ description: 'A quote sent or withdrawn' })
  quotes!: boolean;

  @Field({ description: 'Reminders: purchase orders about to expire' })
  reminders!: boolean;

  @Field({ description: 'True while every choice is the portal role’s default' })
  defaults!: boolean;
}

/** A user's preferences as shown: each topic's effective value. */
export function emailPreferencesOf(user: BillingUser): EmailPreferences {
  const shown = Object.fromEntries(MAIL_TOPICS.map((t) => [t, receivesMail(user, t)])) as Record<MailTopic, boolean>;
  return { ...shown, defaults: MAIL_TOPICS.every((t) => user[COLUMNS[t]] === null) };
}

@InputType({
  description:
    "Which e-mails to receive: a field left out stays as it is, null returns it to the portal role's default",
})
export class EmailPreferencesInput {
  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  invoices?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  receipts?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  quotes?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  reminders?: boolean | null;
}
