import { seedDemo } from '../seed/demo';
import { runCli } from './run';

/** `npm run seed:demo`: adds a demo account and three demo users, and prints their passwords. */
runCli(async (services) => {
  if (services.config.env === 'production' && !process.argv.includes('--force'))
    throw new Error('refusing to add demo users in production (pass --force if you mean it)');
  await seedDemo(services);
});
