import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { guardrailFlags, loadResults, refreshGuardrailFlags, resultsView, setResultsView } from './results.ts';
import { FakeAdminApi, serveFrom, stopServing } from './testing.ts';

let server: FakeAdminApi;
beforeEach(() => {
  server = new FakeAdminApi();
  serveFrom(server);
  setResultsView('sequential');
  guardrailFlags.value = {};
});
afterEach(stopServing);

const measured = (id: string, guardrailWorse: { metric: string; arm: string }[]) => ({
  id,
  name: id,
  arms: [
    { id: 'control', name: 'Control' },
    { id: 'tall', name: 'Tall hero' },
  ],
  metrics: {
    metrics: [
      { id: 'goal', name: 'Conversion: purchase' },
      { id: 'cls', name: 'CLS (layout shift)' },
    ],
    guardrailWorse,
  },
});

describe('results in the editor', () => {
  it('are read in the always-valid view unless the marketer picks the fixed-horizon one', async () => {
    await loadResults();
    setResultsView('fixed');
    await loadResults();
    expect(server.calls.filter((c) => c.path.startsWith('/results')).map((c) => c.path)).toEqual(['/results', '/results?view=fixed']);
    expect(resultsView.value).toBe('fixed');
  });

  it('flag the campaigns whose guardrails are worse with confidence, naming the metric and the arm', async () => {
    server.results = [measured('hero', [{ metric: 'cls', arm: 'tall' }]), measured('promo', [])];
    await refreshGuardrailFlags();
    expect(guardrailFlags.value).toEqual({ hero: ['CLS (layout shift) in Tall hero'] });
    server.results = [measured('hero', [])];
    await refreshGuardrailFlags();
    expect(guardrailFlags.value).toEqual({});
  });

  it('keep the flags they knew when the results cannot be read', async () => {
    server.results = [measured('hero', [{ metric: 'cls', arm: 'tall' }])];
    await refreshGuardrailFlags();
    server.overrides.set('GET /results', { status: 503, body: { error: 'event store unavailable' } });
    await refreshGuardrailFlags();
    expect(guardrailFlags.value).toEqual({ hero: ['CLS (layout shift) in Tall hero'] });
  });
});
