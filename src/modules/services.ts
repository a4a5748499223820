import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { systemClock, type Clock } from '../common/clock';
import { setListCountLimit } from '../common/pagination';
import { EventBus } from '../common/events';
import type { Logger } from '../common/logger';
import { MailService } from '../mail';
import type { MailTransport } from '../mail/transports';
import type { Loaders, Principal, RequestContext, RequestScope } from '../context';
import { modules as allModules, type ModuleDefinition } from '.';
import { accountLoaders, AccountOnboardingService, AccountService, ActivityService } from './account';
import { DocumentService, LocalDiskStorage } from './documents';
import {
  ContactChangeService,
  identityLoaders,
  AccountUserService,
  InvitationService,
  PasswordService,
  SecurityEventService,
  SessionService,
  UserDirectory,
  UserService,
  UserTokens,
} from './identity';
import { invoiceLoaders, InvoiceService, TaxRates } from './invoices';
import { createGateway, paymentLoaders, PaymentMethodService, PaymentService, type PaymentGateway } from './payments';
import { purchaseOrderLoaders, PurchaseOrderService } from './purchase-orders';
import { quoteLoaders, QuoteService } from './quotes';
import { serviceRequestLoaders, ServiceRequestService } from './requests';
import { RenewalService, subscriptionLoaders, SubscriptionService } from './subscriptions';
import { WebhookDispatcher, webhookLoaders, WebhookService } from './webhooks';

/** One instance of each service per process, wired by hand in dependency order. */
export interface Services {
  ds: DataSource;
  config: Config;
  log: Logger;
  /** What time-dependent rules take as now (a test clock in the e2e tests). */
  clock: Clock;
  mail: MailService;
  /** Where modules publish their changes (common/events.ts); the webhooks module listens. */
  events: EventBus;
  activity: ActivityService;
  accounts: AccountService;
  securityEvents: SecurityEventService;
  sessions: SessionService;
  passwords: PasswordService;
  invitations: InvitationService;
  users: UserService;
  accountUsers: AccountUserService;
  userDirectory: UserDirectory;
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
  webhooks: WebhookService;
  webhookDispatcher: WebhookDispatcher;
  /** What each request's context gets from here (see context.ts): token checks, loaders, references. */
  scope: RequestScope;
}

export function createServices(
  ds: DataSource,
  config: Config,
  log: Logger,
  mailTransport?: MailTransport,
  clock: Clock = systemClock,
  localModules: readonly ModuleDefinition[] = allModules,
): Services {
  setListCountLimit(ds, config.listCountLimit);
  const events = new EventBus();
  const mail = new MailService(ds, config, log, mailTransport, clock);
  const activity = new ActivityService(ds);
  const accounts = new AccountService(ds, activity, events);
  const securityEvents = new SecurityEventService(ds);
  const sessions = new SessionService(ds, config, log, securityEvents);
  const userDirectory = new UserDirectory(ds, accounts);
  const userTokens = new UserTokens(ds, clock, accounts);
  const passwords = new PasswordService(
    ds,
    config,
    log,
    mail,
    securityEvents,
    sessions,
    userDirectory,
    userTokens,
    clock,
  );
  const users = new UserService(ds, log, accounts, activity, securityEvents, sessions);
  const invitations = new InvitationService(
    ds,
    config,
    log,
    mail,
    accounts,
    activity,
    securityEvents,
    users,
    userTokens,
  );
  const accountUsers = new AccountUserService(ds, log, accounts, activity, invitations, users, securityEvents);
  const contactChanges = new ContactChangeService(
    ds,
    invitations,
    sessions,
    accounts,
    activity,
    events,
    securityEvents,
    mail,
    log,
  );
  const onboarding = new AccountOnboardingService(ds, accounts, userDirectory, invitations, activity, securityEvents);
  const subscriptions = new SubscriptionService(ds, accounts, activity, events, clock);
  const purchaseOrders = new PurchaseOrderService(ds, accounts, activity, userDirectory, mail, log, clock);
  const requests = new ServiceRequestService(
    ds,
    config,
    accounts,
    activity,
    events,
    subscriptions,
    userDirectory,
    mail,
  );
  const documents = new DocumentService(
    ds,
    accounts,
    new LocalDiskStorage(path.join(config.dataDir, 'documents')),
    log,
  );
  const invoices = new InvoiceService(
    ds,
    accounts,
    activity,
    events,
    userDirectory,
    purchaseOrders,
    mail,
    config,
    clock,
  );
  const gateway = createGateway(config.payments);
  const paymentMethods = new PaymentMethodService(ds, accounts, activity, gateway, config.remittance);
  const payments = new PaymentService(
    ds,
    config,
    log,
    accounts,
    activity,
    events,
    invoices,
    paymentMethods,
    gateway,
    mail,
  );
  const taxRates = new TaxRates(config.taxRates);
  const renewals = new RenewalService(ds, config.jobs, taxRates, accounts, activity, events, invoices, log, clock);
  const quotes = new QuoteService(
    ds,
    config,
    taxRates,
    accounts,
    activity,
    events,
    userDirectory,
    subscriptions,
    invoices,
    mail,
    clock,
  );
  const webhooks = new WebhookService(ds, config, log, accounts, events, clock);
  const webhookDispatcher = new WebhookDispatcher(ds, config, log, mail, userDirectory, clock);
  webhooks.onDeliveriesWritten = () => webhookDispatcher.kick();
  const services = {
    ds,
    config,
    log,
    clock,
    mail,
    events,
    activity,
    accounts,
    securityEvents,
    sessions,
    passwords,
    invitations,
    users,
    accountUsers,
    userDirectory,
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
    webhooks,
    webhookDispatcher,
  } as Omit<Services, 'scope'> as Services;
  services.scope = requestScope(services, localModules);
  return services;
}

