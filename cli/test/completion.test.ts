import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/common/package-root';
import { CliUser } from './helpers/cli';

/** Shell completion: the scripts, and bash completing commands and options through them. */
const cli = new CliUser();
afterAll(() => cli.remove());

/** What bash offers after `words` (the last one being typed), with the script from `corp-billing completion bash`. */
function bashCompletes(script: string, words: string[]): string[] {
  const bin = path.join(cli.home, 'bin');
  mkdirSync(bin, { recursive: true });
  try {
    symlinkSync(path.join(packageRoot(), 'cli', 'bin', 'corp-billing.js'), path.join(bin, 'corp-billing'));
  } catch {
    // Made by an earlier call.
  }
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const out = execFileSync(
    'bash',
    [
      '-c',
      `${script}\nCOMP_WORDS=(corp-billing ${quoted}); COMP_CWORD=${words.length}; _corp_billing; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, XDG_CONFIG_HOME: cli.home }, encoding: 'utf8' },
  );
  return out.split('\n').filter(Boolean);
}

describe('corp-billing completion', () => {
  it('completes commands, subcommands and options in bash', async () => {
    const script = await cli.ok(['completion', 'bash']);
    expect(script).toContain('complete -o default -F _corp_billing corp-billing');
    expect(bashCompletes(script, ['acc'])).toEqual(['accounts']);
    expect(bashCompletes(script, ['accounts', ''])).toEqual(
      expect.arrayContaining(['assign-rep', 'create', 'list', 'show', 'update']),
    );
    expect(bashCompletes(script, ['accounts', 'list', '--l'])).toEqual(['--limit']);
    expect(bashCompletes(script, ['--prof'])).toEqual(['--profile']);
    // The hidden helper command is not offered.
    expect(bashCompletes(script, ['__'])).toEqual([]);
  });

  it('prints a zsh script, and refuses another shell', async () => {
    const zsh = await cli.ok(['completion', 'zsh']);
    expect(zsh.startsWith('#compdef corp-billing\n')).toBe(true);
    expect(zsh).toContain('compdef _corp_billing corp-billing');
    expect((await cli.run(['completion', 'fish'])).code).toBe(2);
  });
});
