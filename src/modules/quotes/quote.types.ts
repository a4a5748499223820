import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEnum,
  IsInt,
  IsOptional,
  Length,
  Max,
  MaxLength,
  Min,
  NotEquals,
  ValidateNested,
} from 'class-validator';
import { LocalDateResolver, SafeIntResolver } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { Connection } from '../../common/pagination';
import { Quote, QuoteStatus, RejectReason } from './quote.entity';

@InputType()
export class QuoteLineInput {
  @Field(() => ID, { description: 'A catalogue product' })
  @Length(1, 36)
  productId!: string;

  @Field(() => Int, { description: 'Seats to add (positive) or remove (negative)' })
  @IsInt()
  @NotEquals(0, { message: 'seatChange must not be 0' })
  @Min(-100_000)
  @Max(100_000)
  seatChange!: number;

  @Field(() => SafeIntResolver, {
    nullable: true,
    description: "Price per seat for the line's term, instead of the catalogue's",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_00)
  unitPriceOverrideMinor?: number | null;

  @Field(() => Int, { defaultValue: 0, description: 'Discount in basis points (1000 = 10%)' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  discountBasisPoints!: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  description?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Defaults to today (or the term start, if later)' })
  periodStart?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: "Defaults to the end of the subscription's term" })
  periodEnd?: string | null;
}

@InputType()
export class QuoteDraftInput {
  @Field(() => LocalDateResolver, { description: 'The last day the quote can be accepted' })
  expiresOn!: string;

  @Field(() => String, { nullable: true, description: 'A note to the customer' })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;

  @Field(() => [QuoteLineInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  lines!: QuoteLineInput[];
}

@InputType()
export class CreateQuoteInput extends QuoteDraftInput {
  @Field(() => ID)
  @Length(1, 36)
  accountId!: string;
}

@InputType()
export class QuoteFilter {
  @Field(() => QuoteStatus, { nullable: true })
  @IsOptional()
  @IsEnum(QuoteStatus)
  status?: QuoteStatus | null;

  @Field(() => ID, { nullable: true, description: 'Staff: one account' })
  @IsOptional()
  @MaxLength(36)
  accountId?: string | null;
}

@ArgsType()
export class QuotesArgs {
  @Field(() => QuoteFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: QuoteFilter | null;
}

@InputType()
export class RejectQuoteInput {
  @Field(() => ID)
  @Length(1, 36)
  id!: string;

  @Field(() => RejectReason)
  @IsEnum(RejectReason)
  reason!: RejectReason;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1000)
  comment?: string | null;
}

export const QuoteConnection = Connection(Quote, 'Quote');
