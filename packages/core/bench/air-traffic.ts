/**
 * The airline's situation, simulated with the engine itself: 20 campaigns, each with its own
 * owner and its own email, targeting overlapping audiences that lean towards the most engaged
 * customers. Each simulated week every customer is decided once per campaign channel (the
 * Decide API's view: channel `other`, one slot per campaign), first as today — every campaign
 * whose audience matches sends — then with a contact budget of 3 promotional messages a week and
 * arbitration by value. Printed: messages per customer by engagement decile, the spread between
 * the most and least engaged, and expected conversions and value under a fatigue model: the more
 * messages a customer gets in a week, the less each one is read (attention 1 / (1 + 0.2 (n − 1)))
 * and every message past three that week makes 1% of customers unsubscribe for good (kept as an
 * expected survival share, so the run is deterministic).
 */
import { compileConfig } from '../src/compile.ts';
import { parseSiteConfig } from '../src/config.ts';
import { decideSlots } from '../src/decide.ts';
import { emptyProfile } from '../src/profile.ts';
import type { Contact } from '../src/budget.ts';
import type { SiteConfigInput } from '../src/schema.ts';
import { seededRandom } from '../src/stats-simulation.ts';
import { testContext } from '../src/testing.ts';

const CUSTOMERS = 10_000;
const WEEKS = 12;
const CAMPAIGNS = 20;
const ATTENTION = 0.2;
const UNSUBSCRIBE = 0.01;
const NOW = Date.parse('2026-06-01T09:00:00Z');
const DAY = 86_400_000;

interface Plan {
  id: string;
  minDecile: number;
  value: number;
  /** True conversion rate per message for a customer of decile d (1–10). */
  rate: (decile: number) => number;
}

const rnd = seededRandom(2026);
const plans: Plan[] = Array.from({ length: CAMPAIGNS }, (_, i) => {
  // Most owners target the engaged (decile ≥ 6–9); a few target everyone.
  const minDecile = i === 0 ? 1 : i < 3 ? 3 : 5 + Math.floor(rnd() * 5);
  const base = 0.005 + rnd() * 0.02;
  const fit = rnd();
  return {
    id: `campaign-${String(i + 1).padStart(2, '0')}`,
    minDecile,
    value: Math.round(20 + rnd() * 180),
    rate: (d) => base * (0.5 + fit * (d / 10) + (1 - fit) * (1 - d / 10)),
  };
});

function config(atc: boolean) {
  const input: SiteConfigInput = {
    schema: 1,
    version: 1,
    site: { id: 'airline' },
    slots: plans.map((p) => ({ name: p.id })),
    audiences: plans.map((p) => ({ id: `${p.id}-aud`, name: p.id, condition: { 'traits.decile': { $gte: p.minDecile } } })),
    campaigns: plans.map((p, i) => ({
      id: p.id,
      name: p.id,
      status: 'live' as const,
      priority: i + 1,
      audience: `${p.id}-aud`,
      slots: [p.id],
      value: p.value,
      variants: [{ id: 'v', name: 'V', content: { [p.id]: { kind: 'text' as const, body: p.id } } }],
    })),
    ...(atc ? { budgets: [{ id: 'weekly', limit: 3, per: 'week' as const }], arbitration: 'value' as const } : {}),
  };
  const parsed = parseSiteConfig(input);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return compileConfig(parsed.config);
}

function simulate(atc: boolean) {
  const compiled = config(atc);
  // The estimates value arbitration reads: each campaign's overall rate over its audience.
  const estimates = new Map(plans.map((p) => [p.id, { overall: avg(Array.from({ length: 11 - p.minDecile }, (_, k) => p.rate(p.minDecile + k))) }]));
  const perDecile = Array.from({ length: 10 }, () => ({ messages: 0, customers: 0 }));
  let conversions = 0;
  let value = 0;
  for (let c = 0; c < CUSTOMERS; c++) {
    const decile = 1 + (c % 10);
    const profile = emptyProfile();
    let contacts: Contact[] = [];
    let total = 0;
    // The expected share of this customer still subscribed.
    let subscribed = 1;
    for (let w = 0; w < WEEKS; w++) {
      const now = NOW + w * 7 * DAY;
      const d = decideSlots(compiled, {
        visitorId: `customer-${String(c).padStart(12, '0')}`,
        profile,
        context: testContext('/'),
        now,
        traits: { decile },
        channel: 'other',
        contacts,
        ...(atc ? { estimates } : {}),
      });
      const sent = Object.values(d.slots).map((s) => plans.find((p) => p.id === s.campaign)!);
      const attention = 1 / (1 + ATTENTION * Math.max(0, sent.length - 1));
      for (const p of sent) {
        const pConvert = subscribed * p.rate(decile) * attention;
        conversions += pConvert;
        value += pConvert * p.value;
      }
      total += subscribed * sent.length;
      subscribed *= (1 - UNSUBSCRIBE) ** Math.max(0, sent.length - 3);
      contacts = [...sent.map((p) => ({ day: Math.floor(now / DAY), channel: 'other' as const, campaign: p.id, group: null })), ...contacts];
    }
    perDecile[decile - 1]!.messages += total / WEEKS;
    perDecile[decile - 1]!.customers++;
  }
  return { perDecile: perDecile.map((d) => ({ perWeek: d.messages / d.customers })), conversions: conversions / WEEKS, value: value / WEEKS };
}

function avg(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

const before = simulate(false);
const after = simulate(true);
console.log(`\n== Air traffic control: ${CAMPAIGNS} campaigns, ${CUSTOMERS.toLocaleString('en')} customers, ${WEEKS} weeks ==`);
console.log('promotional messages per customer per week (still subscribed), by engagement decile (1 least engaged, 10 most)');
console.log('| decile | today (every owner sends) | with a 3-a-week budget and value arbitration |');
console.log('|---|---|---|');
before.perDecile.forEach((b, i) => console.log(`| ${i + 1} | ${b.perWeek.toFixed(1)} | ${after.perDecile[i]!.perWeek.toFixed(1)} |`));
const spread = (r: typeof before) => Math.max(...r.perDecile.map((d) => d.perWeek)) - Math.min(...r.perDecile.map((d) => d.perWeek));
console.log(`spread (most − least engaged): ${spread(before).toFixed(1)} → ${spread(after).toFixed(1)} messages a week`);
console.log(`messages sent per week: ${sum(before).toLocaleString('en')} → ${sum(after).toLocaleString('en')} (${pct(sum(after) / sum(before) - 1)})`);
console.log(
  `expected conversions per week, averaged over ${WEEKS} weeks: ${before.conversions.toFixed(0)} → ${after.conversions.toFixed(0)} (${pct(after.conversions / before.conversions - 1)})`,
);
console.log(`expected value per week: ${before.value.toFixed(0)} → ${after.value.toFixed(0)} (${pct(after.value / before.value - 1)})`);

function sum(r: typeof before): number {
  return Math.round(r.perDecile.reduce((a, d) => a + d.perWeek * (CUSTOMERS / 10), 0));
}
function pct(x: number): string {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
}
