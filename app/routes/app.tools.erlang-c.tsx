import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useLoaderData, useNavigation } from '@remix-run/react';
import { useId } from 'react';
import { computeErlangC, ErlangCQuerySchema, MAX_AGENTS, MAX_TRAFFIC_ERLANGS, type ErlangCQuery, type ErlangCResponse } from '#app/api-docs/tools';
import { targetSeries, type ChartData } from '#app/components/charts/chart-data';
import { formatValue } from '#app/components/charts/chart-frame';
import { ChartExport } from '#app/components/charts/chart-export';
import { LineChart } from '#app/components/charts/line-chart';
import { Field, FormError, SelectField } from '#app/components/field';
import { evaluateAgents } from '#app/domain/staffing/erlang-c';
import type { MessageKey, Translate } from '#app/i18n/index';
import { pageTitle } from '#app/i18n/meta';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.erlangC');

const FIELDS = ['calls', 'intervalSeconds', 'ahtSeconds', 'thresholdSeconds', 'mode', 'targetServiceLevel', 'agents', 'shrinkage', 'maxOccupancy'] as const;
type FieldName = (typeof FIELDS)[number];
type FormValues = Record<FieldName, string>;
type FieldErrors = Partial<Record<FieldName, { key: MessageKey; params?: Record<string, number> }>>;

const INTERVALS = ['900', '1800', '3600'] as const;
/** The textbook example (100 calls in 30 minutes, AHT 180 s, 80/20), so a first visit has something to read. */
const DEFAULTS: FormValues = { calls: '100', intervalSeconds: '1800', ahtSeconds: '180', thresholdSeconds: '20', mode: 'target', targetServiceLevel: '80', agents: '', shrinkage: '30', maxOccupancy: '' };
/** Percent on the form, a ratio for the calculator (and the API). */
const PERCENT_FIELDS = new Set<FieldName>(['targetServiceLevel', 'shrinkage', 'maxOccupancy']);
/** Points of the curve: enough to see the knee, few enough for a readable table. */
const CURVE_AFTER = 8;
const CURVE_MAX_POINTS = 60;

interface CurvePoint {
  agents: number;
  serviceLevel: number;
  asaSeconds: number | null;
  occupancy: number;
  probabilityOfWaiting: number;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireMember(request, context);
  const params = new URL(request.url).searchParams;
  if (!params.has('calls')) return data({ values: DEFAULTS, errors: null, result: null, curve: null, target: null });

  const values = Object.fromEntries(FIELDS.map((f) => [f, params.get(f)?.trim() ?? ''])) as FormValues;
  if (values.mode !== 'agents') values.mode = 'target';
  const parsed = parseForm(values);
  if (!parsed.ok) return data({ values, errors: parsed.errors, result: null, curve: null, target: null }, { status: 400 });

  const result = computeErlangC(parsed.query);
  const curve = staffingCurve(parsed.query, result);
  return data({ values, errors: null, result, curve, target: parsed.query.targetServiceLevel ?? null });
}

/** Form strings → the API's query (the same zod schema), with each issue mapped back to its field. */
function parseForm(values: FormValues): { ok: true; query: ErlangCQuery } | { ok: false; errors: FieldErrors } {
  const raw: Record<string, number | string | undefined> = {};
  for (const field of FIELDS) {
    const value = values[field];
    if (field === 'mode' || value === '') continue;
    if (values.mode === 'agents' ? field === 'targetServiceLevel' || field === 'maxOccupancy' : field === 'agents') continue;
    raw[field] = PERCENT_FIELDS.has(field) ? Number(value) / 100 : value;
  }
  const parsed = ErlangCQuerySchema.safeParse(raw);
  if (parsed.success) return { ok: true, query: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    // With no agents given in agents mode, the schema misses "a target or agents": that is the agents field.
    const field = (values.mode === 'agents' && issue.path[0] === 'targetServiceLevel' ? 'agents' : issue.path[0]) as FieldName;
    if (!FIELDS.includes(field) || errors[field]) continue;
    if (field === 'calls' && issue.code === 'custom') errors.calls = { key: 'tools.erlangC.error.traffic', params: { max: MAX_TRAFFIC_ERLANGS } };
    else if (field === 'agents') errors.agents = { key: 'tools.erlangC.error.agents', params: { max: MAX_AGENTS } };
    else errors[field] = { key: `tools.erlangC.error.${field}` as MessageKey };
  }
  return { ok: false, errors };
}

