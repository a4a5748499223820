import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { systemClock, type Clock } from '../common/clock';
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
import { TaxRates } from './invoices/tax-rates';
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
  /** What time-dependent rules take as now (a test clock in the e2e tests). */
  clock: Clock;
  mail: MailService;
  activity: ActivityService;
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

export function createServices(
  ds: DataSource,
  config: Config,
  log: Logger,
  mailTransport?: MailTransport,
  clock: Clock = systemClock,
): Services {
  const mail = new MailService(ds, config, log, mailTransport, clock);
  const activity = new ActivityService(ds);
  const accounts = new AccountService(ds, activity);
  const securityEvents = new SecurityEventService(ds);
  const identity = new IdentityService(ds, config, log, mail, accounts, activity, securityEvents, clock);
  const contactChanges = new ContactChangeService(ds, identity, accounts, activity, securityEvents, mail, log);
  const onboarding = new AccountOnboardingService(ds, accounts, identity, activity, securityEvents);
  const subscriptions = new SubscriptionService(ds, accounts, activity, clock);
  const purchaseOrders = new PurchaseOrderService(ds, accounts, activity, identity, mail, log, clock);
  const requests = new ServiceRequestService(ds, config, accounts, activity, subscriptions, identity, mail);
  const documents = new DocumentService(
    ds,
    accounts,
    new LocalDiskStorage(path.join(config.dataDir, 'documents')),
    log,
  );
  const invoices = new InvoiceService(ds, accounts, activity, identity, purchaseOrders, mail, config, clock);
  const gateway = createGateway(config.payments);
  const paymentMethods = new PaymentMethodService(ds, accounts, activity, gateway, config.remittance);
  const payments = new PaymentService(ds, config, log, accounts, activity, invoices, paymentMethods, gateway, mail);
  const taxRates = new TaxRates(config.taxRates);
  const renewals = new RenewalService(ds, config.jobs, taxRates, accounts, activity, invoices, log, clock);
  const quotes = new QuoteService(
    ds,
    config,
    taxRates,
    accounts,
    activity,
    identity,
    subscriptions,
    invoices,
    mail,
    clock,
  );
  return {
    ds,
    config,
    log,
    clock,
    mail,
    activity,
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
    ...accountLoaders(services.accounts, services.activity),
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
