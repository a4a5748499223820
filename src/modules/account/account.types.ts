import { IsOptional, Length, Matches } from 'class-validator';
import { Field, InputType } from 'type-graphql';

@InputType({ description: 'A new corporate account' })
export class CreateAccountInput {
  @Field()
  @Length(1, 200)
  organisationName!: string;

  @Field({ nullable: true, description: 'Leave empty to have one allocated (CA-########)' })
  @IsOptional()
  @Matches(/^[A-Z0-9][A-Z0-9-]{2,31}$/, { message: 'accountNumber must be 3 to 32 upper-case letters, digits or dashes' })
  accountNumber?: string;
}
