import DataLoader from 'dataloader';

/** A per-request DataLoader that fetches rows by id in one statement and answers null for missing ids. */
export function byIdLoader<T extends { id: string }>(fetch: (ids: readonly string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = new Map((await fetch(ids)).map((row) => [row.id, row]));
    return ids.map((id) => rows.get(id) ?? null);
  });
}

/** A per-request DataLoader for the rows belonging to each key (e.g. the lines of each invoice), in one statement. */
export function groupLoader<T>(fetch: (keys: readonly string[]) => Promise<T[]>, key: keyof T & string) {
  return new DataLoader<string, T[]>(async (keys) => {
    const groups = new Map<unknown, T[]>(keys.map((k) => [k, []]));
    for (const row of await fetch(keys)) groups.get(row[key])?.push(row);
    return keys.map((k) => groups.get(k)!);
  });
}
