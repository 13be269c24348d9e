import { seedCommand } from './seed';
import type { CliCommand } from './types';

/** Every CLI command; add new ones here. */
export const COMMANDS: CliCommand[] = [seedCommand];
