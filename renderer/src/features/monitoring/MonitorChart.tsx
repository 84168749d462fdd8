import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useChartColors } from '../../theme';
import type { MonitorReport } from '../../../../contract/index.js';

/** The champion's MAE month by month since training, its 95 % interval, against the holdout's MAE band. */
export function MonthlyErrorChart({ report }: { report: MonitorReport }) {
  const c = useChartColors();
  const data = report.months.map((m) => ({
    month: m.month,
    mae: Number(m.mae.toFixed(1)),
    low: Number(m.maeLow.toFixed(1)),
    high: Number(m.maeHigh.toFixed(1)),
  }));
  const holdout = report.holdout;
  const values = [...data.flatMap((d) => [d.low, d.high]), ...(holdout ? [holdout.low, holdout.high] : [])];
  const bottom = Math.max(0, Math.floor(Math.min(...values) / 10) * 10 - 10);
  const top = Math.ceil(Math.max(...values) / 10) * 10 + 10;
  const axis = { stroke: c.grid, tick: { fill: c.muted, fontSize: 12 } };
  return (
    <figure className="chart-figure">
      <figcaption>Mean absolute error by month since training (s), against the holdout</figcaption>
      <div
        className="chart"
        role="img"
        aria-label={
          `MAE by month: ${data.map((d) => `${d.month} ${d.mae} s`).join(', ')}` +
          (holdout ? `; holdout ${holdout.mae.toFixed(1)} s` : '')
        }
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid stroke={c.grid} strokeDasharray="3 3" />
            <XAxis dataKey="month" {...axis} />
            <YAxis unit=" s" width={56} domain={[bottom, top]} {...axis} />
            {holdout ? (
              <ReferenceArea
                y1={holdout.low}
                y2={holdout.high}
                fill={c.champion}
                fillOpacity={0.12}
                ifOverflow="hidden"
              />
            ) : null}
            {holdout ? (
              <ReferenceLine
                y={holdout.mae}
                stroke={c.reference}
                strokeDasharray="4 4"
                label={{
                  value: `holdout ${holdout.mae.toFixed(1)} s`,
                  fill: c.muted,
                  fontSize: 12,
                  position: 'insideTopLeft',
                }}
              />
            ) : null}
            <Tooltip
              contentStyle={{ background: 'var(--surface-2)', border: `1px solid ${c.grid}`, color: c.text }}
              labelStyle={{ color: c.text }}
              itemStyle={{ color: c.text }}
            />
            <Legend wrapperStyle={{ color: c.text, fontSize: 12 }} />
            <Line name="MAE" dataKey="mae" stroke={c.challenger} strokeWidth={2} isAnimationActive={false} />
            <Line
              name="95 % interval"
              dataKey="high"
              stroke={c.challenger}
              strokeOpacity={0.45}
              strokeDasharray="2 3"
              dot={false}
              isAnimationActive={false}
            />
            <Line
              name="(low)"
              legendType="none"
              dataKey="low"
              stroke={c.challenger}
              strokeOpacity={0.45}
              strokeDasharray="2 3"
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
