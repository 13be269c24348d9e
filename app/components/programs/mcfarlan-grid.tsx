import { useT } from '#app/i18n/react';

/** A program placed on McFarlan's grid: dependence today (vertical) × importance of development (horizontal). */
export interface GridPoint {
  id: string;
  label: string;
  dependence: number;
  innovation: number;
  /** In the portfolio each point is a link to the program's sourcing page. */
  href?: string;
}

const SIZE = 300;
const MARGIN = 44;
// Scores 1..5 sit in cells 0.5..5.5; "high" starts at 4, so the quadrant line is at 3.5.
const x = (innovation: number) => MARGIN + ((innovation - 0.5) / 5) * SIZE;
const y = (dependence: number) => MARGIN + ((5.5 - dependence) / 5) * SIZE;
const SPLIT_X = x(3.5);
const SPLIT_Y = y(3.5);

interface McFarlanGridProps {
  points: GridPoint[];
  /** The text equivalent of the picture (role="img") or the group's name (linked points). */
  label: string;
}

export function McFarlanGrid({ points, label }: McFarlanGridProps) {
  const t = useT();
  const hasLinks = points.some((p) => p.href);
  const seen = new Map<string, number>();
  const placed = points.map((p) => {
    // Programs with the same scores would hide each other: fan them out a little.
    const key = `${p.dependence}/${p.innovation}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return { ...p, cx: x(p.innovation) + n * 9, cy: y(p.dependence) - n * 9 };
  });
  const quadrants = [
    { key: 'factory', qx: MARGIN, qy: MARGIN, w: SPLIT_X - MARGIN, h: SPLIT_Y - MARGIN },
    { key: 'strategic', qx: SPLIT_X, qy: MARGIN, w: MARGIN + SIZE - SPLIT_X, h: SPLIT_Y - MARGIN },
    { key: 'support', qx: MARGIN, qy: SPLIT_Y, w: SPLIT_X - MARGIN, h: MARGIN + SIZE - SPLIT_Y },
    { key: 'turnaround', qx: SPLIT_X, qy: SPLIT_Y, w: MARGIN + SIZE - SPLIT_X, h: MARGIN + SIZE - SPLIT_Y },
  ] as const;
  return (
    <svg
      className="mcfarlan-grid"
      viewBox={`0 0 ${SIZE + MARGIN * 2} ${SIZE + MARGIN * 2}`}
      role={hasLinks ? 'group' : 'img'}
      aria-label={label}
      width="100%"
      style={{ maxWidth: SIZE + MARGIN * 2 }}
    >
      {quadrants.map((q) => (
        <g key={q.key} aria-hidden="true">
          <rect x={q.qx} y={q.qy} width={q.w} height={q.h} className={`quadrant quadrant-${q.key}`} />
          <text x={q.qx + q.w / 2} y={q.qy + 18} textAnchor="middle" className="quadrant-label">
            {t(`programs.sourcing.quadrant.${q.key}`)}
          </text>
        </g>
      ))}
      <g aria-hidden="true" className="axis">
        <text x={MARGIN + SIZE / 2} y={MARGIN + SIZE + 30} textAnchor="middle">
          {t('programsUi.sourcing.axisInnovation')} →
        </text>
        <text x={14} y={MARGIN + SIZE / 2} textAnchor="middle" transform={`rotate(-90 14 ${MARGIN + SIZE / 2})`}>
          {t('programsUi.sourcing.axisDependence')} →
        </text>
        {[1, 2, 3, 4, 5].map((v) => (
          <g key={v}>
            <text x={x(v)} y={MARGIN + SIZE + 14} textAnchor="middle" className="tick">
              {v}
            </text>
            <text x={MARGIN - 8} y={y(v) + 4} textAnchor="end" className="tick">
              {v}
            </text>
          </g>
        ))}
      </g>
      {placed.map((p) => {
        const dot = (
          <>
            <circle cx={p.cx} cy={p.cy} r={7} className="point" />
            <text x={p.cx + 10} y={p.cy + 4} className="point-label">
              {p.label}
            </text>
          </>
        );
        const pointLabel = t('programsUi.sourcing.pointLabel', { name: p.label, dependence: p.dependence, innovation: p.innovation });
        return p.href ? (
          <a key={p.id} href={p.href} aria-label={pointLabel} className="point-link">
            {dot}
          </a>
        ) : (
          <g key={p.id} aria-hidden="true">
            {dot}
          </g>
        );
      })}
    </svg>
  );
}
