import { versionValuesOf, withBlankRows, type VersionFormValues } from '../../../app/components/contracts/version-form';
import { getContract } from '../../../app/services/contracts.server';
import type { ServiceCtx } from '../../../app/services/context';

/** Form fields as a browser without JavaScript posts them: `slas[2].target`, checked boxes only. */
export function formFieldsOf(values: VersionFormValues): Record<string, string> {
  const fields: Record<string, string> = {};
  const walk = (value: unknown, name: string) => {
    if (typeof value === 'boolean') {
      if (value) fields[name] = 'on';
    } else if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${name}[${i}]`));
    else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, name ? `${name}.${key}` : key);
    else fields[name] = String(value ?? '');
  };
  walk(values, '');
  return fields;
}

/** What the editor page offers for a contract: the version in force, plus its blank rows. */
export async function prefilledValues(ctx: ServiceCtx, contractId: string): Promise<VersionFormValues> {
  const contract = await getContract(ctx, contractId);
  return withBlankRows(versionValuesOf(contract.currentVersion!));
}

/** The text of a field's error paragraph (`<p id="f-slas-2-target-error">`), if the page shows one. */
export function fieldErrorText(html: string, fieldId: string): string | undefined {
  return new RegExp(`id="${fieldId}-error"[^>]*>([^<]*)<`).exec(html)?.[1];
}

/** The value attribute of the input with this name. */
export function inputValue(html: string, name: string): string | undefined {
  const tag = new RegExp(`<input[^>]*name="${name.replace(/[[\].]/g, '\\$&')}"[^>]*>`).exec(html)?.[0];
  return tag ? /value="([^"]*)"/.exec(tag)?.[1] : undefined;
}
