import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEnum,
  IsInt,
  IsOptional,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { LocalDateResolver, SafeIntResolver } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { Connection } from '../../common/pagination';
import { Invoice, InvoiceStatus } from './invoice.entity';

@InputType()
export class InvoiceLineInput {
  @Field()
  @Length(1, 500)
  description!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(40)
  productCode?: string | null;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity!: number;

  @Field(() => SafeIntResolver, { description: 'Minor units of the account currency' })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_00)
  unitPriceMinor!: number;

  @Field(() => Int, { description: 'Tax rate in basis points (2200 = 22%)' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  taxRateBasisPoints!: number;

  @Field(() => LocalDateResolver, { nullable: true })
  periodStart?: string | null;

  @Field(() => LocalDateResolver, { nullable: true })
  periodEnd?: string | null;
}

@InputType()
export class IssueInvoiceInput {
  @Field(() => ID)
  @Length(1, 36)
  accountId!: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Defaults to today (UTC)' })
  issueDate?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "A PO number to quote; by default the account's default PO if active",
  })
  @IsOptional()
  @Length(1, 60)
  purchaseOrderNumber?: string | null;

  @Field(() => [InvoiceLineInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  lines!: InvoiceLineInput[];
}

@InputType()
export class InvoiceFilter {
  @Field(() => InvoiceStatus, { nullable: true })
  @IsOptional()
  @IsEnum(InvoiceStatus)
  status?: InvoiceStatus | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The start of the invoice number or of the PO number, in any case (INV-2026 finds INV-2026-000001, po-7 finds PO-7731)',
  })
  @IsOptional()
  @MaxLength(60)
  @Matches(/\S/, { message: 'search must not be blank' })
  search?: string | null;

  @Field(() => ID, { nullable: true, description: 'Staff: one account' })
  @IsOptional()
  @MaxLength(36)
  accountId?: string | null;
}

@ArgsType()
export class InvoicesArgs {
  @Field(() => InvoiceFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: InvoiceFilter | null;
}

export const InvoiceConnection = Connection(Invoice, 'Invoice');
