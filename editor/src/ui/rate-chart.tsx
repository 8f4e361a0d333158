/**
 * Cumulative conversion rate per arm by day, as a small SVG line chart. Cumulative because a
 * day's own rate from a handful of visitors jumps about; the running rate settles as data
 * arrives, which is what a marketer wants to watch. No charting library: a few paths do it.
 */
import type { DailyRow } from '@slotwise/core/stats';

const COLORS = ['#6b7280', '#4f46e5', '#059669', '#d97706', '#db2777', '#0891b2'];
const W = 720;
const H = 220;
const PAD = { left: 44, right: 28, top: 12, bottom: 28 };

export function RateChart({ daily, arms }: { daily: DailyRow[]; arms: { id: string; name: string }[] }) {
  const days = [...new Set(daily.map((d) => d.day))].sort();
  if (days.length === 0) return <p class="muted">No visitors yet. The chart fills in as exposures arrive.</p>;
  const series = arms.map((arm) => {
    let exposed = 0;
    let converted = 0;
    return days.map((day) => {
      for (const row of daily) {
        if (row.arm === arm.id && row.day === day) {
          exposed += row.exposed;
          converted += row.converted;
        }
      }
      return exposed ? converted / exposed : null;
    });
  });
  const top = Math.max(0.01, ...series.flat().filter((x): x is number => x !== null)) * 1.15;
  const x = (i: number) => PAD.left + (days.length === 1 ? (W - PAD.left - PAD.right) / 2 : (i / (days.length - 1)) * (W - PAD.left - PAD.right));
  const y = (r: number) => H - PAD.bottom - (r / top) * (H - PAD.top - PAD.bottom);
  const ticks = [0, top / 2, top];

  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Cumulative conversion rate per arm by day">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} stroke="#e5e7eb" />
            <text x={PAD.left - 6} y={y(t) + 4} text-anchor="end" font-size="11" fill="#6b7280">
              {(t * 100).toFixed(1)}%
            </text>
          </g>
        ))}
        {days.map((d, i) =>
          i === 0 || i === days.length - 1 || days.length <= 8 ? (
            <text key={d} x={x(i)} y={H - 8} text-anchor="middle" font-size="11" fill="#6b7280">
              {d.slice(5)}
            </text>
          ) : null,
        )}
        {series.map((points, s) => {
          const color = COLORS[s % COLORS.length];
          const drawn = points.map((p, i) => (p === null ? null : ([x(i), y(p)] as const))).filter((p): p is readonly [number, number] => p !== null);
          return (
            <g key={arms[s]!.id}>
              {drawn.length > 1 && (
                <polyline
                  points={drawn.map(([a, b]) => `${a},${b}`).join(' ')}
                  fill="none"
                  stroke={color}
                  stroke-width="2"
                  stroke-dasharray={arms[s]!.id === 'control' ? '5 4' : undefined}
                />
              )}
              {drawn.map(([a, b], i) => (
                <circle key={i} cx={a} cy={b} r="3" fill={color}>
                  <title>{arms[s]!.name}</title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">
        {arms.map((a, i) => (
          <span key={a.id}>
            <i style={{ background: COLORS[i % COLORS.length] }} />
            {a.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
