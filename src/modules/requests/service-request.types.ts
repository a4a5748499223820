import { IsEnum, IsOptional, Length, MaxLength, ValidateNested } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { Connection } from '../../common/pagination';
import { BillingFrequency } from '../account';
import { FormKind, RequestStatus, RequestType, ServiceRequest } from './service-request.entity';

@InputType({ description: 'A request to Corporate Account Services; each type needs its own fields' })
export class FileRequestInput {
  @Field(() => RequestType)
  @IsEnum(RequestType)
  type!: RequestType;

  @Field()
  @Length(1, 200)
  subject!: string;

  @Field()
  @Length(1, 10000)
  details!: string;

  @Field(() => BillingFrequency, { nullable: true, description: 'BILLING_FREQUENCY_CHANGE: the frequency wanted' })
  @IsOptional()
  @IsEnum(BillingFrequency)
  wantedFrequency?: BillingFrequency | null;

  @Field(() => String, { nullable: true, description: 'CANCELLATION: why' })
  @IsOptional()
  @Length(1, 1000)
  reason?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'CANCELLATION: from when' })
  wantedDate?: string | null;

  @Field(() => FormKind, { nullable: true, description: 'FORM_REQUEST: which form' })
  @IsOptional()
  @IsEnum(FormKind)
  formKind?: FormKind | null;

  @Field(() => String, { nullable: true, description: 'INVOICE_COPY: the invoice number' })
  @IsOptional()
  @Length(1, 40)
  invoiceNumber?: string | null;
}

@InputType()
export class ServiceRequestFilter {
  @Field(() => RequestStatus, { nullable: true })
  @IsOptional()
  @IsEnum(RequestStatus)
  status?: RequestStatus | null;

  @Field(() => RequestType, { nullable: true })
  @IsOptional()
  @IsEnum(RequestType)
  type?: RequestType | null;

  @Field(() => ID, { nullable: true, description: 'Staff: one account' })
  @IsOptional()
  @MaxLength(36)
  accountId?: string | null;
}

@ArgsType()
export class ServiceRequestsArgs {
  @Field(() => ServiceRequestFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: ServiceRequestFilter | null;
}

export const ServiceRequestConnection = Connection(ServiceRequest, 'ServiceRequest');
