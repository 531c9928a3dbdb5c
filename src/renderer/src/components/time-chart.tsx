import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useTheme } from '../stores/theme';
import { cssToken } from './css-token';
import { COUNT_TICK_STEPS, TIME_TICK_STEPS_SECONDS, formatUtcClock, formatUtcTicks, formatUtcWindow, formatYTicks, formatYValue, type YUnit } from './chart-axis-format';
import { zeroBasedRange, type TimeRange } from './chart-range';
import { markerAt } from './chart-marker-hit';
import { markerLinesPlugin, type ChartMarker } from './chart-marker-lines';

export type { ChartMarker } from './chart-marker-lines';

export interface TimeChartProps {
  title: string;
  /** Sample times, ms since epoch, oldest first. */
  at: number[];
  /** `color` is a token name, e.g. `--series-1`: the theme decides the colour. */
  series: { label: string; values: (number | null)[]; color: string }[];
  /** The x range, so stacked charts line up with each other and with the timeline. */
  range: TimeRange;
  markers?: ChartMarker[];
  height?: number;
  yUnit?: YUnit;
  /** Charts with the same key share one crosshair. */
  syncKey?: string;
  /** Dragging across the plot asks for this window; without it the chart does not zoom. */
  onZoom?: (range: TimeRange) => void;
  /** A double-click on the plot asks for the unzoomed window. */
  onResetZoom?: () => void;
}

/** A drag narrower than this (CSS px) is a click, not a zoom. */
const MIN_ZOOM_DRAG_PX = 4;
/** The least room between time ticks: a 24-hour "HH:mm:ss" label is about 56 px wide at the axis font. */
const X_TICK_SPACE_PX = 72;
/** Room for the y tick marks and the gap beside the longest label, and the width of a label character (12 px font). */
const Y_AXIS_PADDING_PX = 18;
const Y_LABEL_CHAR_PX = 7;

interface MarkerTip {
  marker: ChartMarker;
  /** The marker line's x, CSS px from the chart box's left edge. */
  x: number;
  /** The plot area's top, CSS px from the chart box's top edge. */
  top: number;
  /** In the right half the tip opens to the left, so it stays inside the chart. */
  flip: boolean;
}

const hasValues = (series: TimeChartProps['series']) => series.some((s) => s.values.some((v) => v !== null && v !== undefined));