/**
 * The context's link to the modules: the token check, each module's loaders
 * (a namespace is built the first time a request reads it) and the reference
 * resolvers of the entities the modules served here own.
 */
function requestScope(services: Services, localModules: readonly ModuleDefinition[]): RequestScope {
  const ownersIn = (list: readonly ModuleDefinition[]) =>
    new Map(list.flatMap((m) => Object.entries(m.references?.(services) ?? {})));
  const owners = ownersIn(localModules);
  // Every process has every service: an entity owned in another process is still checked here before its
  // stub `{ id }` reaches this process's fields (an extension must not trust an unchecked parent).
  const remoteOwners = ownersIn(allModules.filter((m) => !localModules.includes(m)));
  return {
    ds: services.ds,
    timeoutMs: services.config.graphql.timeoutMs,
    // Not bound: a test may replace services.sessions.authenticate.
    authenticate: (token: string): Promise<Principal | null> => services.sessions.authenticate(token),
    createLoaders: () => createLoaders(services),
    resolveReference: (ctx: RequestContext, typeName: string, id: string) => {
      const owner = owners.get(typeName);
      if (owner) return owner(ctx, id);
      const remote = remoteOwners.get(typeName);
      if (!remote) return Promise.resolve({ id });
      return remote(ctx, id).then((entity) => (entity ? { id } : null));
    },
  };
}

/** How each module's loaders are made, by namespace. */
const loaderFactories: { [K in keyof Loaders]: (services: Services) => Loaders[K] } = {
  account: (s) => accountLoaders(s.accounts, s.activity),
  identity: (s) => identityLoaders(s.userDirectory, s.contactChanges),
  subscriptions: (s) => subscriptionLoaders(s.subscriptions),
  purchaseOrders: (s) => purchaseOrderLoaders(s.purchaseOrders),
  requests: (s) => serviceRequestLoaders(s.requests),
  invoices: (s) => invoiceLoaders(s.invoices),
  payments: (s) => paymentLoaders(s.payments, s.paymentMethods),
  quotes: (s) => quoteLoaders(s.quotes),
  webhooks: (s) => webhookLoaders(s.webhooks),
};

/** Fresh DataLoaders for one request, each module's made when first read. */
export function createLoaders(services: Services): Loaders {
  const loaders = {} as Loaders;
  for (const [name, factory] of Object.entries(loaderFactories) as [keyof Loaders, (s: Services) => unknown][]) {
    Object.defineProperty(loaders, name, {
      configurable: true,
      enumerable: true,
      get() {
        const value = factory(services);
        Object.defineProperty(loaders, name, { value, enumerable: true });
        return value;
      },
    });
  }
  return loaders;
}
