import { Argument, Help, type Command, type Option } from 'commander';

/**
 * The words that can follow `words` (the last one being typed): the
 * subcommands of the command they name, else its long options (the global
 * ones too). What the shell scripts below ask the CLI for.
 */
export function candidates(program: Command, words: string[]): string[] {
  const typed = words[words.length - 1] ?? '';
  let command = program;
  for (const word of words.slice(0, -1)) {
    const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (sub) command = sub;
  }
  const help = new Help();
  const options = (c: Command): string[] => help.visibleOptions(c).flatMap((o: Option) => (o.long ? [o.long] : []));
  const found = typed.startsWith('-')
    ? [...options(command), ...(command === program ? [] : options(program))]
    : help.visibleCommands(command).map((c) => c.name());
  return [...new Set(found)].filter((w) => w.startsWith(typed)).sort();
}

const BASH = `# corp-billing completion for bash: eval "$(corp-billing completion bash)" in ~/.bashrc
_corp_billing() {
  local IFS=$'\\n'
  COMPREPLY=($(corp-billing __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _corp_billing corp-billing
`;

const ZSH = `#compdef corp-billing
# corp-billing completion for zsh: eval "$(corp-billing completion zsh)" in ~/.zshrc (after compinit)
_corp_billing() {
  local -a words_
  words_=("\${(@f)$(corp-billing __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  compadd -a words_
}
compdef _corp_billing corp-billing
`;

export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('print the shell completion script: eval "$(corp-billing completion bash)" (or zsh)')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh']))
    .action((shell: 'bash' | 'zsh') => {
      process.stdout.write(shell === 'bash' ? BASH : ZSH);
    });
  program
    .command('__complete', { hidden: true })
    .argument('[words...]')
    .allowUnknownOption()
    .helpOption(false)
    .action((words: string[]) => {
      const list = candidates(program, words.length > 0 ? words : ['']);
      if (list.length > 0) process.stdout.write(`${list.join('\n')}\n`);
    });
}
