import { IsBoolean, IsEnum, IsIn, IsOptional, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { MoneyInput } from '../../common/money';
import { PaymentMethodType } from './payment-method.entity';

@InputType()
export class AddPaymentMethodInput {
  @Field(() => PaymentMethodType)
  @IsEnum(PaymentMethodType)
  type!: PaymentMethodType;

  @Field(() => String, {
    nullable: true,
    description: "CARD and DIRECT_DEBIT: the single-use token from the gateway's payment form (never a card number)",
  })
  @IsOptional()
  @MaxLength(200)
  token?: string | null;

  @Field(() => String, { nullable: true, description: 'Name on the card or bank account' })
  @IsOptional()
  @MaxLength(200)
  holderName?: string | null;

  @Field({ defaultValue: false, description: 'Make it the default method (the first method always is)' })
  @IsBoolean()
  makeDefault!: boolean;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,100}$/;
const IDEMPOTENCY_KEY_MESSAGE =
  'idempotencyKey must be 8 to 100 letters, digits, dots, dashes, underscores or colons (e.g. a UUID)';

@InputType()
export class PayInvoiceInput {
  @Field(() => ID)
  @Length(1, 36)
  invoiceId!: string;

  @Field(() => MoneyInput, { description: "All or part of the balance, in the invoice's currency" })
  @ValidateNested()
  amount!: MoneyInput;

  @Field(() => ID, { description: 'A CARD or DIRECT_DEBIT method of the account' })
  @Length(1, 36)
  paymentMethodId!: string;

  @Field({ description: 'Chosen by the client, e.g. a UUID: retrying with the same key never charges twice' })
  @Matches(IDEMPOTENCY_KEY, { message: IDEMPOTENCY_KEY_MESSAGE })
  idempotencyKey!: string;
}

export const OFFLINE_METHOD_TYPES = [
  PaymentMethodType.WIRE_TRANSFER,
  PaymentMethodType.CHECK,
  PaymentMethodType.DIRECT_DEBIT,
] as const;

@InputType()
export class RecordOfflinePaymentInput {
  @Field(() => ID)
  @Length(1, 36)
  invoiceId!: string;

  @Field(() => MoneyInput)
  @ValidateNested()
  amount!: MoneyInput;

  @Field(() => PaymentMethodType, { description: 'WIRE_TRANSFER, CHECK or DIRECT_DEBIT (ACH)' })
  @IsIn(OFFLINE_METHOD_TYPES, { message: 'method must be WIRE_TRANSFER, CHECK or DIRECT_DEBIT' })
  method!: PaymentMethodType;

  @Field({ description: 'The wire, cheque or ACH reference' })
  @Length(1, 100)
  @Matches(/\S/, { message: 'reference must not be blank' })
  reference!: string;

  @Field(() => LocalDateResolver, { description: 'When the money arrived (not in the future)' })
  receivedOn!: string;

  @Field()
  @Matches(IDEMPOTENCY_KEY, { message: IDEMPOTENCY_KEY_MESSAGE })
  idempotencyKey!: string;
}

@ObjectType({ description: "Where to send a wire transfer or a cheque: the vendor's remittance details" })
export class RemittanceInstructions {
  @Field() bankName!: string;
  @Field() accountName!: string;
  @Field() iban!: string;
  @Field({ description: 'SWIFT/BIC' }) swift!: string;
  @Field({ description: 'Cheques payable to' }) checkPayableTo!: string;
  @Field(() => [String]) checkMailingAddress!: string[];
  @Field({ description: 'What to quote with the payment' }) reference!: string;
}
