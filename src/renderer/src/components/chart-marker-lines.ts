import type uPlot from 'uplot';
import { cssToken } from './css-token';

export interface ChartMarker {
  /** ms since epoch */
  at: number;
  label: string;
  /** A colour token, e.g. `--kind-breaker`. */
  color: string;
}

/** Dashed vertical lines at the timeline's events, drawn over the plot. */
export function markerLinesPlugin(markers: () => ChartMarker[]): uPlot.Plugin {
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
