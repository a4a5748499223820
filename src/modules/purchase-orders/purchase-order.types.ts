import { IsBoolean, IsInt, IsOptional, Length, MaxLength, Min } from 'class-validator';
import { LocalDateResolver, SafeIntResolver } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';

@InputType()
export class CreatePurchaseOrderInput {
  @Field({ description: "The customer's PO number" })
  @Length(1, 60)
  number!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  description?: string | null;

  @Field(() => LocalDateResolver)
  validFrom!: string;

  @Field(() => LocalDateResolver, { description: 'Last day the PO can be used; not before validFrom' })
  expiresOn!: string;

  @Field(() => SafeIntResolver, {
    nullable: true,
    description: "Spending ceiling in minor units of the account's currency",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  ceilingMinor?: number | null;

  @Field({ defaultValue: false, description: 'Make it the default PO for new invoices' })
  @IsBoolean()
  makeDefault: boolean = false;
}

@InputType({ description: 'PO fields to change; omitted fields stay as they are' })
export class UpdatePurchaseOrderInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 60)
  number?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  description?: string | null;

  @Field(() => LocalDateResolver, { nullable: true })
  validFrom?: string | null;

  @Field(() => LocalDateResolver, { nullable: true })
  expiresOn?: string | null;

  @Field(() => SafeIntResolver, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  ceilingMinor?: number | null;
}
