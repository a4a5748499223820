import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../common/logger';
import { MailService } from '../mail';
import type { MailTransport } from '../mail/transports';
import { AccountOnboardingService } from './account/account-onboarding.service';
import { AccountService } from './account/account.service';
import { ActivityService } from './account/activity.service';
import { accountLoaders } from './account/account.loaders';
import { ContactChangeService } from './identity/contact-change.service';
import { LocalDiskStorage } from './documents/document-storage';
import { DocumentService } from './documents/document.service';
import { IdentityService } from './identity/identity.service';
import { SecurityEventService } from './identity/security-event.service';
import { InvoiceService } from './invoices/invoice.service';
import { invoiceLoaders } from './invoices/invoice.loaders';
import { identityLoaders } from './identity/identity.loaders';
import { createGateway, type PaymentGateway } from './payments/payment-gateway';
import { paymentLoaders } from './payments/payment.loaders';
import { PaymentMethodService } from './payments/payment-method.service';
import { PaymentService } from './payments/payment.service';
import { RenewalService } from './subscriptions/renewal.service';
import { QuoteService } from './quotes/quote.service';
import { quoteLoaders } from './quotes/quote.loaders';
import { PurchaseOrderService } from './purchase-orders/purchase-order.service';
import { purchaseOrderLoaders } from './purchase-orders/purchase-order.loaders';
import { ServiceRequestService } from './requests/service-request.service';
import { serviceRequestLoaders } from './requests/service-request.loaders';
import { SubscriptionService } from './subscriptions/subscription.service';
import { subscriptionLoaders } from './subscriptions/subscription.loaders';

/** One instance of each service per process, wired by hand in dependency order. */
export interface Services {
  ds: DataSource;
  config: Config;
  log: Logger;
  mail: MailService;
  accounts: AccountService;
  identity: IdentityService;
  securityEvents: SecurityEventService;
  contactChanges: ContactChangeService;
  onboarding: AccountOnboardingService;
  subscriptions: SubscriptionService;
  purchaseOrders: PurchaseOrderService;
  requests: ServiceRequestService;
  documents: DocumentService;
  invoices: InvoiceService;
  gateway: PaymentGateway;
  paymentMethods: PaymentMethodService;
  payments: PaymentService;
  renewals: RenewalService;
  quotes: QuoteService;
}

export function createServices(ds: DataSource, config: Config, log: Logger, mailTransport?: MailTransport): Services {
  const mail = new MailService(ds, config, log, mailTransport);
  const accounts = new AccountService(ds, new ActivityService(ds));
  const securityEvents = new SecurityEventService(ds);
  const identity = new IdentityService(ds, config, log, mail, accounts, securityEvents);
  const contactChanges = new ContactChangeService(ds, identity, accounts, mail, log);
  const onboarding = new AccountOnboardingService(ds, accounts, identity);
  const subscriptions = new SubscriptionService(ds, accounts);
  const purchaseOrders = new PurchaseOrderService(ds, accounts, identity, mail, log);
  const requests = new ServiceRequestService(ds, config, accounts, subscriptions, identity, mail);
  const documents = new DocumentService(
    ds,
    accounts,
    new LocalDiskStorage(path.join(config.dataDir, 'documents')),
    log,
  );
  const invoices = new InvoiceService(ds, accounts, identity, purchaseOrders, mail, config);
  const gateway = createGateway(config.payments);
  const paymentMethods = new PaymentMethodService(ds, accounts, gateway, config.remittance);
  const payments = new PaymentService(ds, config, log, accounts, invoices, paymentMethods, gateway, mail);
  const renewals = new RenewalService(ds, config.jobs, accounts, invoices, log);
  const quotes = new QuoteService(ds, config, accounts, identity, subscriptions, invoices, mail);
  return {
    ds,
    config,
    log,
    mail,
    accounts,
    identity,
    securityEvents,
    contactChanges,
    onboarding,
    subscriptions,
    purchaseOrders,
    requests,
    documents,
    invoices,
    gateway,
    paymentMethods,
    payments,
    renewals,
    quotes,
  };
}

/** Fresh DataLoaders for one request. */
export function createLoaders(services: Services) {
  return {
    ...accountLoaders(services.accounts),
    ...identityLoaders(services.identity, services.contactChanges),
    ...subscriptionLoaders(services.subscriptions),
    ...purchaseOrderLoaders(services.purchaseOrders),
    ...serviceRequestLoaders(services.requests),
    ...invoiceLoaders(services.invoices),
    ...paymentLoaders(services.payments, services.paymentMethods),
    ...quoteLoaders(services.quotes),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
