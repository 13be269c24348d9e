/** Units and queues an SLA or a rate line may be scoped to: the contract's units (or, for a new contract, the vendors'). */
export interface ScopeUnit {
  id: string;
  name: string;
  queues: { id: string; name: string }[];
}
export interface ScopeOptions {
  unitOptions: { value: string; label: string }[];
  queueOptions: { value: string; label: string }[];
}

export function scopeOptionsOf(units: ScopeUnit[]): ScopeOptions {
  return {
    unitOptions: units.map((u) => ({ value: u.id, label: u.name })),
    queueOptions: units.flatMap((u) => u.queues.map((q) => ({ value: q.id, label: `${u.name} · ${q.name}` }))),
  };
}
