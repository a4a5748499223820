import {
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsISO4217CurrencyCode,
  IsOptional,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../common/pagination';
import { NewBillingContactInput } from '../identity';
import { AccountActivity } from './account-activity.entity';
import { AccountStatus, BillingFrequency, CorporateAccount, SUPPORTED_LOCALES } from './corporate-account.entity';

@ObjectType({ description: 'Where the bills of an account go' })
export class BillTo {
  @Field(() => String, { nullable: true })
  contactName!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true })
  companyName!: string | null;

  @Field(() => String, { nullable: true })
  addressLine1!: string | null;

  @Field(() => String, { nullable: true })
  addressLine2!: string | null;

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => String, { nullable: true })
  region!: string | null;

  @Field(() => String, { nullable: true })
  postalCode!: string | null;

  @Field({ description: 'ISO 3166-1 alpha-2; only staff change it' })
  country!: string;

  @Field(() => String, { nullable: true, description: 'E.164, e.g. +390212345678' })
  phone!: string | null;
}

@InputType({ description: 'Bill To fields to change; omitted fields stay as they are, null clears an optional one' })
export class BillToInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  contactName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  companyName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  addressLine1?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  addressLine2?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  city?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  region?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20)
  postalCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Staff only: a billing contact who sends it gets COUNTRY_LOCKED',
  })
  @IsOptional()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code' })
  country?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "International (+39 02 1234 5678) or national for the account's country",
  })
  @IsOptional()
  @MaxLength(40)
  phone?: string | null;
}

@InputType({ description: 'A new corporate account and its billing contact' })
export class CreateCorporateAccountInput {
  @Field()
  @Length(1, 200)
  organisationName!: string;

  @Field({ description: 'ISO 3166-1 alpha-2' })
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code' })
  country!: string;

  @Field({ description: 'ISO 4217' })
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code' })
  currency!: string;

  @Field({ defaultValue: 'en-US', description: `One of ${SUPPORTED_LOCALES.join(', ')}` })
  @IsIn(SUPPORTED_LOCALES, { message: `locale must be one of ${SUPPORTED_LOCALES.join(', ')}` })
  locale: string = 'en-US';

  @Field(() => Int, { defaultValue: 30 })
  @IsInt()
  @Min(0)
  @Max(365)
  paymentTermsDays: number = 30;

  @Field(() => BillingFrequency, { defaultValue: BillingFrequency.ANNUAL })
  @IsEnum(BillingFrequency)
  billingFrequency: BillingFrequency = BillingFrequency.ANNUAL;

  @Field(() => ID, {
    nullable: true,
    description: 'Account services: the sales rep to assign. A sales rep is assigned to the accounts they create.',
  })
  @IsOptional()
  salesRepId?: string | null;

  @Field(() => BillToInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  billTo?: BillToInput | null;

  @Field(() => NewBillingContactInput)
  @ValidateNested()
  billingContact!: NewBillingContactInput;
}

/** Account fields for fixtures and seeding (no invitation). */
export interface AccountSeed {
  organisationName: string;
  accountNumber?: string;
  country?: string;
  currency?: string;
  locale?: string;
  salesRepId?: string | null;
  paymentTermsDays?: number;
  billingFrequency?: BillingFrequency;
}

@InputType({ description: 'Account terms only staff change' })
export class UpdateAccountInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  organisationName?: string | null;

  @Field(() => BillingFrequency, { nullable: true })
  @IsOptional()
  @IsEnum(BillingFrequency)
  billingFrequency?: BillingFrequency | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  paymentTermsDays?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(SUPPORTED_LOCALES, { message: `locale must be one of ${SUPPORTED_LOCALES.join(', ')}` })
  locale?: string | null;
}

@InputType()
export class AccountFilter {
  @Field(() => String, {
    nullable: true,
    description: 'The start of the organisation name, or the whole account number, in any case',
  })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;

  @Field(() => String, { nullable: true, description: "The billing contact's e-mail (exact, case-insensitive)" })
  @IsOptional()
  @MaxLength(254)
  billingContactEmail?: string | null;

  @Field(() => AccountStatus, { nullable: true })
  @IsOptional()
  @IsEnum(AccountStatus)
  status?: AccountStatus | null;
}

@ArgsType()
export class AccountsArgs {
  @Field(() => AccountFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: AccountFilter | null;
}

@InputType()
export class AddInvoiceRecipientInput {
  @Field()
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;
}

export const CorporateAccountConnection = Connection(CorporateAccount, 'CorporateAccount');
export const AccountActivityConnection = Connection(AccountActivity, 'AccountActivity');

/** The fields of a corporate account that are Bill To, as stored. */
export const BILL_TO_COLUMNS = {
  contactName: 'billToContactName',
  email: 'billToEmail',
  companyName: 'billToCompany',
  addressLine1: 'billToLine1',
  addressLine2: 'billToLine2',
  city: 'billToCity',
  region: 'billToRegion',
  postalCode: 'billToPostalCode',
  phone: 'billToPhone',
} as const satisfies Record<Exclude<keyof BillToInput, 'country'>, keyof CorporateAccount>;
