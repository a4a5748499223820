import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import lockfile from 'proper-lockfile';
import { CliError, EXIT } from './errors';

/** What the CLI keeps per profile: the service and the session's tokens, never the password. */
export interface Profile {
  /** The GraphQL endpoint, e.g. https://billing.example/graphql. */
  url: string;
  accessToken?: string;
  accessTokenExpiresAt?: string;
  refreshToken?: string;
  user?: { id: string; billingUserId: string; displayName: string; role: string };
}

interface ConfigFile {
  profiles: Record<string, Profile>;
}

/** The per-user config folder: $XDG_CONFIG_HOME/corp-billing on Linux, the platform's own elsewhere. */
export function configDir(): string {
  return envPaths('corp-billing', { suffix: '' }).config;
}
export const configFile = () => path.join(configDir(), 'config.json');

/** The profile in use: --profile, else CORP_BILLING_PROFILE, else "default". */
export function profileName(option?: string): string {
  const name = option ?? process.env.CORP_BILLING_PROFILE ?? 'default';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name))
    throw new CliError(`invalid profile name "${name}": use letters, digits, ".", "_" or "-"`, EXIT.USAGE);
  return name;
}

export function readConfig(): ConfigFile {
  let text: string;
  try {
    text = readFileSync(configFile(), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as Partial<ConfigFile>;
    return { profiles: parsed.profiles ?? {} };
  } catch {
    throw new CliError(`${configFile()} is not valid JSON: fix or delete it, then log in again`, EXIT.ERROR);
  }
}

/** Writes the whole file readable by its owner only (0600, folder 0700), replacing it in one step. */
function writeConfig(config: ConfigFile): void {
  const dir = configDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = path.join(dir, `.config.json.${process.pid}`);
  writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, configFile());
}

/**
 * Changes the config file under a lock shared by every corp-billing process
 * of this user, so two commands renewing the same session at once do not
 * both spend its single-use refresh token (which would end the session).
 */
export async function updateConfig<T>(change: (config: ConfigFile) => Promise<T> | T): Promise<T> {
  const dir = configDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const release = await lockfile.lock(dir, {
    lockfilePath: path.join(dir, 'config.lock'),
    stale: 15_000,
    retries: { retries: 100, minTimeout: 20, maxTimeout: 200 },
  });
  try {
    const config = readConfig();
    const result = await change(config);
    writeConfig(config);
    return result;
  } finally {
    await release();
  }
}
