import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useTheme } from '../stores/theme';
import { cssToken } from './css-token';

export interface ChartMarker {
  /** ms since epoch */
  at: number;
  label: string;
  /** A colour token, e.g. `--kind-breaker`. */
  color: string;
}

export interface TimeChartProps {
  title: string;
  /** Sample times, ms since epoch, oldest first. */
  at: number[];
  /** `color` is a token name, e.g. `--series-1`: the theme decides the colour. */
  series: { label: string; values: (number | null)[]; color: string }[];
  /** The shared x range, so stacked charts line up with each other and with the timeline. */
  range: [number, number];
  markers?: ChartMarker[];
  height?: number;
  unit?: string;
}

/** Vertical lines at the timeline's events, drawn over the plot. */
function markerPlugin(markers: () => ChartMarker[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const ctx = u.ctx;
        ctx.save();
        for (const m of markers()) {
          const x = u.valToPos(m.at / 1000, 'x', true);
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
          ctx.strokeStyle = cssToken(m.color);
          ctx.lineWidth = 1.5 * devicePixelRatio;
          ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
        }
        ctx.restore();
      },
    },
  };
}

/** A uPlot time-series chart (canvas: thousands of points stay cheap); its data comes from GET /api/series. */
export function TimeChart({ title, at, series, range, markers = [], height = 120, unit }: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const markersRef = useRef(markers);
  markersRef.current = markers;
  const shape = series.map((s) => s.label).join('|');
  const theme = useTheme((t) => t.theme);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // Canvas strokes take colours, not CSS variables: read the theme's values.
    const muted = cssToken('--muted');
    const grid = cssToken('--grid');
    const opts: uPlot.Options = {
      width: el.clientWidth || 600,
      height,
      legend: { show: true },
      // UTC, like every other time on screen, in the logs and in the SQL.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true, range: () => [range[0] / 1000, range[1] / 1000] } },
      axes: [
        { stroke: muted, grid: { stroke: grid } },
        { stroke: muted, grid: { stroke: grid }, size: 60, ...(unit ? { values: (_u, ticks) => ticks.map((t) => `${t} ${unit}`) } : {}) },
      ],
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: cssToken(s.color), width: 1.5, spanGaps: false }))],
      plugins: [markerPlugin(() => markersRef.current)],
    };
    const p = new uPlot(opts, [at.map((t) => t / 1000), ...series.map((s) => s.values)] as uPlot.AlignedData, el);
    plot.current = p;
    const resize = new ResizeObserver(() => p.setSize({ width: el.clientWidth, height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      p.destroy();
      plot.current = null;
    };
    // Rebuilt only when the lines or the theme change; data and range updates go through setData below.
  }, [shape, height, unit, theme]);

  useEffect(() => {
    const p = plot.current;
    if (!p) return;
    p.setData([at.map((t) => t / 1000), ...series.map((s) => s.values)] as uPlot.AlignedData, false);
    p.setScale('x', { min: range[0] / 1000, max: range[1] / 1000 });
  }, [at, series, range, markers]);

  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <div ref={box} />
    </figure>
  );
}
