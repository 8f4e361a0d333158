/**
 * The decision-trace view: when a request carries the debug token, the page gets a small
 * panel listing every campaign considered and why it did or did not apply, and the trace as
 * JSON for tools. Everything in it is escaped; nothing is shown without the token.
 */
import type { Decisions } from '@slotwise/core/decide';
import { escapeHtml } from '@slotwise/core/decide';

const CELL = 'style="padding:2px 12px 2px 0;vertical-align:top;text-align:left"';

/**
 * `missing`: slots that were decided but have no `data-slot` element on this page (outside
 * `<template>`), usually a misspelt name; known only once the page has streamed to `</body>`.
 */
export function debugPanel(decisions: Decisions, version: number, missing: string[]): string {
  const cells = (values: string[], tag: 'td' | 'th') => values.map((v) => `<${tag} ${CELL}>${v}</${tag}>`).join('');
  const rows = decisions.trace
    .map((step) => `<tr>${cells([escapeHtml(step.campaign), step.outcome, escapeHtml(step.variant ?? ''), escapeHtml(step.reason)], 'td')}</tr>`)
    .join('');
  const json = JSON.stringify({ version, slots: decisions.slots, trace: decisions.trace, missing }).replace(/</g, '\\u003c');
  const absent = missing.length
    ? `<p style="margin:6px 0 0;color:#fca5a5">Decided but not on this page (check the <code>data-slot</code> spelling): ${missing.map(escapeHtml).join(', ')}</p>`
    : '';
  return (
    `<details id="sw-debug" open style="position:fixed;right:12px;bottom:12px;z-index:2147483647;max-width:min(720px,95vw);max-height:50vh;overflow:auto;background:#111827;color:#e5e7eb;font:12px/1.4 ui-monospace,monospace;padding:8px 12px;border-radius:8px;box-shadow:0 8px 24px rgba(0,0,0,.3)">` +
    `<summary style="cursor:pointer;font-weight:600">Slotwise decisions · config v${version}</summary>` +
    `<table style="border-collapse:collapse;margin-top:6px"><thead><tr>${cells(['campaign', 'outcome', 'variant', 'why'], 'th')}</tr></thead><tbody>${rows}</tbody></table>` +
    absent +
    `</details><script type="application/json" id="sw-trace">${json}</script>`
  );
}