/** SL, ASA, occupancy and P(wait) from the first N above the traffic to N + 8 (at most 60 points). */
function staffingCurve(query: ErlangCQuery, result: ErlangCResponse): CurvePoint[] {
  const firstStable = Math.floor(result.trafficErlangs) + 1;
  const last = Math.max(result.agents, firstStable) + CURVE_AFTER;
  const first = Math.max(firstStable, last - CURVE_MAX_POINTS + 1);
  const { calls, intervalSeconds, ahtSeconds, thresholdSeconds } = query;
  return Array.from({ length: last - first + 1 }, (_, i) => {
    const { agents, serviceLevel, asaSeconds, occupancy, probabilityOfWaiting } = evaluateAgents({ calls, intervalSeconds, ahtSeconds, thresholdSeconds, agents: first + i });
    return { agents, serviceLevel, asaSeconds, occupancy, probabilityOfWaiting };
  });
}

/** One definition for the chart, its table and its downloads. */
function curveChartData(curve: CurvePoint[], target: number | null, t: Translate): ChartData {
  return {
    labels: curve.map((p) => p.agents),
    xTitle: t('tools.erlangC.axisAgents'),
    left: { title: t('tools.erlangC.seriesServiceLevel'), format: 'percent', min: 0, max: 1 },
    right: { title: t('tools.erlangC.axisAsa'), format: 'seconds', min: 0 },
    series: [
      { id: 'sl', label: t('tools.erlangC.seriesServiceLevel'), values: curve.map((p) => p.serviceLevel), format: 'percent' },
      ...(target === null ? [] : [targetSeries('target', t('tools.erlangC.seriesTarget'), target, curve.length, { format: 'percent' })]),
      { id: 'asa', label: t('tools.erlangC.seriesAsa'), values: curve.map((p) => p.asaSeconds), format: 'seconds', axis: 'right' },
      { id: 'occupancy', label: t('tools.erlangC.seriesOccupancy'), values: curve.map((p) => p.occupancy), format: 'percent' },
      { id: 'pwait', label: t('tools.erlangC.seriesPWait'), values: curve.map((p) => p.probabilityOfWaiting), format: 'percent' },
    ],
  };
}

export default function ErlangCPage() {
  const t = useT();
  const { values, errors, result, curve, target } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === 'loading';
  const errorOf = (field: FieldName) => {
    const error = errors?.[field];
    return error ? t(error.key, error.params) : undefined;
  };
  return (
    <>
      <h1>{t('tools.erlangC.title')}</h1>
      <p>{t('tools.erlangC.intro')}</p>
      <section className="card" aria-labelledby="erlang-form-title">
        <h2 id="erlang-form-title" style={{ marginTop: 0 }}>
          {t('tools.erlangC.formTitle')}
        </h2>
        <Form method="get" className="stack" noValidate>
          <FormError message={errors ? t('form.errorSummary') : undefined} />
          <Field label={t('tools.erlangC.calls')} name="calls" type="number" inputMode="decimal" min="0" step="any" required defaultValue={values.calls} error={errorOf('calls')} />
          <SelectField
            label={t('tools.erlangC.intervalSeconds')}
            name="intervalSeconds"
            defaultValue={INTERVALS.includes(values.intervalSeconds as (typeof INTERVALS)[number]) ? values.intervalSeconds : '1800'}
            options={INTERVALS.map((value) => ({ value, label: t(`tools.erlangC.interval.${value}`) }))}
            error={errorOf('intervalSeconds')}
          />
          <Field label={t('tools.erlangC.ahtSeconds')} name="ahtSeconds" type="number" inputMode="decimal" min="0" step="any" required defaultValue={values.ahtSeconds} hint={t('tools.erlangC.ahtHint')} error={errorOf('ahtSeconds')} />
          <Field label={t('tools.erlangC.thresholdSeconds')} name="thresholdSeconds" type="number" inputMode="decimal" min="0" step="any" required defaultValue={values.thresholdSeconds} error={errorOf('thresholdSeconds')} />
          <ModeFieldset mode={values.mode} />
          <Field
            label={t('tools.erlangC.targetServiceLevel')}
            name="targetServiceLevel"
            type="number"
            inputMode="decimal"
            min="0"
            max="100"
            step="any"
            defaultValue={values.targetServiceLevel}
            hint={t('tools.erlangC.targetHint')}
            error={errorOf('targetServiceLevel')}
          />
          <Field label={t('tools.erlangC.agents')} name="agents" type="number" inputMode="numeric" min="1" step="1" defaultValue={values.agents} error={errorOf('agents')} />
          <Field label={t('tools.erlangC.shrinkage')} name="shrinkage" type="number" inputMode="decimal" min="0" max="99" step="any" defaultValue={values.shrinkage} hint={t('tools.erlangC.shrinkageHint')} error={errorOf('shrinkage')} />
          <Field label={t('tools.erlangC.maxOccupancy')} name="maxOccupancy" type="number" inputMode="decimal" min="1" max="100" step="any" defaultValue={values.maxOccupancy} hint={t('tools.erlangC.maxOccupancyHint')} error={errorOf('maxOccupancy')} />
          <button type="submit" disabled={busy}>
            {t('tools.erlangC.submit')}
          </button>
        </Form>
      </section>
      {result && curve ? <Results result={result} curve={curve} target={target} values={values} /> : null}
    </>
  );
}

