/**
 * The custom column mapping editor's form, as plain JSON shared by the page and its server side: one
 * role per column of the sample (a field of customMappingSchema, the interval start, its time of day, or
 * nothing), the duration options of each column, and the mapping's other settings.
 */

/** The column holds the interval start: a date, or a date and time. */
export const START_ROLE = '@start';
/** The column holds the start's time of day, the date being in the START_ROLE column. */
export const TIME_OF_DAY_ROLE = '@time-of-day';

export const TIMESTAMP_FORMATS = ['iso', 'mdy', 'dmy'] as const;
export const DURATION_UNITS = ['seconds', 'minutes', 'hhmmss'] as const;

export interface MappingFormColumn {
  /** '' (ignored), START_ROLE, TIME_OF_DAY_ROLE, or a mappable field (queue, offered, talk_s…). */
  role: string;
  /** Durations only: '' (seconds), or one of DURATION_UNITS. */
  unit: string;
  /** Durations only: '' (a sum), or the count the column is an average of. */
  averageOf: string;
}

export interface MappingFormValues {
  label: string;
  timestampFormat: string;
  timeZone: string;
  intervalMinutes: string;
  defaultQueue: string;
  defaultChannel: string;
  defaultThresholdS: string;
  /** In the order of the sample's header. */
  columns: MappingFormColumn[];
}

/** Form-level problems that belong to no single control. */
export const FORM_LEVEL = { columns: '_columns', start: '_start', form: '_form' } as const;

export type MappingErrorKey =
  | 'feedsUi.mapping.error.invalidChoice'
  | 'feedsUi.mapping.error.duplicateRole'
  | 'feedsUi.mapping.error.startMissing'
  | 'feedsUi.mapping.error.noComponent'
  | 'feedsUi.mapping.error.unitNotDuration'
  | 'feedsUi.mapping.error.averageNotDuration'
  | 'feedsUi.mapping.error.averageCountUnmapped'
  | 'feedsUi.mapping.error.queueRequired'
  | 'feedsUi.mapping.error.channelRequired'
  | 'feedsUi.mapping.error.threshold'
  | 'feedsUi.mapping.error.timeZone'
  | 'feedsUi.mapping.error.intervalMinutes'
  | 'feedsUi.mapping.error.label'
  | 'feedsUi.mapping.error.invalid';

export interface MappingFieldError {
  key: MappingErrorKey;
  params?: Record<string, string>;
}

/** By form control name (`col3.role`, `timeZone`…) or a FORM_LEVEL key. */
export type MappingFormErrors = Record<string, MappingFieldError>;

export const columnControl = (index: number, part: keyof MappingFormColumn) => `col${index}.${part}`;

/** The sample the mapping is built on: stored on the server between the steps, named by its checksum. */
export interface MappingSampleView {
  sha256: string;
  fileName: string;
  contentType: string;
  header: string[];
  /** Up to three distinct values of each column, from the first rows. */
  values: string[][];
  /** A template that already reads this layout (a platform's, or the unit's saved mapping). */
  detectedTemplate: { id: string; label: string } | null;
}
