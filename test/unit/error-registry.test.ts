import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PASS_THROUGH_CODES } from '../../src/common/errors';
import { ERROR_CODES, ERROR_GROUPS, httpStatusOf } from '../../src/modules/error-codes';

/** The rows of the README's error table (its "### Errors" section): code, HTTP status, meaning. */
function readmeErrorTable(): Array<{ code: string; status: number; meaning: string }> {
  const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const section = readme.split(/^### Errors$/m)[1]?.split(/^#{2,3} /m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const match = /^\| `([A-Z_]+)` \| (\d{3}) \| (.+) \|$/.exec(line);
      if (!match) throw new Error(`README error table: a row the test cannot read: ${line}`);
      return { code: match[1], status: Number(match[2]), meaning: match[3] };
    });
}

describe('the error registry', () => {
  it('declares every code in one group only', () => {
    const declared = Object.values(ERROR_GROUPS).flatMap((group) => Object.keys(group));
    expect(declared.length).toBeGreaterThan(30);
    expect(new Set(declared).size).toBe(declared.length);
    expect(Object.keys(ERROR_CODES).sort()).toEqual([...declared].sort());
  });

  it('is what the README error table lists: the same codes, statuses and meanings', () => {
    const rows = readmeErrorTable();
    expect(rows.map((r) => r.code).sort()).toEqual(Object.keys(ERROR_CODES).sort());
    expect(new Set(rows.map((r) => r.code)).size).toBe(rows.length);
    for (const row of rows)
      expect({ code: row.code, ...ERROR_CODES[row.code as keyof typeof ERROR_CODES] }).toEqual(row);
  });

  it('holds only codes that src raises or passes through', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
      );
    const code = sources(path.join(__dirname, '../../src'))
      .filter((file) => !/(\.errors|error-codes)\.ts$/.test(file))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const unused = Object.keys(ERROR_CODES).filter((c) => !code.includes(`'${c}'`));
    expect(unused).toEqual([]);
  });

  it('holds the codes that graphql-js and Apollo errors pass through with', () => {
    for (const code of PASS_THROUGH_CODES) expect(Object.keys(ERROR_CODES)).toContain(code);
  });

  it('keeps the statuses the file routes answered with before it existed', () => {
    expect({
      UNAUTHENTICATED: httpStatusOf('UNAUTHENTICATED'),
      FORBIDDEN: httpStatusOf('FORBIDDEN'),
      NOT_FOUND: httpStatusOf('NOT_FOUND'),
      BAD_USER_INPUT: httpStatusOf('BAD_USER_INPUT'),
      NOT_A_PDF: httpStatusOf('NOT_A_PDF'),
      PAYLOAD_TOO_LARGE: httpStatusOf('PAYLOAD_TOO_LARGE'),
      LINK_EXPIRED: httpStatusOf('LINK_EXPIRED'),
    }).toEqual({
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      BAD_USER_INPUT: 400,
      NOT_A_PDF: 415,
      PAYLOAD_TOO_LARGE: 413,
      LINK_EXPIRED: 403,
    });
  });

  it('gives every code an HTTP status and a one-line meaning', () => {
    for (const [code, { status, meaning }] of Object.entries(ERROR_CODES)) {
      expect([code, status >= 200 && status < 600]).toEqual([code, true]);
      expect([code, meaning.length > 10 && !meaning.includes('\n') && !meaning.includes('|')]).toEqual([code, true]);
    }
  });
});
