import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import ts from 'typescript';
import { entities } from '../../src/modules';

/**
 * The README's "Modules and boundaries" table, derived from the code: the
 * tables each module owns (`@Entity('…')`), the GraphQL entity types it owns
 * (`@Directive('@key(fields: "id")')` on an `@ObjectType`), the types of other
 * modules it extends (`extendedType('…')`) and its foreign keys to other
 * modules' tables (TypeORM's metadata). The test fails when the README differs.
 */
const ROOT = path.join(__dirname, '../..');
const MODULES_DIR = path.join(ROOT, 'src/modules');
const MAIL_DIR = path.join(ROOT, 'src/mail');
const HEADING = '### Modules and boundaries';
const HEADER = '| module | tables it owns | entity types it owns | types it extends | foreign keys to other modules |';

interface ModuleRow {
  module: string;
  tables: string[];
  entityTypes: string[];
  extends: string[];
  foreignKeys: string[];
}

type Column = Exclude<keyof ModuleRow, 'module'>;
const COLUMNS: Column[] = ['tables', 'entityTypes', 'extends', 'foreignKeys'];

function filesOf(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return filesOf(full);
      return name.endsWith('.ts') ? [full] : [];
    });
}

/** Every module folder, plus `mail` for src/mail's outbox. */
function moduleDirs(): { module: string; dir: string }[] {
  const modules = readdirSync(MODULES_DIR)
    .filter((name) => statSync(path.join(MODULES_DIR, name)).isDirectory())
    .sort()
    .map((module) => ({ module, dir: path.join(MODULES_DIR, module) }));
  return [...modules, { module: 'mail', dir: MAIL_DIR }];
}

function decoratorCall(node: ts.Node, name: string): ts.CallExpression | undefined {
  const decorators = ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : [];
  for (const d of decorators) {
    const e = d.expression;
    if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === name) return e;
  }
  return undefined;
}

function stringArg(call: ts.CallExpression | undefined): string | undefined {
  const first = call?.arguments[0];
  return first && ts.isStringLiteralLike(first) ? first.text : undefined;
}

/** What one module's source files declare: tables, owned entity types, extended types. */
function scanModule(module: string, dir: string): Omit<ModuleRow, 'foreignKeys'> {
  const tables: string[] = [];
  const entityTypes: string[] = [];
  const extended: string[] = [];
  for (const file of filesOf(dir)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isClassDeclaration(node)) {
        const entity = decoratorCall(node, 'Entity');
        if (entity) {
          const table = stringArg(entity);
          if (!table) throw new Error(`${path.relative(ROOT, file)}: @Entity without a table name string`);
          tables.push(table);
        }
        const objectType = decoratorCall(node, 'ObjectType');
        const key = decoratorCall(node, 'Directive');
        if (objectType && stringArg(key) === '@key(fields: "id")') {
          const name = stringArg(objectType) ?? node.name?.text;
          if (!name) throw new Error(`${path.relative(ROOT, file)}: an anonymous @key class`);
          entityTypes.push(name);
        }
      }
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'extendedType') {
        const name = stringArg(node);
        if (!name) throw new Error(`${path.relative(ROOT, file)}: extendedType() without a type name string`);
        extended.push(name);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { module, tables, entityTypes, extends: extended };
}

const unique = (names: string[]) => [...new Set(names)].sort();

/** The table as the code has it: one row per module, names sorted. */
async function derivedRows(): Promise<ModuleRow[]> {
  const scanned = moduleDirs().map(({ module, dir }) => scanModule(module, dir));
  const ownerOf = new Map<string, string>();
  for (const row of scanned)
    for (const table of row.tables) {
      const other = ownerOf.get(table);
      if (other) throw new Error(`table ${table} is declared in both ${other} and ${row.module}`);
      ownerOf.set(table, row.module);
    }

  // The entity metadata only, without opening a database: no better-sqlite3 statement is ever made here
  // (on Node 24, better-sqlite3 12 can abort the worker when it finalises statements late).
  const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities });
  await (ds as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  const foreignKeys = new Map<string, string[]>();
  {
    for (const meta of ds.entityMetadatas) {
      const module = ownerOf.get(meta.tableName);
      if (!module) throw new Error(`entity table ${meta.tableName} has no @Entity in a module's files`);
      for (const fk of meta.foreignKeys) {
        const target = fk.referencedEntityMetadata.tableName;
        const targetModule = ownerOf.get(target);
        if (!targetModule) throw new Error(`foreign key target ${target} has no @Entity in a module's files`);
        if (targetModule === module) continue;
        const list = foreignKeys.get(module) ?? [];
        list.push(`${meta.tableName}.${fk.columnNames.join(', ')} → ${target}`);
        foreignKeys.set(module, list);
      }
    }
  }

  return scanned.map((row) => ({
    module: row.module,
    tables: unique(row.tables),
    entityTypes: unique(row.entityTypes),
    extends: unique(row.extends),
    foreignKeys: unique(foreignKeys.get(row.module) ?? []),
  }));
}