function ModeFieldset({ mode }: { mode: string }) {
  const t = useT();
  const id = useId();
  return (
    <fieldset className="field" style={{ border: 'none', padding: 0, margin: 0 }}>
      <legend style={{ fontWeight: 600, fontSize: '0.9rem' }}>{t('tools.erlangC.mode')}</legend>
      {(['target', 'agents'] as const).map((value) => (
        <label key={value} htmlFor={`${id}-${value}`} style={{ fontWeight: 'normal' }}>
          <input id={`${id}-${value}`} type="radio" name="mode" value={value} defaultChecked={mode === value} /> {t(`tools.erlangC.mode.${value}`)}
        </label>
      ))}
    </fieldset>
  );
}

function Results({ result, curve, target, values }: { result: ErlangCResponse; curve: CurvePoint[]; target: number | null; values: FormValues }) {
  const t = useT();
  const locale = useLocale();
  const chartTitle = t('tools.erlangC.chartTitle');
  const chartData = curveChartData(curve, target, t);
  const shrinkage = formatValue(locale, Number(values.shrinkage || 0) / 100, 'percent');
  const rows: [string, string, string][] = [
    ['traffic', t('tools.erlangC.traffic'), formatValue(locale, result.trafficErlangs)],
    ['agents', t(result.mode === 'solve' ? 'tools.erlangC.agentsNeeded' : 'tools.erlangC.agentsGiven'), formatValue(locale, result.agents, 'integer')],
    ['scheduled-agents', t('tools.erlangC.scheduledAgents', { shrinkage }), formatValue(locale, result.scheduledAgents, 'integer')],
    ['service-level', t('tools.erlangC.serviceLevel', { seconds: values.thresholdSeconds }), formatValue(locale, result.serviceLevel, 'percent')],
    ['asa', t('tools.erlangC.asa'), formatValue(locale, result.asaSeconds, 'seconds')],
    ['occupancy', t('tools.erlangC.occupancy'), formatValue(locale, result.occupancy, 'percent')],
    ['p-wait', t('tools.erlangC.pWait'), formatValue(locale, result.probabilityOfWaiting, 'percent')],
  ];
  return (
    <section aria-labelledby="erlang-results-title" aria-live="polite">
      <h2 id="erlang-results-title">{t('tools.erlangC.resultsTitle')}</h2>
      <dl className="grid card" data-testid="erlang-results">
        {rows.map(([id, label, value]) => (
          <div key={id}>
            <dt className="muted">{label}</dt>
            <dd style={{ margin: 0, fontSize: '1.4rem', fontWeight: 600 }} data-result={id}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {result.isOccupancyBound ? <p className="notice">{t('tools.erlangC.occupancyBound')}</p> : null}
      {result.asaSeconds === null ? <p className="form-error">{t('tools.erlangC.unstable')}</p> : null}
      <LineChart
        data={chartData}
        title={chartTitle}
        description={t('tools.erlangC.chartDescription', { from: curve[0]!.agents, to: curve.at(-1)!.agents })}
        actions={<ChartExport data={chartData} title={chartTitle} fileName="erlang-c" />}
      />
    </section>
  );
}
