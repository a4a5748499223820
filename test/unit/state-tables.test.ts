import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { StateMachine } from '../../src/common/state-machine';

const SRC = path.join(__dirname, '../../src');
const sourceFiles = (suffix: string) =>
  readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => path.join(SRC, f));

type AnyMachine = StateMachine<string>;

/** Every StateMachine exported by every src/**\/*.state.ts, with the file it came from. */
async function loadMachines(): Promise<Array<{ file: string; machine: AnyMachine }>> {
  const found: Array<{ file: string; machine: AnyMachine }> = [];
  for (const file of sourceFiles('.state.ts')) {
    const exports = (await import(file)) as Record<string, unknown>;
    const machines = Object.values(exports).filter((v): v is AnyMachine => v instanceof StateMachine);
    if (machines.length === 0) throw new Error(`${path.relative(SRC, file)} exports no StateMachine`);
    for (const machine of machines) found.push({ file: path.relative(SRC, file), machine });
  }
  return found;
}

/** How a table reads in the reviewed snapshot: `payment: PENDING → SUCCEEDED, FAILED`. */
function tableLines(machine: AnyMachine): string[] {
  const { name, values } = machine.info!;
  return Object.values(values).map((from) => {
    const targets = machine.table[from] ?? [];
    return `${name}: ${from} → ${targets.length ? targets.join(', ') : '(final)'}`;
  });
}

describe('status transition tables', () => {
  let machines: Array<{ file: string; machine: AnyMachine }>;
  beforeAll(async () => {
    machines = await loadMachines();
  });

  it('name their status enum, have every value as a key and only its values as targets', () => {
    expect(machines.length).toBeGreaterThan(0);
    for (const { file, machine } of machines) {
      expect({ file, info: machine.info ? 'named' : 'no name and enum' }).toEqual({ file, info: 'named' });
      const values = Object.values(machine.info!.values).sort();
      expect({ file, keys: Object.keys(machine.table).sort() }).toEqual({ file, keys: values });
      for (const [from, targets] of Object.entries(machine.table))
        for (const to of targets)
          expect({ file, from, to, valid: values.includes(to) }).toEqual({ file, from, to, valid: true });
    }
    const names = machines.map((m) => m.machine.info!.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('cover every status column of every entity', async () => {
    const enums = new Set(machines.map((m) => m.machine.info!.values));
    const columnEnums = new Set<unknown>();
    for (const file of sourceFiles('.entity.ts')) {
      const text = readFileSync(file, 'utf8');
      const exports = (await import(file)) as Record<string, unknown>;
      for (const [, property, type] of text.matchAll(/^\s+(status|state)[!?]?:\s*(\w+)/gm)) {
        const column = `${path.relative(SRC, file)} ${property}: ${type}`;
        columnEnums.add(exports[type]);
        expect({ column, hasTable: enums.has(exports[type] as Record<string, string>) }).toEqual({
          column,
          hasTable: true,
        });
      }
    }
    // And no table for a status nothing stores.
    for (const { file, machine } of machines)
      expect({ file, stored: columnEnums.has(machine.info!.values) }).toEqual({ file, stored: true });
  });

  it('match the reviewed snapshot', () => {
    const text = machines
      .map((m) => m.machine)
      .sort((a, b) => a.info!.name.localeCompare(b.info!.name))
      .flatMap(tableLines)
      .join('\n');
    expect(text).toMatchSnapshot();
  });
});