/** A cell: "—", or names in backticks separated by ", ". */
function parseCell(cell: string, where: string): string[] {
  const text = cell.trim();
  if (text === '—') return [];
  const names = text.split(/,\s*(?=`)/).map((part) => {
    const m = /^`([^`]+)`$/.exec(part.trim());
    if (!m) throw new Error(`${where}: "${text}" is not "—" or names in backticks separated by ", "`);
    return m[1];
  });
  return names;
}

/** The rows of the first table after the "Modules and boundaries" heading. */
function parseReadmeTable(markdown: string): ModuleRow[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === HEADING);
  if (start < 0) throw new Error(`README has no "${HEADING}" heading`);
  const headerAt = lines.findIndex((line, i) => i > start && line.trim().startsWith('|'));
  if (headerAt < 0) throw new Error(`README has no table after "${HEADING}"`);
  if (lines[headerAt].trim() !== HEADER) throw new Error(`README table header is "${lines[headerAt].trim()}"`);
  const rows: ModuleRow[] = [];
  for (const line of lines.slice(headerAt + 2)) {
    if (!line.trim().startsWith('|')) break;
    const cells = line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|');
    if (cells.length !== 5) throw new Error(`README table row has ${cells.length} cells: ${line}`);
    const module = cells[0].trim().replace(/^`(.*)`$/, '$1');
    const [tables, entityTypes, extended, foreignKeys] = cells
      .slice(1)
      .map((cell, i) => parseCell(cell, `${module}, ${COLUMNS[i]}`));
    rows.push({ module, tables, entityTypes, extends: extended, foreignKeys });
  }
  return rows;
}

/** What differs between the code's rows and the README's, one line per difference. */
function differences(expected: ModuleRow[], documented: ModuleRow[]): string[] {
  const problems: string[] = [];
  const byModule = new Map(documented.map((row) => [row.module, row]));
  for (const row of documented)
    if (!expected.some((e) => e.module === row.module))
      problems.push(`README has a row for unknown module ${row.module}`);
  for (const row of expected) {
    const doc = byModule.get(row.module);
    if (!doc) {
      problems.push(`README has no row for module ${row.module}`);
      continue;
    }
    for (const column of COLUMNS) {
      const want = new Set(row[column]);
      const have = new Set(doc[column]);
      for (const name of want) if (!have.has(name)) problems.push(`${row.module} ${column}: missing ${name}`);
      for (const name of have) if (!want.has(name)) problems.push(`${row.module} ${column}: not in the code: ${name}`);
    }
  }
  return problems;
}

function renderTable(rows: ModuleRow[]): string {
  const cell = (names: string[]) => (names.length ? names.map((n) => `\`${n}\``).join(', ') : '—');
  return [
    HEADER,
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.module} | ${COLUMNS.map((c) => cell(r[c])).join(' | ')} |`),
  ].join('\n');
}

describe('README module table', () => {
  let rows: ModuleRow[];
  beforeAll(async () => {
    rows = await derivedRows();
  });

  it('finds every module, its tables and the foreign keys between modules', () => {
    const names = rows.map((r) => r.module);
    expect(names).toEqual(expect.arrayContaining(['account', 'identity', 'invoices', 'payments', 'mail']));
    expect(rows.find((r) => r.module === 'account')?.tables).toContain('corporate_account');
    expect(rows.find((r) => r.module === 'account')?.entityTypes).toEqual(['CorporateAccount']);
    expect(rows.find((r) => r.module === 'payments')?.extends).toEqual(['Invoice']);
    expect(rows.find((r) => r.module === 'invoices')?.foreignKeys).toContain('invoice.account_id → corporate_account');
  });

  it('matches the README (the expected table is printed when it does not)', () => {
    const documented = parseReadmeTable(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    const problems = differences(rows, documented);
    if (problems.length) throw new Error(`${problems.join('\n')}\n\nThe table the code has:\n${renderTable(rows)}`);
  });

  it('catches a wrong table, a missing type, a missing row and a malformed cell (the check itself works)', () => {
    const same = parseReadmeTable(`${HEADING}\n\n${renderTable(rows)}\n`);
    expect(differences(rows, same)).toEqual([]);

    const doctored = rows
      .filter((r) => r.module !== 'quotes')
      .map((r) =>
        r.module === 'account'
          ? { ...r, tables: [...r.tables, 'quote'], entityTypes: [] }
          : r.module === 'invoices'
            ? { ...r, foreignKeys: ['invoice.owner_id → corporate_account'] }
            : r,
      );
    const problems = differences(rows, parseReadmeTable(`${HEADING}\n\n${renderTable(doctored)}\n`));
    expect(problems).toEqual(
      expect.arrayContaining([
        'account tables: not in the code: quote',
        'account entityTypes: missing CorporateAccount',
        'invoices foreignKeys: missing invoice.account_id → corporate_account',
        'invoices foreignKeys: not in the code: invoice.owner_id → corporate_account',
        'README has no row for module quotes',
      ]),
    );

    const malformed = `${HEADING}\n\n${HEADER}\n| --- | --- | --- | --- | --- |\n| account | corporate_account | — | — | — |\n`;
    expect(() => parseReadmeTable(malformed)).toThrow(/not "—" or names in backticks/);
  });
});
