import { seedDemo } from '#app/services/demo-seed.server';
import type { CliCommand } from './types';

export const seedCommand: CliCommand = {
  name: ['seed'],
  summary: 'Seed the demo tenants (does nothing if they exist)',
  usage: 'npm run cli -- seed',
  options: {},
  async run({ db, io }) {
    io.out((await seedDemo(db)) ? 'Seeded the demo tenants.' : 'The demo tenants already exist; nothing to do.');
    return 0;
  },
};
