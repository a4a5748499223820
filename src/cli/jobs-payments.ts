import { systemContext } from '../context';
import { runCli } from './run';

/** `npm run jobs:payments`: settle payments left PENDING (the gateway did not answer, or a process stopped mid-payment). */
runCli(async (services) => {
  const { settled, pending } = await services.payments.reconcilePending(systemContext(services, 'jobs:payments'));
  console.log(`Pending payments settled: ${settled}; still pending: ${pending}.`);
  await services.mail.dispatchDue();
});
