import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Module boundaries (DESIGN.md, "A module owns its tables, types and rules"):
 * a module reaches another only through the public surface of its index.ts,
 * and never names another module's entity (table) in a repository, manager or
 * query-builder call, or its table in SQL.
 */
const MODULES_DIR = path.join(__dirname, '../../src/modules');

/** Calls that read or write a table given its entity class (TypeORM's repository, manager and query builder). */
const DATA_CALLS = new Set([
  'getRepository',
  'find',
  'findOne',
  'findBy',
  'findOneBy',
  'findOneOrFail',
  'findAndCount',
  'count',
  'countBy',
  'exists',
  'existsBy',
  'insert',
  'update',
  'upsert',
  'delete',
  'save',
  'remove',
  'increment',
  'decrement',
  'create',
  'merge',
  'preload',
  'createQueryBuilder',
  'from',
  'into',
  'innerJoin',
  'leftJoin',
  'innerJoinAndSelect',
  'leftJoinAndSelect',
  'innerJoinAndMapOne',
  'leftJoinAndMapOne',
]);

interface SourceFile {
  module: string;
  file: string;
  text: string;
}

interface Entity {
  module: string;
  className: string;
  table: string;
}

function filesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesOf(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

function moduleSources(): SourceFile[] {
  return readdirSync(MODULES_DIR)
    .filter((name) => statSync(path.join(MODULES_DIR, name)).isDirectory())
    .flatMap((module) =>
      filesOf(path.join(MODULES_DIR, module)).map((file) => ({ module, file, text: readFileSync(file, 'utf8') })),
    );
}

function parse(source: SourceFile): ts.SourceFile {
  return ts.createSourceFile(source.file, source.text, ts.ScriptTarget.Latest, true);
}

/** `@Entity('table') export class Name` in a module's files. */
function entitiesOf(sources: SourceFile[]): Entity[] {
  const found: Entity[] = [];
  for (const source of sources) {
    const visit = (node: ts.Node): void => {
      if (ts.isClassDeclaration(node) && node.name) {
        for (const decorator of ts.getDecorators(node) ?? []) {
          const call = decorator.expression;
          if (!ts.isCallExpression(call) || call.expression.getText() !== 'Entity') continue;
          const arg = call.arguments[0];
          const table = arg && ts.isStringLiteral(arg) ? arg.text : node.name.text;
          found.push({ module: source.module, className: node.name.text, table });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(parse(source));
  }
  return found;
}

/** Every way a module breaks a boundary, one line each. */
export function boundaryViolations(sources: SourceFile[], entities: Entity[], modulesDir = MODULES_DIR): string[] {
  const problems: string[] = [];
  const modules = new Set([...sources.map((s) => s.module), ...entities.map((e) => e.module)]);
  const compositionRoot = ['services', 'index'].map((f) => path.join(modulesDir, f));
  for (const source of sources) {
    const where = path.relative(modulesDir, source.file);
    const tree = parse(source);
    const foreign = entities.filter((e) => e.module !== source.module);
    const visit = (node: ts.Node): void => {
      // 1. Imports (and re-exports) into another module's files, or of the composition root.
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
        const spec = (node.moduleSpecifier as ts.StringLiteral).text;
        if (spec.startsWith('.')) {
          const target = path.resolve(path.dirname(source.file), spec);
          const relative = path.relative(modulesDir, target).split(path.sep);
          const typeOnly = ts.isImportDeclaration(node) && !!node.importClause?.isTypeOnly;
          if (relative[0] !== '..' && modules.has(relative[0]) && relative[0] !== source.module) {
            const isIndex = relative.length === 1 || (relative.length === 2 && relative[1] === 'index');
            if (!isIndex) problems.push(`${where}: imports ${spec} (another module's file; import its index)`);
          }
          if (compositionRoot.includes(target) && !typeOnly)
            problems.push(`${where}: imports ${spec} (the composition root; modules do not depend on it)`);
        }
      }
      // 2. A data call naming another module's entity class.
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const name = ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : ts.isIdentifier(callee)
            ? callee.text
            : '';
        if (DATA_CALLS.has(name)) {
          for (const arg of node.arguments) {
            const entity = foreign.find((e) => ts.isIdentifier(arg) && arg.text === e.className);
            if (entity)
              problems.push(`${where}: ${name}(${entity.className}) uses the ${entity.module} module's table`);
            const table = foreign.find(
              (e) => (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) && arg.text === e.table,
            );
            if (table) problems.push(`${where}: ${name}('${table.table}') uses the ${table.module} module's table`);
          }
        }
      }
      // 3. Another module's table in SQL text.
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
        const text = node.getText();
        for (const e of foreign) {
          // SQL keywords are upper case in our code: English text in messages ("update invoice") is not SQL.
          const sql = new RegExp(`\\b(FROM|JOIN|INTO|UPDATE|TABLE)\\s+[\\x60"]?${e.table}\\b`);
          if (sql.test(text)) problems.push(`${where}: SQL names the ${e.module} module's table ${e.table}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(tree);
  }
  return problems;
}

describe('module boundaries', () => {
  const sources = moduleSources();
  const entities = entitiesOf(sources);

  it('finds the modules and the tables they own', () => {
    expect(new Set(sources.map((s) => s.module)).size).toBeGreaterThanOrEqual(9);
    expect(entities).toContainEqual({ module: 'account', className: 'CorporateAccount', table: 'corporate_account' });
    expect(entities).toContainEqual({ module: 'invoices', className: 'Invoice', table: 'invoice' });
  });

  it('no module imports another module other than through its index, or touches its tables', () => {
    expect(boundaryViolations(sources, entities)).toEqual([]);
  });

  it('catches each kind of violation (the check itself works)', () => {
    const file = (module: string, name: string, text: string): SourceFile => ({
      module,
      file: path.join(MODULES_DIR, module, name),
      text,
    });
    const bad = [
      file('quotes', 'bad.service.ts', "import { Invoice } from '../invoices/invoice.entity';"),
      file('quotes', 'bad2.service.ts', "import { x } from '../services';"),
      file('quotes', 'bad3.service.ts', 'async function f(tx) { await tx.manager.findOneBy(Invoice, { id: 1 }); }'),
      file(
        'quotes',
        'bad4.service.ts',
        "async function f(ds) { await ds.query('SELECT * FROM invoice WHERE id = ?'); }",
      ),
      file(
        'quotes',
        'bad5.service.ts',
        "function f(qb) { return qb.innerJoin('invoice', 'i', 'i.id = q.invoice_id'); }",
      ),
      file(
        'quotes',
        'ok.service.ts',
        "import { InvoiceService } from '../invoices';\nimport { x } from './quote.entity';",
      ),
    ];
    const problems = boundaryViolations(bad, entities);
    expect(problems).toEqual([
      "quotes/bad.service.ts: imports ../invoices/invoice.entity (another module's file; import its index)",
      'quotes/bad2.service.ts: imports ../services (the composition root; modules do not depend on it)',
      "quotes/bad3.service.ts: findOneBy(Invoice) uses the invoices module's table",
      "quotes/bad4.service.ts: SQL names the invoices module's table invoice",
      "quotes/bad5.service.ts: innerJoin('invoice') uses the invoices module's table",
    ]);
  });
});
