import type { BaseIssue } from 'valibot';

/** Formats a path the way people read it in errors: `campaigns[2].variants[0].content.hero`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out || '(root)';
}

/** A validation issue as people read it: `events[3].type: must be lower_snake_case …`. */
export function describeIssue(issue: BaseIssue<unknown>, root: readonly (string | number)[] = []): string {
  const path = [...root, ...(issue.path ?? []).map((item) => item.key as string | number)];
  // An absent key and a key holding undefined both mean the field was not given.
  const missing = issue.received === 'undefined';
  return `${formatPath(path)}: ${missing ? 'is required' : issue.message}`;
}
