import { withStartupLock } from '../common/startup-lock';
import { runCli } from './run';

/** `npm run migrate` runs pending migrations; `npm run migrate:revert` reverts the last one. */
const command = process.argv[2] ?? 'up';

runCli(
  async ({ ds }) => {
    if (command === 'revert') {
      await ds.undoLastMigration({ transaction: 'each' });
      console.log('Reverted the last migration.');
    } else if (command === 'up') {
      // Under the start-up lock: a server starting at the same time does not run the same migrations.
      const done = await withStartupLock(ds, () => ds.runMigrations({ transaction: 'each' }));
      console.log(done.length ? `Ran ${done.map((m) => m.name).join(', ')}` : 'No pending migrations.');
    } else if (command === 'show') {
      const pending = await ds.showMigrations();
      console.log(pending ? 'There are pending migrations.' : 'No pending migrations.');
    } else {
      throw new Error(`unknown command ${command} (use up, revert or show)`);
    }
  },
  { migrate: false },
);
