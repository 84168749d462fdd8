import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import { useChartColors, type ChartColors } from '../../theme';
import type { Comparison, StationDelta } from '../../../../contract/index.js';

const axis = (c: ChartColors) => ({ stroke: c.grid, tick: { fill: c.muted, fontSize: 12 } });
const tooltipStyle = (c: ChartColors) => ({
  contentStyle: { background: 'var(--surface-2)', border: `1px solid ${c.grid}`, color: c.text },
  labelStyle: { color: c.text },
  itemStyle: { color: c.text },
});

/** Validation loss tree by tree while training runs. */
export function LossChart({ losses }: { losses: readonly { done: number; loss: number }[] }) {
  const c = useChartColors();
  return (
    <div className="chart chart-small" aria-label="Validation loss by tree" role="img">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={losses as { done: number; loss: number }[]}
          margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
        >
          <CartesianGrid stroke={c.grid} strokeDasharray="3 3" />
          <XAxis dataKey="done" {...axis(c)} />
          <YAxis dataKey="loss" width={48} domain={['auto', 'auto']} {...axis(c)} />
          <Line type="monotone" dataKey="loss" stroke={c.challenger} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Each model's estimates against the actual attendance times of the same holdout rows; y = x is perfect. */
export function PredictedVsActualChart({ sample }: { sample: Comparison['sample'] }) {
  const c = useChartColors();
  const champion = sample.map((s) => ({ actual: s.actual, predicted: s.champion }));
  const challenger = sample.map((s) => ({ actual: s.actual, predicted: s.challenger }));
  const max = Math.max(
    60,
    ...sample.flatMap((s) => [s.actual, s.champion, s.challenger]).filter(Number.isFinite),
  );
  const top = Math.ceil(max / 60) * 60;
  return (
    <figure className="chart-figure">
      <figcaption>Estimated vs actual attendance time (s)</figcaption>
      <div
        className="chart"
        role="img"
        aria-label={`Scatter of ${sample.length} holdout rows: estimated against actual seconds`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
            <CartesianGrid stroke={c.grid} strokeDasharray="3 3" />
            <XAxis type="number" dataKey="actual" name="Actual" unit=" s" domain={[0, top]} {...axis(c)} />
            <YAxis
              type="number"
              dataKey="predicted"
              name="Estimated"
              unit=" s"
              domain={[0, top]}
              width={56}
              {...axis(c)}
            />
            <ReferenceLine
              segment={[
                { x: 0, y: 0 },
                { x: top, y: top },
              ]}
              stroke={c.reference}
              strokeDasharray="4 4"
              ifOverflow="hidden"
            />
            {/* Small dots: hundreds of rows overlap. */}
            <ZAxis range={[18, 18]} />
            <Tooltip cursor={{ stroke: c.grid }} {...tooltipStyle(c)} />
            <Legend wrapperStyle={{ color: c.text, fontSize: 12 }} />
            <Scatter
              name="Champion"
              data={champion}
              fill={c.champion}
              fillOpacity={0.55}
              isAnimationActive={false}
            />
            <Scatter
              name="Challenger"
              data={challenger}
              fill={c.challenger}
              fillOpacity={0.7}
              isAnimationActive={false}
            />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Change in mean absolute error by station (challenger − champion): left of zero is an improvement. */
export function StationDeltaChart({ stations }: { stations: readonly StationDelta[] }) {
  const c = useChartColors();
  const data = stations.map((s) => ({
    name: s.name,
    delta: Number((s.challengerMae - s.championMae).toFixed(1)),
    count: s.count,
  }));
  return (
    <figure className="chart-figure">
      <figcaption>Change in MAE by station (s) — negative is better</figcaption>
      <div
        className="chart"
        role="img"
        aria-label="Bar chart of the change in mean absolute error per station"
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid stroke={c.grid} strokeDasharray="3 3" horizontal={false} />
            <XAxis
              type="number"
              dataKey="delta"
              unit=" s"
              domain={[
                (low: number) => Math.min(0, Math.floor(low)),
                (high: number) => Math.max(0, Math.ceil(high)),
              ]}
              {...axis(c)}
            />
            <YAxis type="category" dataKey="name" width={110} interval={0} {...axis(c)} />
            <ReferenceLine x={0} stroke={c.reference} />
            <Tooltip cursor={{ fill: 'transparent' }} {...tooltipStyle(c)} />
            <Bar dataKey="delta" name="Δ MAE" isAnimationActive={false}>
              {data.map((d) => (
                <Cell key={d.name} fill={d.delta <= 0 ? c.better : c.worse} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
