import { systemContext } from '../context';
import { runCli } from './run';

/** `npm run jobs:expire`: subscriptions whose term has ended without renewal become EXPIRED (idempotent). */
runCli(async (services) => {
  const moved = await services.subscriptions.expireDue(systemContext(services, 'jobs:expire'));
  console.log(`Expired or ended ${moved} subscription(s).`);
});
