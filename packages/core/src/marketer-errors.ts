/**
 * A validation error (`campaigns[2].variants[1].content.hero.body: Invalid length: Expected
 * <=20000 but received 20001`, from parseSiteConfig) in the words of the screen it belongs on
 * ("Variant B: the text in hero is longer than 20,000 characters"), with the part of the form
 * it sits next to. The editor shows these; the Admin API keeps its exact paths for scripts.
 */
import type { SiteConfigInput } from './schema.ts';

/** Where in the campaign form an error belongs. */
export type FormSection = 'name' | 'status' | 'slots' | 'pages' | 'audience' | 'variants' | 'control' | 'goal' | 'schedule' | 'priority' | 'cap' | 'programme' | 'other';

export interface MarketerError {
  /** The config path it is about, as parseSiteConfig wrote it. */
  path: string;
  /** Campaign index, when the error is inside a campaign. */
  campaign?: number;
  /** Audience index, when the error is inside an audience. */
  audience?: number;
  section: FormSection;
  text: string;
}

const SECTIONS: Record<string, FormSection> = {
  name: 'name',
  status: 'status',
  slots: 'slots',
  pages: 'pages',
  audience: 'audience',
  variants: 'variants',
  holdoutPct: 'control',
  goal: 'goal',
  schedule: 'schedule',
  priority: 'priority',
  frequencyCap: 'cap',
  allocation: 'variants',
  purpose: 'programme',
  group: 'programme',
  layer: 'programme',
  value: 'programme',
  override: 'programme',
};

const thousands = (n: string) => Number(n).toLocaleString('en-US');

/** A valibot or checker message in plain words about `what` (e.g. "the text in hero"). */
function plain(message: string, what: string): string {
  let m = /^Invalid length: Expected <=(\d+) but received \d+/.exec(message);
  if (m) return `${what} is longer than ${thousands(m[1]!)} characters`;
  m = /^Invalid length: Expected >=1 but received 0/.exec(message);
  if (m) return `${what} is empty`;
  m = /^Invalid value: Expected <=(\d+) but received/.exec(message);
  if (m) return `${what} must be at most ${thousands(m[1]!)}`;
  m = /^Invalid value: Expected >=(\d+) but received/.exec(message);
  if (m) return `${what} must be at least ${thousands(m[1]!)}`;
  if (message === 'is required') return `${what} is missing`;
  if (/^Invalid type/.test(message)) return `${what} is not the right kind of value`;
  return `${what}: ${message}`;
}

interface Step {
  key: string;
  index?: number;
}

