import { randomUUID } from 'node:crypto';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, VersionColumn } from 'typeorm';
import { IdColumn, RefColumn, StatusColumn, TimeColumn } from '../../common/columns';

export enum AccountStatus {
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(AccountStatus, { name: 'AccountStatus' });

export enum BillingFrequency {
  ANNUAL = 'ANNUAL',
  SEMI_ANNUAL = 'SEMI_ANNUAL',
  QUARTERLY = 'QUARTERLY',
  MONTHLY = 'MONTHLY',
}
registerEnumType(BillingFrequency, { name: 'BillingFrequency' });

/** The locales documents and e-mails are written in (defined with the languages, in common/locale-format). */
export { SUPPORTED_LOCALES } from '../../common/locale-format';

/**
 * A corporate (offline) account managed by a sales representative. Bill To
 * is kept in flat columns and exposed as `billTo`; the billing contact and
 * the sales rep are users of the Identity module, referenced by id.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A corporate account managed by a sales representative' })
@Entity('corporate_account')
@Index('IDX_corporate_account_number', ['accountNumber'], { unique: true })
@Index('IDX_corporate_account_rep', ['salesRepId'])
@Index('IDX_corporate_account_name', ['organisationName', 'id'])
// The search's, per database (migrations/1764400050000).
@Index('IDX_corporate_account_name_search', { synchronize: false })
@Index('IDX_corporate_account_number_search', { synchronize: false })
export class CorporateAccount {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @Field({ description: 'The vendor-assigned account number, e.g. CA-10000001' })
  @Column({ name: 'account_number', type: 'varchar', length: 32 })
  accountNumber!: string;

  @Field()
  @Column({ name: 'organisation_name', type: 'varchar', length: 200 })
  organisationName!: string;

  @Field(() => AccountStatus)
  @StatusColumn({ default: AccountStatus.ACTIVE })
  status: AccountStatus = AccountStatus.ACTIVE;

  @Field({ description: 'ISO 3166-1 alpha-2 country of the account (and of its Bill To address)' })
  @Column({ type: 'varchar', length: 2, default: 'US' })
  country: string = 'US';

  @Field({ description: 'ISO 4217 currency the account is billed in' })
  @Column({ type: 'varchar', length: 3, default: 'USD' })
  currency: string = 'USD';

  @Field({ description: 'Language and formats of documents and e-mails: en-US or it-IT' })
  @Column({ type: 'varchar', length: 10, default: 'en-US' })
  locale: string = 'en-US';

  @Field(() => BillingFrequency)
  @Column({ name: 'billing_frequency', type: 'varchar', length: 20, default: BillingFrequency.ANNUAL })
  billingFrequency: BillingFrequency = BillingFrequency.ANNUAL;

  @Field(() => Int, { description: 'Days between issue and due date of an invoice' })
  @Column({ name: 'payment_terms_days', type: 'integer', default: 30 })
  paymentTermsDays: number = 30;

  @RefColumn({ name: 'sales_rep_id', nullable: true })
  salesRepId: string | null = null;

  @Column({ name: 'bill_to_contact_name', type: 'varchar', length: 200, nullable: true })
  billToContactName: string | null = null;

  @Column({ name: 'bill_to_email', type: 'varchar', length: 254, nullable: true })
  billToEmail: string | null = null;

  @Column({ name: 'bill_to_company', type: 'varchar', length: 200, nullable: true })
  billToCompany: string | null = null;

  @Column({ name: 'bill_to_line1', type: 'varchar', length: 200, nullable: true })
  billToLine1: string | null = null;

  @Column({ name: 'bill_to_line2', type: 'varchar', length: 200, nullable: true })
  billToLine2: string | null = null;

  @Column({ name: 'bill_to_city', type: 'varchar', length: 100, nullable: true })
  billToCity: string | null = null;

  @Column({ name: 'bill_to_region', type: 'varchar', length: 100, nullable: true })
  billToRegion: string | null = null;

  @Column({ name: 'bill_to_postal_code', type: 'varchar', length: 20, nullable: true })
  billToPostalCode: string | null = null;

  @Column({ name: 'bill_to_phone', type: 'varchar', length: 20, nullable: true })
  billToPhone: string | null = null;

  @Field()
  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();

  @TimeColumn({ name: 'updated_at' })
  updatedAt: Date = new Date();

  /** Grows by one with every change of the row (TypeORM's UPDATEs and saves bump it): events carry it. Not in the API. */
  @VersionColumn({ type: 'integer', default: 1 })
  version: number = 1;
}
