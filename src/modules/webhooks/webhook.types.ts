import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEnum,
  IsOptional,
  IsString,
  Length,
  MaxLength,
} from 'class-validator';
import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { Connection } from '../../common/pagination';
import { WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from './webhook.entity';

@InputType({ description: "A URL of the vendor's systems and the events it receives" })
export class CreateWebhookEndpointInput {
  @Field({ description: 'https:// (plain http only with WEBHOOK_ALLOW_HTTP); must not reach private networks' })
  @Length(1, 2000)
  url!: string;

  @Field(() => [String], { description: 'Event types from the catalogue, e.g. ["quote.accepted", "invoice.paid"]' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  events!: string[];

  @Field(() => ID, { nullable: true, description: "Only this account's events; every account's when left out" })
  @IsOptional()
  @MaxLength(36)
  accountId?: string | null;

  @Field({ defaultValue: '' })
  @MaxLength(255)
  description: string = '';
}

@InputType({ description: 'What to change of an endpoint; what is left out stays' })
export class UpdateWebhookEndpointInput {
  @Field(() => ID)
  @MaxLength(36)
  id!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 2000)
  url?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  events?: string[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(255)
  description?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'false disables it (nothing is sent); true enables it again and forgets its failures',
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean | null;
}

@ObjectType({ description: 'An endpoint and its signing secret, shown this once' })
export class WebhookEndpointWithSecret {
  @Field(() => WebhookEndpoint)
  endpoint!: WebhookEndpoint;

  @Field({ description: 'The signing secret (whsec_…): keep it, it is not shown again' })
  secret!: string;
}

@ArgsType()
export class WebhookDeliveriesArgs {
  @Field(() => ID)
  @MaxLength(36)
  endpointId!: string;

  @Field(() => WebhookDeliveryStatus, { nullable: true })
  @IsOptional()
  @IsEnum(WebhookDeliveryStatus)
  status?: WebhookDeliveryStatus | null;
}

export const WebhookDeliveryConnection = Connection(WebhookDelivery, 'WebhookDelivery');
