/** Billing scenarios: interval feeds with the billable components, uploaded the way vendors upload them. */
import type { Components } from '../../../app/domain/kpi/components';
import { ingestUpload } from '../../../app/services/feeds/ingest.server';
import { bytes } from '../feeds/support';
import { daysOf, type ContractUnit, type SlaWorld } from '../sla/support';

const HEADER = 'interval_start,interval_minutes,queue,channel,threshold_s,offered,handled,answered_within_threshold,abandoned,wait_s,talk_s,hold_s,wrap_s,staffed_s';

/** Every 09:00-10:00 quarter-hour of a Taipei month (4 a day), the same row each time. */
export function billingCsv(month: string, c: Pick<Components, 'offered' | 'handled' | 'answered_within_threshold' | 'abandoned' | 'wait_s' | 'talk_s' | 'hold_s' | 'wrap_s' | 'staffed_s'>): string {
  const lines = [HEADER];
  for (const day of daysOf(month)) {
    for (const m of ['00', '15', '30', '45']) {
      lines.push(`${day}T09:${m}:00+08:00,15,Main,voice,20,${c.offered},${c.handled},${c.answered_within_threshold},${c.abandoned},${c.wait_s},${c.talk_s},${c.hold_s},${c.wrap_s},${c.staffed_s}`);
    }
  }
  return lines.join('\r\n') + '\r\n';
}

export async function uploadMonth(world: SlaWorld, unit: ContractUnit, vendor: 'vendor1' | 'vendor2', csv: string) {
  const result = await ingestUpload(world.seeded.ctx(vendor, 'vendor_reporter'), { unitId: unit.unitId, fileName: 'month.csv', contentType: 'text/csv', body: bytes(csv) });
  if (result.upload.status !== 'accepted') throw new Error(`upload not accepted: ${JSON.stringify(result.upload)}`);
  return result;
}
