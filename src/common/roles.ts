import { registerEnumType } from 'type-graphql';

/** What a user of the portal is: shared vocabulary of every module (permissions, tenant rules, users). */
export enum Role {
  BILLING_CONTACT = 'BILLING_CONTACT',
  SALES_REP = 'SALES_REP',
  ACCOUNT_SERVICES = 'ACCOUNT_SERVICES',
}
registerEnumType(Role, { name: 'Role', description: 'What a user of the portal is' });

/** What a billing contact may do in their account's portal (README "Portal users"). */
export enum PortalRole {
  /** Everything a billing contact can do, including managing the account's portal users. */
  ADMIN = 'ADMIN',
  /** View, pay invoices and manage payment methods. */
  PAYER = 'PAYER',
  /** View and download only. */
  VIEWER = 'VIEWER',
}
registerEnumType(PortalRole, {
  name: 'PortalRole',
  description: "What a billing contact may do in their account's portal",
});
