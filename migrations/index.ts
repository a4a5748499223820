import { CreateCorporateAccount1764360000000 } from './1764360000000-CreateCorporateAccount';
import { CreateIdentity1764360001000 } from './1764360001000-CreateIdentity';
import { CreateMailOutbox1764360002000 } from './1764360002000-CreateMailOutbox';
import { ExtendCorporateAccount1764400000000 } from './1764400000000-ExtendCorporateAccount';
import { CreateSubscriptions1764400001000 } from './1764400001000-CreateSubscriptions';
import { CreateBillingContactChange1764400002000 } from './1764400002000-CreateBillingContactChange';
import { CreatePurchaseOrders1764400003000 } from './1764400003000-CreatePurchaseOrders';
import { CreateServiceRequests1764400004000 } from './1764400004000-CreateServiceRequests';
import { CreateVendorDocuments1764400005000 } from './1764400005000-CreateVendorDocuments';
import { CreateInvoices1764400006000 } from './1764400006000-CreateInvoices';
import { CreatePayments1764400007000 } from './1764400007000-CreatePayments';
import { CreateQuotes1764400008000 } from './1764400008000-CreateQuotes';
import { CreateSecurityEvents1764400009000 } from './1764400009000-CreateSecurityEvents';
import { AddBillingUserLocale1764400015000 } from './1764400015000-AddBillingUserLocale';
import { AddInvoiceLastIssueDate1764400020000 } from './1764400020000-AddInvoiceLastIssueDate';
import { InvoiceListIndexes1764400030000 } from './1764400030000-InvoiceListIndexes';
import { InvoiceSalesRep1764400040000 } from './1764400040000-InvoiceSalesRep';
import { SearchIndexes1764400050000 } from './1764400050000-SearchIndexes';
import { AddObjectVersions1764400060000 } from './1764400060000-AddObjectVersions';
import { CreateWebhooks1764400070000 } from './1764400070000-CreateWebhooks';
import { AddPortalRoles1764400080000 } from './1764400080000-AddPortalRoles';
import { AddAccountUsers1764400090000 } from './1764400090000-AddAccountUsers';

/** Every migration, oldest first. Listed explicitly so the same list works from TypeScript and compiled code. */
export const migrations = [
  CreateCorporateAccount1764360000000,
  CreateIdentity1764360001000,
  CreateMailOutbox1764360002000,
  ExtendCorporateAccount1764400000000,
  CreateSubscriptions1764400001000,
  CreateBillingContactChange1764400002000,
  CreatePurchaseOrders1764400003000,
  CreateServiceRequests1764400004000,
  CreateVendorDocuments1764400005000,
  CreateInvoices1764400006000,
  CreatePayments1764400007000,
  CreateQuotes1764400008000,
  CreateSecurityEvents1764400009000,
  AddBillingUserLocale1764400015000,
  AddInvoiceLastIssueDate1764400020000,
  InvoiceListIndexes1764400030000,
  InvoiceSalesRep1764400040000,
  SearchIndexes1764400050000,
  AddObjectVersions1764400060000,
  CreateWebhooks1764400070000,
  AddPortalRoles1764400080000,
  AddAccountUsers1764400090000,
];
