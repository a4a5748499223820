import { randomUUID } from 'node:crypto';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, RefColumn, StatusColumn, TimeColumn } from '../../common/columns';
import { PortalRole, Role } from '../../common/roles';

export enum UserStatus {
  INVITED = 'INVITED',
  ACTIVE = 'ACTIVE',
  DISABLED = 'DISABLED',
}
registerEnumType(UserStatus, { name: 'UserStatus' });

/**
 * A person who logs in to the portal. The billing user ID is its own
 * namespace, separate from any product login. The password hash and the
 * session version never become GraphQL fields.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A user of the Corporate Billing Portal' })
@Entity('billing_user')
@Index('IDX_billing_user_key', ['userIdKey'], { unique: true })
@Index('IDX_billing_user_account', ['accountId'])
@Index('IDX_billing_user_primary', ['primaryAccountId'], { unique: true })
export class BillingUser {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @Field({ description: 'The billing user ID used to log in (username or e-mail format), as entered' })
  @Column({ name: 'billing_user_id', type: 'varchar', length: 254 })
  billingUserId!: string;

  /** The billing user ID folded for case-insensitive uniqueness and look-up. */
  @Column({ name: 'user_id_key', type: 'varchar', length: 254 })
  userIdKey!: string;

  @Field({ description: 'Where invitation and password reset e-mails go' })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Field()
  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName!: string;

  @Field(() => Role)
  @Column({ type: 'varchar', length: 20 })
  role!: Role;

  /** Billing contacts only: what they may do in their account's portal; null for staff. */
  @Field(() => PortalRole, { nullable: true, description: "A billing contact's role in their account's portal" })
  @Column({ name: 'portal_role', type: 'varchar', length: 20, nullable: true })
  portalRole: PortalRole | null = null;

  /**
   * The account whose billing contact this user is (the one named on
   * invoices), else null: a unique column, so an account has at most one.
   */
  @RefColumn({ name: 'primary_account_id', nullable: true })
  primaryAccountId: string | null = null;

  /** Which e-mails a billing contact receives; null follows their portal role's default (see mail-preferences.ts). */
  @Column({ name: 'mail_invoices', type: 'boolean', nullable: true })
  mailInvoices: boolean | null = null;

  @Column({ name: 'mail_receipts', type: 'boolean', nullable: true })
  mailReceipts: boolean | null = null;

  @Column({ name: 'mail_quotes', type: 'boolean', nullable: true })
  mailQuotes: boolean | null = null;

  @Column({ name: 'mail_reminders', type: 'boolean', nullable: true })
  mailReminders: boolean | null = null;

  /** Set for billing contacts only. Exposed as `account` by a field resolver. */
  @ForeignKey('CorporateAccount', { onDelete: 'RESTRICT' })
  @RefColumn({ name: 'account_id', nullable: true })
  accountId!: string | null;

  @Field(() => UserStatus)
  @StatusColumn()
  status: UserStatus = UserStatus.INVITED;

  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true })
  passwordHash!: string | null;

  /**
   * The language of a staff member's e-mails (a supported locale such as
   * it-IT); null is English. Billing contacts get their account's locale.
   */
  @Column({ type: 'varchar', length: 10, nullable: true })
  locale: string | null = null;

  /** Bumped to end every session at once; access tokens carry it. */
  @Column({ name: 'session_version', type: 'integer', default: 0 })
  sessionVersion: number = 0;

  @Field()
  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();

  @TimeColumn({ name: 'updated_at' })
  updatedAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @TimeColumn({ name: 'activated_at', nullable: true })
  activatedAt!: Date | null;
}
