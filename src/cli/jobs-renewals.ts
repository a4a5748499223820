import { systemContext } from '../context';
import { runCli } from './run';

/** `npm run jobs:renewals`: renewal invoices for terms ending within the window, and terms that start today (idempotent). */
runCli(async (services) => {
  const run = await services.renewals.run(systemContext(services, 'jobs:renewals'));
  console.log(
    `Renewal invoices issued: ${run.issued}; terms started: ${run.applied}; renewals cancelled: ${run.cancelled}.`,
  );
  // Queued invoice e-mails go out now rather than with the next server pass.
  await services.mail.dispatchDue();
});
