import { systemContext } from '../context';
import { runCli } from './run';

/** `npm run jobs:po-reminders`: e-mails billing contacts 30 and 7 days before a purchase order expires (idempotent). */
runCli(async (services) => {
  const sent = await services.purchaseOrders.sendExpiryReminders(systemContext(services, 'jobs:po-reminders'));
  console.log(`Queued ${sent} purchase order reminder(s).`);
});