/** "campaigns[2].variants[1].content.hero.body" → steps with indexes. */
function steps(path: string): Step[] {
  const out: Step[] = [];
  for (const part of path.match(/[A-Za-z_$][\w$-]*(?:\[\d+\])*|\["[^"]*"\]/g) ?? []) {
    const [name, ...indexes] = part.split('[');
    out.push({ key: name!.replace(/^"|"$/g, '') });
    for (const ix of indexes) {
      const n = Number(ix.replace(']', ''));
      if (Number.isInteger(n)) out.push({ key: '', index: n });
    }
  }
  return out;
}

/** One error in marketer words, placed at its part of the form. */
export function explainError(config: SiteConfigInput | null, error: string): MarketerError {
  const cut = error.indexOf(': ');
  const path = cut < 0 ? '' : error.slice(0, cut);
  const message = cut < 0 ? error : error.slice(cut + 2);
  const s = steps(path);

  if (s[0]?.key === 'campaigns' && s[1]?.index !== undefined) {
    const campaign = s[1].index;
    const c = config?.campaigns[campaign];
    const field = s[2]?.key ?? '';
    const section = SECTIONS[field] ?? 'other';
    const at = { path, campaign, section };
    if (field === 'variants' && s[3]?.index !== undefined) {
      const v = c?.variants[s[3].index];
      // A name too long to read (maybe the very error) gives way to its letter.
      const variant = v?.name && v.name.length <= 60 ? v.name : `Variant ${String.fromCharCode(65 + (s[3].index % 26))}`;
      const sub = s[4]?.key;
      if (sub === 'content' && s[5]) {
        const slot = s[5].key;
        const part = s[6]?.key === 'attrs' ? `the ${s[7]?.key ?? 'link'} in ${slot}` : `the text in ${slot}`;
        const words = /is not one of the campaign's slots/.test(message) ? `${slot} is not one of this campaign's slots` : plain(message, part);
        return { ...at, section: 'variants', text: `${variant}: ${words}` };
      }
      if (sub === 'name') return { ...at, section: 'variants', text: `${variant}: ${plain(message, 'the name')}` };
      if (sub === 'weight') return { ...at, section: 'variants', text: `${variant}: ${plain(message, 'the weight')}` };
      if (sub === 'id') return { ...at, section: 'variants', text: `${variant}: ${message.replace(/^"control" is reserved.*/, 'this id is reserved for the control group')}` };
      return { ...at, section: 'variants', text: `${variant}: ${plain(message, 'this variant')}` };
    }
    if (field === 'variants')
      return { ...at, text: /weight above 0/.test(message) ? 'Variants: at least one variant needs a weight above 0, or nobody sees any' : plain(message, 'the variants') };
    if (field === 'schedule') {
      if (/must be after schedule.start/.test(message)) return { ...at, text: 'Schedule: the end must be after the start' };
      const which = s[3]?.key === 'end' ? 'the end' : 'the start';
      return { ...at, text: `Schedule: ${/ISO 8601/.test(message) ? `${which} is not a date and time` : plain(message, which)}` };
    }
    if (field === 'name') return { ...at, text: /Expected >=1/.test(message) ? 'The campaign needs a name' : `Name: ${plain(message, 'the name')}` };
    if (field === 'goal') return { ...at, text: `Goal: ${plain(message, s[3]?.key === 'path' ? 'the page' : 'the event name')}` };
    if (field === 'holdoutPct')
      return { ...at, text: /below 100/.test(message) ? 'Control group: must be below 100%, or nobody sees a variant' : `Control group: ${plain(message, 'the share')}` };
    if (field === 'audience') return { ...at, text: /unknown audience/.test(message) ? 'Audience: it no longer exists; pick another' : plain(message, 'the audience') };
    if (field === 'slots')
      return {
        ...at,
        text: /unknown slot/.test(message) ? `Slots: ${message.replace(/^unknown slot/, 'the slot')} is not on the site any more` : `Slots: ${plain(message, 'the slots')}`,
      };
    if (field === 'pages') return { ...at, text: `Pages: ${plain(message, 'a page pattern')}` };
    if (field === 'priority') return { ...at, text: `Priority: ${plain(message, 'the priority')}` };
    if (field === 'frequencyCap') return { ...at, text: `Frequency cap: ${plain(message, 'the limit')}` };
    return { ...at, text: plain(message, field || 'this campaign') };
  }

  if (s[0]?.key === 'audiences' && s[1]?.index !== undefined) {
    const a = config?.audiences[s[1].index];
    const name = a?.name || 'This audience';
    const inRule = s[2]?.key === 'condition';
    // A refused regex: the checker's reason, with the pattern as the marketer typed it.
    const pattern = inRule && /\.\$(not)?[Rr]egexi?$/.test(path) ? regexAt(a?.condition, path) : null;
    if (pattern !== null) return { path, audience: s[1].index, section: 'audience', text: `${name}: the pattern “${pattern}” is refused: ${message}.` };
    return { path, audience: s[1].index, section: 'audience', text: `${name}: ${plain(message, inRule ? 'a rule' : s[2]?.key === 'name' ? 'the name' : 'it')}` };
  }
  return { path, section: 'other', text: plain(message, path || 'the draft') };
}

/** The `$regex` (or kin) operand a checker path points at inside a condition, if it is a string. */
function regexAt(condition: unknown, path: string): string | null {
  let node: unknown = condition;
  // Keys after "condition": .name, ["quoted.name"] or [index].
  const rest = path.slice(path.indexOf('.condition') + '.condition'.length);
  for (const m of rest.matchAll(/\.([^.[\]]+)|\[("(?:[^"\\]|\\.)*"|\d+)\]/g)) {
    const key = m[1] ?? (m[2]!.startsWith('"') ? (JSON.parse(m[2]!) as string) : Number(m[2]));
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return null;
    node = (node as Record<string | number, unknown>)[key];
  }
  return typeof node === 'string' ? node : null;
}
