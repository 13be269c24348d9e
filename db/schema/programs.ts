import { sql } from 'drizzle-orm';
import { jsonb, pgPolicy, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, foreignKey } from 'drizzle-orm/pg-core';
import type { Channel, Holiday, HoursOfOperation, ProgramStatus } from '../../app/domain/programs/schemas';
import { CHANNELS, PROGRAM_STATUSES } from '../../app/domain/programs/schemas';
import type { SourcingValues } from '../../app/domain/programs/sourcing';
import { clientOwnedPolicies, createdAt, id, tenantRole } from './_shared';
import { orgs } from './orgs';

/**
 * A client's program (a line of business served by a contact center). Client-owned; a vendor sees the
 * programs it delivers a unit of (name, channels, hours: what it needs to run them), nothing else.
 */
export const programs = pgTable(
  'programs',
  {
    clientOrgId: uuid('client_org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    id: id(),
    name: text('name').notNull(),
    lineOfBusiness: text('line_of_business').notNull(),
    description: text('description'),
    channels: text('channels', { enum: CHANNELS }).array().notNull().$type<Channel[]>(),
    timeZone: text('time_zone').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: PROGRAM_STATUSES }).notNull().default('planned').$type<ProgramStatus>(),
    hoursOfOperation: jsonb('hours_of_operation').notNull().$type<HoursOfOperation>(),
    holidays: jsonb('holidays').notNull().default([]).$type<Holiday[]>(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.id] }),
    uniqueIndex('programs_name_key').on(t.clientOrgId, sql`lower(${t.name})`),
    ...clientOwnedPolicies('programs', t.clientOrgId),
    // Programs carry no vendor column (many vendors may share one): visibility follows the units.
    pgPolicy('programs_vendor_read', {
      for: 'select',
      to: tenantRole,
      using: sql`exists (select 1 from delivery_units u where u.client_org_id = ${t.clientOrgId} and u.program_id = ${t.id} and u.vendor_org_id = (select app_current_org()))`,
    }),
  ],
).enableRLS();

/**
 * The client's sourcing assessment of a program: internal to the client (it rates its worries about
 * vendors), hence a table of its own that no vendor policy names.
 */
export const programSourcing = pgTable(
  'program_sourcing',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    programId: uuid('program_id').notNull(),
    assessment: jsonb('assessment').notNull().$type<SourcingValues>(),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.programId] }),
    foreignKey({ name: 'program_sourcing_program_fk', columns: [t.clientOrgId, t.programId], foreignColumns: [programs.clientOrgId, programs.id] }).onDelete('cascade'),
    ...clientOwnedPolicies('program_sourcing', t.clientOrgId),
  ],
).enableRLS();
