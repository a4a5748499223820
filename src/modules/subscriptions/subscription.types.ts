import {
  ArrayMaxSize,
  IsBoolean,
  IsInt,
  IsISO4217CurrencyCode,
  IsOptional,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CurrencyResolver, LocalDateResolver, SafeIntResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'A price per seat per year in one currency' })
export class PriceInput {
  @Field(() => CurrencyResolver)
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code' })
  currency!: string;

  @Field(() => SafeIntResolver, { description: 'Minor units (cents)' })
  @IsInt()
  @Min(0)
  unitPriceMinor!: number;
}

@InputType()
export class CreateProductInput {
  @Field({ description: 'Upper-case letters, digits, dash and underscore, e.g. ANALYTICS-PRO' })
  @Matches(/^[A-Z0-9][A-Z0-9_-]{1,39}$/, {
    message: 'code must be 2 to 40 upper-case letters, digits, dashes or underscores',
  })
  code!: string;

  @Field()
  @Length(1, 200)
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  description?: string | null;

  @Field(() => [PriceInput])
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  prices!: PriceInput[];
}

@InputType({ description: 'Product fields to change; prices, when given, replace all prices' })
export class UpdateProductInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  description?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;

  @Field(() => [PriceInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  prices?: PriceInput[] | null;
}

@InputType()
export class SubscriptionItemInput {
  @Field(() => ID)
  productId!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  seats!: number;
}

@InputType()
export class CreateSubscriptionInput {
  @Field(() => LocalDateResolver)
  termStart!: string;

  @Field(() => LocalDateResolver, { description: 'Last day of the term' })
  termEnd!: string;

  @Field({ defaultValue: true })
  @IsBoolean()
  autoRenew: boolean = true;

  @Field(() => [SubscriptionItemInput])
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  items!: SubscriptionItemInput[];
}

@InputType()
export class CancelSubscriptionInput {
  @Field({ defaultValue: false, description: 'End it now; otherwise at the end of the current term' })
  @IsBoolean()
  immediately: boolean = false;

  @Field()
  @Length(1, 500)
  reason!: string;
}

@InputType({ description: 'The new term; by default one year from today' })
export class ReactivateSubscriptionInput {
  @IsOptional()
  @Field(() => LocalDateResolver, { nullable: true })
  termStart?: string | null;

  @IsOptional()
  @Field(() => LocalDateResolver, { nullable: true })
  termEnd?: string | null;
}

/** A seat change asked for by another module (an accepted quote). */
export interface SeatChange {
  productId: string;
  delta: number;
}
