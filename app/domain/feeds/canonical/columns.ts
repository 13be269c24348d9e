/** Finds columns in a header by name, ignoring case and spacing (the sniffer's normalisation). */
import { normaliseColumnName } from '../sniff';

export class ColumnIndex {
  private readonly byName = new Map<string, string>();

  constructor(readonly header: readonly string[]) {
    for (const column of header) this.byName.set(normaliseColumnName(column), column);
  }

  /** The header's spelling of the first of `names` present. */
  find(...names: string[]): string | undefined {
    for (const name of names) {
      const column = this.byName.get(normaliseColumnName(name));
      if (column !== undefined) return column;
    }
    return undefined;
  }

  has(name: string): boolean {
    return this.byName.has(normaliseColumnName(name));
  }

  /** Every column matching `pattern` (tested against the normalised name), with its match. */
  matching(pattern: RegExp): Array<{ column: string; match: RegExpExecArray }> {
    const found: Array<{ column: string; match: RegExpExecArray }> = [];
    for (const column of this.header) {
      const match = pattern.exec(normaliseColumnName(column));
      if (match) found.push({ column, match });
    }
    return found;
  }

  /** Columns of the header not in `used`. */
  unused(used: Iterable<string | undefined>): string[] {
    const usedSet = new Set([...used].filter((c): c is string => c !== undefined));
    return this.header.filter((column) => !usedSet.has(column));
  }
}

/** Share of `signature` names present in the header: the detection score of a template. */
export function signatureScore(header: readonly string[], signature: readonly string[]): number {
  const columns = new ColumnIndex(header);
  const present = signature.filter((name) => columns.has(name)).length;
  return signature.length === 0 ? 0 : present / signature.length;
}