/** A uPlot time-series chart (canvas: thousands of points stay cheap); its data comes from GET /api/series. */
export function TimeChart({ title, at, series, range, markers = [], height = 120, yUnit = 'count', syncKey, onZoom, onResetZoom }: TimeChartProps) {
  const figure = useRef<HTMLElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const markersRef = useRef(markers);
  markersRef.current = markers;
  const rangeRef = useRef(range);
  rangeRef.current = range;
  const zoomRef = useRef({ onZoom, onResetZoom });
  zoomRef.current = { onZoom, onResetZoom };
  const [tip, setTip] = useState<MarkerTip | null>(null);
  const shape = series.map((s) => s.label).join('|');
  const theme = useTheme((t) => t.theme);
  const drawable = hasValues(series);
  const zoomable = onZoom !== undefined;

  useEffect(() => {
    const el = box.current;
    if (!el || !drawable) return;
    // Canvas strokes take colours, not CSS variables: read the theme's values.
    const muted = cssToken('--muted');
    const grid = cssToken('--grid');
    let pointerInside = false;
    const opts: uPlot.Options = {
      width: el.clientWidth || 600,
      height,
      legend: { show: true },
      // UTC, like every other time on screen, in the logs and in the SQL.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
      cursor: {
        drag: { x: zoomable, y: false, setScale: false },
        // Only the crosshair follows across charts; a drag zooms through the screen's window, not each chart's own.
        ...(syncKey ? { sync: { key: syncKey, scales: ['x', null] as uPlot.Cursor.Sync.Scales, filters: { pub: (type: string) => type === 'mousemove' } } } : {}),
      },
      scales: {
        x: { time: true, range: () => [rangeRef.current[0] / 1000, rangeRef.current[1] / 1000] },
        y: { range: (_u, min, max) => zeroBasedRange(min, max) },
      },
      axes: [
        { stroke: muted, grid: { stroke: grid }, space: X_TICK_SPACE_PX, incrs: TIME_TICK_STEPS_SECONDS, values: (_u, ticks, _i, _space, step) => formatUtcTicks(ticks, step) },
        {
          stroke: muted,
          grid: { stroke: grid },
          values: (_u, ticks, _i, _space, step) => formatYTicks(ticks, yUnit, step),
          size: (_u, values) => Y_AXIS_PADDING_PX + Y_LABEL_CHAR_PX * Math.max(3, ...(values ?? []).map((v) => v.length)),
          ...(yUnit === 'count' ? { incrs: COUNT_TICK_STEPS } : {}),
        },
      ],
      series: [
        { label: 'Time (UTC)', value: (_u, v) => (v === null ? formatUtcWindow(rangeRef.current[0], rangeRef.current[1]) : formatUtcClock(v * 1000)) },
        ...series.map((s) => ({
          label: s.label, stroke: cssToken(s.color), width: 1.5, spanGaps: false,
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : formatYValue(v, yUnit)),
        })),
      ],
      hooks: {
        setScale: [(u, key) => {
          if (key !== 'x' || !figure.current) return;
          figure.current.dataset.xMin = String(Math.round((u.scales.x?.min ?? 0) * 1000));
          figure.current.dataset.xMax = String(Math.round((u.scales.x?.max ?? 0) * 1000));
        }],
        setSelect: [(u) => {
          const { left, width } = u.select;
          if (width < MIN_ZOOM_DRAG_PX) return;
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          zoomRef.current.onZoom?.([Math.round(u.posToVal(left, 'x') * 1000), Math.round(u.posToVal(left + width, 'x') * 1000)]);
        }],
        setCursor: [(u) => {
          const left = u.cursor.left ?? -1;
          const hit = pointerInside && left >= 0 ? markerAt(markersRef.current, (m) => u.valToPos(m.at / 1000, 'x'), left) : null;
          if (!hit) return setTip((t) => (t === null ? t : null));
          const boxRect = el.getBoundingClientRect();
          const overRect = u.over.getBoundingClientRect();
          const x = overRect.left - boxRect.left + u.valToPos(hit.at / 1000, 'x');
          setTip((t) => (t?.marker === hit ? t : { marker: hit, x, top: overRect.top - boxRect.top, flip: x > boxRect.width / 2 }));
        }],
      },
      plugins: [markerLinesPlugin(() => markersRef.current)],
    };
    const p = new uPlot(opts, [at.map((t) => t / 1000), ...series.map((s) => s.values)] as uPlot.AlignedData, el);
    plot.current = p;
    const enter = () => { pointerInside = true; };
    const leave = () => { pointerInside = false; setTip(null); };
    const reset = () => zoomRef.current.onResetZoom?.();
    p.over.addEventListener('mouseenter', enter);
    p.over.addEventListener('mouseleave', leave);
    p.over.addEventListener('dblclick', reset);
    const resize = new ResizeObserver(() => p.setSize({ width: el.clientWidth, height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      p.destroy();
      plot.current = null;
      setTip(null);
    };
    // Rebuilt only when the lines, the theme or whether there is anything to draw change; data and range go through setData below.
  }, [shape, height, yUnit, theme, drawable, syncKey, zoomable]);

  useEffect(() => {
    const p = plot.current;
    if (!p) return;
    p.setData([at.map((t) => t / 1000), ...series.map((s) => s.values)] as uPlot.AlignedData, false);
    p.setScale('x', { min: range[0] / 1000, max: range[1] / 1000 });
  }, [at, series, range, markers]);

  return (
    <figure className="chart" aria-label={title} ref={figure}>
      <figcaption>{title}</figcaption>
      {drawable ? null : (
        <div className="empty chart-empty">
          No samples in this window yet: {series.map((s) => s.label).join(' and ')} will be drawn here as the engine records them.
        </div>
      )}
      <div className="chart-plot">
        <div ref={box} />
        {tip ? (
          <div role="tooltip" className={tip.flip ? 'chart-tip flip' : 'chart-tip'} style={{ left: `${tip.x}px`, top: `${tip.top}px` }}>
            {tip.marker.label} <span className="muted">{formatUtcClock(tip.marker.at)} UTC</span>
          </div>
        ) : null}
      </div>
    </figure>
  );
}
