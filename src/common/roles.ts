import { registerEnumType } from 'type-graphql';

/** What a user of the portal is: shared vocabulary of every module (permissions, tenant rules, users). */
export enum Role {
  BILLING_CONTACT = 'BILLING_CONTACT',
  SALES_REP = 'SALES_REP',
  ACCOUNT_SERVICES = 'ACCOUNT_SERVICES',
}
registerEnumType(Role, { name: 'Role', description: 'What a user of the portal is' });
