import { apiKeyCommands } from './api-key';
import { checkLateFeedsCommand } from './check-late-feeds';
import { dataKeyResealCommand } from './data-key';
import { invitationCreateCommand } from './invitation-create';
import { orgCreateCommand } from './org-create';
import { seedCommand } from './seed';
import type { CliCommand } from './types';
import { userCreateCommand } from './user-create';

/** Every CLI command; add new ones here. */
export const COMMANDS: CliCommand[] = [seedCommand, ...apiKeyCommands, orgCreateCommand, userCreateCommand, invitationCreateCommand, checkLateFeedsCommand, dataKeyResealCommand];
