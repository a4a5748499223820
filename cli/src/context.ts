import type { TadaDocumentNode } from 'gql.tada';
import { Api, describeOperation } from './client';
import { profileName } from './config';
import { confirmOrStop } from './input';
import { Output, parseFormat } from './output';
import { credentialsFor } from './session';

/** The options every command takes (see `corp-billing --help`). */
export interface GlobalOptions {
  profile?: string;
  url?: string;
  output: string;
  color: boolean;
  verbose?: boolean;
  yes?: boolean;
  dryRun?: boolean;
}

/** Whether stdout gets colour: a terminal, no NO_COLOR, no --no-color. */
export function colourWanted(options: { color: boolean }): boolean {
  return options.color && Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}

/** One command's run: its options, the API with the profile's session, and the output. */
export class Run {
  readonly out: Output;
  readonly profile: string;
  private apiClient: Api | null = null;

  constructor(readonly options: GlobalOptions) {
    this.profile = profileName(options.profile);
    this.out = new Output(parseFormat(options.output), colourWanted(options));
  }

  /** --verbose lines on stderr. */
  readonly trace = (line: string) => {
    if (this.options.verbose) process.stderr.write(`${line}\n`);
  };

  get api(): Api {
    this.apiClient ??= new Api(credentialsFor(this.profile, this.options.url), this.trace);
    return this.apiClient;
  }

  query<R, V extends Record<string, unknown>>(document: TadaDocumentNode<R, V>, variables: V): Promise<R> {
    return this.api.query(document, variables);
  }

  /**
   * Sends a mutation, or with --dry-run prints it and its variables and
   * sends nothing (then resolves to null). With `confirm`, it asks that
   * question first at a terminal, or needs --yes.
   */
  async mutate<R, V extends Record<string, unknown>>(
    document: TadaDocumentNode<R, V>,
    variables: V,
    confirm?: string,
  ): Promise<R | null> {
    if (this.options.dryRun) {
      process.stdout.write(`${describeOperation(document, variables)}\n`);
      return null;
    }
    if (confirm) await confirmOrStop(confirm, Boolean(this.options.yes));
    return this.api.mutate(document, variables);
  }
}
