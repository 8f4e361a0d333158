/**
 * The few styles a variant may set on an element, and how they merge into what the page has.
 * Values are limited to a safe CSS subset (no url(), no expression(), no ";" or braces), so a
 * style can never load anything or break out of its declaration.
 */

export const STYLE_PROPERTIES = ['color', 'background-color', 'font-weight'] as const;
export type StyleProperty = (typeof STYLE_PROPERTIES)[number];

const COLOR = /^(#[0-9a-f]{3,4}|#[0-9a-f]{6}|#[0-9a-f]{8}|[a-z]{3,30}|(rgb|rgba|hsl|hsla)\(\s*[-+0-9.%]+(\s*[,\s/]\s*[-+0-9.%]+(deg)?){2,3}\s*\))$/i;
const FONT_WEIGHT = /^(normal|bold|bolder|lighter|[1-9]00)$/;
export const CLASS_TOKENS = /^\s*-?[A-Za-z_][A-Za-z0-9_-]*(\s+-?[A-Za-z_][A-Za-z0-9_-]*){0,19}\s*$/;

/** null when `value` is allowed for `property`, else why not. */
export function checkStyleValue(property: StyleProperty, value: string): string | null {
  if (property === 'font-weight') return FONT_WEIGHT.test(value) ? null : 'must be normal, bold, bolder, lighter or 100-900';
  return COLOR.test(value.trim()) ? null : 'must be a colour: a name, #hex, rgb(), rgba(), hsl() or hsla()';
}

/** The page's `style` attribute with the variant's declarations after it (later ones win). */
export function mergeStyle(existing: string | null, declarations: readonly [string, string][]): string {
  const added = declarations.map(([property, value]) => `${property}: ${value}`).join('; ');
  const base = (existing ?? '').trim().replace(/;\s*$/, '');
  return base === '' ? added : `${base}; ${added}`;
}

/** The page's `class` attribute with the variant's classes added once each. */
export function mergeClass(existing: string | null, added: readonly string[]): string {
  const classes = (existing ?? '').split(/\s+/).filter((c) => c !== '');
  for (const name of added) if (!classes.includes(name)) classes.push(name);
  return classes.join(' ');
}
