import { IsEmail, IsEnum, IsOptional, Length, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { Connection } from '../../common/pagination';
import { BillingUser } from './billing-user.entity';
import { PortalRole, Role } from '../../common/roles';
import { SecurityEvent, SecurityEventType } from './security-event.entity';

@ObjectType({ description: 'Tokens of a new or refreshed session' })
export class AuthPayload {
  @Field({ description: 'Bearer token for the Authorization header; short-lived' })
  accessToken!: string;

  @Field()
  accessTokenExpiresAt!: Date;

  @Field(() => String, {
    nullable: true,
    description:
      'Opaque token for refreshSession; single-use, rotated on every refresh. Null with `X-Session-Transport: cookie`: it is then in an HttpOnly cookie',
  })
  refreshToken!: string | null;

  @Field()
  refreshTokenExpiresAt!: Date;

  @Field(() => BillingUser)
  user!: BillingUser;
}

@InputType()
export class LoginInput {
  @Field({ description: 'Billing user ID (case-insensitive)' })
  @MaxLength(254)
  userId!: string;

  @Field()
  @MaxLength(1024)
  password!: string;
}

@InputType()
export class ResetPasswordInput {
  @Field()
  @Length(1, 200)
  token!: string;

  @Field()
  @MaxLength(1024)
  newPassword!: string;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  @MaxLength(1024)
  currentPassword!: string;

  @Field()
  @MaxLength(1024)
  newPassword!: string;
}

@InputType({ description: 'A billing contact to invite: for a new account, or to replace the current one' })
export class NewBillingContactInput {
  @Field({ description: 'Billing user ID: a username (3-64 of a-z 0-9 . _ -) or an e-mail address' })
  @Length(3, 254)
  billingUserId!: string;

  @Field({ description: 'Where the invitation goes' })
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email!: string;

  @Field()
  @Length(1, 200)
  displayName!: string;
}

@InputType({ description: 'A billing contact to invite for a corporate account' })
export class InviteBillingContactInput extends NewBillingContactInput {
  @Field(() => ID)
  @Length(1, 36)
  accountId!: string;
}

@InputType({ description: 'A colleague to invite as a portal user of the account, with their role' })
export class InviteAccountUserInput extends NewBillingContactInput {
  @Field(() => PortalRole)
  @IsEnum(PortalRole)
  role!: PortalRole;

  @Field(() => ID, { nullable: true, description: "Staff: the account; a portal user's own account when left out" })
  @IsOptional()
  @Length(1, 36)
  accountId?: string | null;
}

/** Used by the CLI and fixtures to create users that are active at once. */
export class CreateUserInput {
  @IsOptional()
  accountId?: string | null;

  @Length(3, 254)
  billingUserId!: string;

  @IsEmail()
  email!: string;

  @Length(1, 200)
  displayName!: string;

  @IsEnum(Role)
  role!: Role;

  /** Billing contacts only: their portal role (ADMIN when left out). */
  @IsOptional()
  @IsEnum(PortalRole)
  portalRole?: PortalRole | null;

  password!: string;

  /** Staff only: the language of their e-mails, one of the supported locales; none is English. */
  @IsOptional()
  locale?: string | null;
}

@InputType()
export class SecurityEventFilter {
  @Field(() => SecurityEventType, { nullable: true })
  @IsOptional()
  @IsEnum(SecurityEventType)
  type?: SecurityEventType | null;

  @Field(() => ID, { nullable: true, description: 'Events about this user or done by them' })
  @IsOptional()
  @MaxLength(36)
  userId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @MaxLength(36)
  accountId?: string | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Exclusive' })
  @IsOptional()
  to?: Date | null;
}

@ArgsType()
export class SecurityEventsArgs {
  @Field(() => SecurityEventFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: SecurityEventFilter | null;
}

export const SecurityEventConnection = Connection(SecurityEvent, 'SecurityEvent');
