import { useState } from 'react';
import { Field, SelectField } from '#app/components/field';
import { useT } from '#app/i18n/react';
import type { FieldErrors } from '#app/lib/form-data';
import { GroupError, fieldIdOf, useFieldError, useHydrated } from './editor-bits';

interface PartiesProps {
  vendors: { id: string; name: string }[];
  units: { id: string; name: string; programName: string | null; vendorOrgId: string }[];
  values: { name: string; vendorOrgId: string; unitIds: string[] };
  errors: FieldErrors;
}

/**
 * Name, vendor and covered units of a new contract. Without JavaScript every vendor's units are listed
 * under its name; with it, only the chosen vendor's.
 */
export function ContractPartiesFields({ vendors, units, values, errors }: PartiesProps) {
  const t = useT();
  const errorOf = useFieldError(errors);
  const hydrated = useHydrated();
  const [vendorOrgId, setVendorOrgId] = useState(values.vendorOrgId);
  const unitsError = errorOf('unitIds');
  const unitsErrorId = `${fieldIdOf('unitIds')}-error`;
  const shownVendors = hydrated ? vendors.filter((v) => v.id === vendorOrgId) : vendors;
  return (
    <fieldset className="contract-terms">
      <legend>{t('contractsUi.new.parties')}</legend>
      <div className="contract-row-grid">
        <Field label={t('contractsUi.field.name')} id={fieldIdOf('name')} name="name" defaultValue={values.name} required error={errorOf('name')} />
        <SelectField
          label={t('contractsUi.field.vendor')}
          id={fieldIdOf('vendorOrgId')}
          name="vendorOrgId"
          defaultValue={values.vendorOrgId}
          onChange={(e) => setVendorOrgId(e.currentTarget.value)}
          options={vendors.map((v) => ({ value: v.id, label: v.name }))}
          error={errorOf('vendorOrgId')}
        />
      </div>
      <fieldset id={fieldIdOf('unitIds')} className="contract-units" aria-describedby={unitsError ? unitsErrorId : undefined}>
        <legend>{t('contractsUi.field.units')}</legend>
        <GroupError id={unitsErrorId} message={unitsError} />
        {shownVendors.map((vendor) => (
          <div key={vendor.id} role="group" aria-label={vendor.name}>
            {hydrated ? null : <p className="field-hint">{vendor.name}</p>}
            {units
              .filter((u) => u.vendorOrgId === vendor.id)
              .map((u) => (
                <label key={u.id}>
                  <input type="checkbox" name="unitIds" value={u.id} defaultChecked={values.unitIds.includes(u.id)} /> {u.programName ? `${u.name} (${u.programName})` : u.name}
                </label>
              ))}
          </div>
        ))}
      </fieldset>
    </fieldset>
  );
}
