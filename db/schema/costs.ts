import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, integer, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { clientOwnedPolicies, createdAt, id } from './_shared';
import { deliveryUnits } from './units';

/**
 * In-house cost model (issue 6): one row per in-house unit and month, by category, in the program's
 * currency as integer minor units. Client-only: no vendor policy names these tables, so a vendor never
 * reads a row even for a unit it delivers (the comparison's inputs are the client's own figures).
 * Agent labour is FTE × loaded cost per FTE-month; the other categories are monthly amounts.
 */
export const inHouseCosts = pgTable(
  'in_house_costs',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    /** "YYYY-MM" in the program's time zone. */
    month: text('month').notNull(),
    currency: text('currency').notNull(),
    /** Agent FTE (paid, before shrinkage) and the productive (logged-in, available or busy) hours. */
    agentFte: numeric('agent_fte', { precision: 12, scale: 2 }).notNull(),
    productiveHours: numeric('productive_hours', { precision: 14, scale: 2 }).notNull(),
    /** Fully loaded cost of one agent FTE for the month (salary, benefits, payroll taxes). */
    loadedCostPerFteMinor: bigint('loaded_cost_per_fte_minor', { mode: 'bigint' }).notNull(),
    supervisionMinor: bigint('supervision_minor', { mode: 'bigint' }).notNull().default(sql`0`),
    facilitiesMinor: bigint('facilities_minor', { mode: 'bigint' }).notNull().default(sql`0`),
    technologyMinor: bigint('technology_minor', { mode: 'bigint' }).notNull().default(sql`0`),
    telecomMinor: bigint('telecom_minor', { mode: 'bigint' }).notNull().default(sql`0`),
    trainingMinor: bigint('training_minor', { mode: 'bigint' }).notNull().default(sql`0`),
    overheadMinor: bigint('overhead_minor', { mode: 'bigint' }).notNull().default(sql`0`),
    /** 'form' or the imported file's name. */
    source: text('source').notNull().default('form'),
    updatedBy: uuid('updated_by'),
    updatedByLabel: text('updated_by_label').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.unitId, t.month] }),
    foreignKey({ name: 'in_house_costs_unit_fk', columns: [t.clientOrgId, t.unitId], foreignColumns: [deliveryUnits.clientOrgId, deliveryUnits.id] }).onDelete('cascade'),
    check('in_house_costs_month', sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check(
      'in_house_costs_non_negative',
      sql`${t.agentFte} >= 0 and ${t.productiveHours} >= 0 and ${t.loadedCostPerFteMinor} >= 0 and ${t.supervisionMinor} >= 0 and ${t.facilitiesMinor} >= 0 and ${t.technologyMinor} >= 0 and ${t.telecomMinor} >= 0 and ${t.trainingMinor} >= 0 and ${t.overheadMinor} >= 0`,
    ),
    ...clientOwnedPolicies('in_house_costs', t.clientOrgId),
  ],
).enableRLS();

/** The client's own cost of overseeing a vendor unit in a month (vendor management, QA, reporting). */
export const vendorOversightCosts = pgTable(
  'vendor_oversight_costs',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    month: text('month').notNull(),
    currency: text('currency').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    note: text('note'),
    updatedBy: uuid('updated_by'),
    updatedByLabel: text('updated_by_label').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.unitId, t.month] }),
    foreignKey({ name: 'vendor_oversight_costs_unit_fk', columns: [t.clientOrgId, t.unitId], foreignColumns: [deliveryUnits.clientOrgId, deliveryUnits.id] }).onDelete('cascade'),
    check('vendor_oversight_costs_month', sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check('vendor_oversight_costs_non_negative', sql`${t.amountMinor} >= 0`),
    ...clientOwnedPolicies('vendor_oversight_costs', t.clientOrgId),
  ],
).enableRLS();

/**
 * A one-off transition cost of moving work to (or from) a unit: knowledge transfer, parallel running,
 * severance. Amortised evenly over `amortisation_months` from `start_month`; the remainder of the
 * integer division goes to the first month so the months sum to the amount exactly.
 */
export const transitionCosts = pgTable(
  'transition_costs',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    id: id(),
    unitId: uuid('unit_id').notNull(),
    description: text('description').notNull(),
    currency: text('currency').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    startMonth: text('start_month').notNull(),
    amortisationMonths: integer('amortisation_months').notNull(),
    createdBy: uuid('created_by'),
    createdByLabel: text('created_by_label').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.id] }),
    index('transition_costs_unit_idx').on(t.clientOrgId, t.unitId),
    foreignKey({ name: 'transition_costs_unit_fk', columns: [t.clientOrgId, t.unitId], foreignColumns: [deliveryUnits.clientOrgId, deliveryUnits.id] }).onDelete('cascade'),
    check('transition_costs_month', sql`${t.startMonth} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check('transition_costs_positive', sql`${t.amountMinor} >= 0 and ${t.amortisationMonths} between 1 and 120`),
    ...clientOwnedPolicies('transition_costs', t.clientOrgId),
  ],
).enableRLS();
