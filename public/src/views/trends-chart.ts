/**
 * The trend chart (uPlot): one line per series over the years, gaps where a
 * year had no meetings, hollow points where the base is small, whole numbers
 * on a count axis, and the annotations (dated events) drawn as numbered lines
 * or bands. Also the PNG a report takes: title, chart, legend, what is left
 * out, and the source.
 */
import uPlot from 'uplot';
import type { Trends } from '../api.js';
import { dec, num, pct } from '../ui.js';

export type Unit = Trends['unit'];
export type Point = Trends['series'][number]['points'][number];
type Annotation = Trends['annotations'][number];

export const COLORS = [
  '#1f6f8b',
  '#c2452d',
  '#5b8c2a',
  '#8e5ea2',
  '#b8860b',
  '#3c3c3c',
  '#d0587e',
  '#2a9d8f',
  '#8d6e63',
  '#546e7a',
  '#ad1457',
];
export const colorOf = (i: number) => COLORS[i % COLORS.length]!;

/** How the chart reads a point: a share (percent, or per 10 000 words) or a count of items. */
export interface Scale {
  unit: Unit;
  relative: boolean;
}

/** The charted value of a point: percent of the denominator, items per 10 000 words, or the count (null: a gap). */
export const chartValue = ({ unit, relative }: Scale, pt: Point): number | null =>
  !relative ? pt.items : pt.share === null ? null : unit === 'per10k' ? pt.share : pt.share * 100;

export const formatValue = ({ unit, relative }: Scale, v: number | null) =>
  v === null ? '–' : !relative ? num(v) : unit === 'per10k' ? dec(v) : pct(v);

/** Where a day falls on the year axis: each year's point stands in the middle of its year. */
export function dayPosition(iso: string): number {
  const year = Number(iso.slice(0, 4));
  const start = Date.UTC(year, 0, 1);
  const length = Date.UTC(year + 1, 0, 1) - start;
  return year - 0.5 + (Date.parse(`${iso}T12:00:00Z`) - start) / length;
}

/** Hollow rings over the points that rest on a small base (filled points are the others). */
function smallBasePlugin(trends: Trends, scale: Scale): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const ctx = u.ctx;
        const r = 4.5 * devicePixelRatio;
        trends.series.forEach((s, si) => {
          if (u.series[si + 1]?.show === false) return;
          s.points.forEach((pt, yi) => {
            const v = chartValue(scale, pt);
            if (!pt.smallBase || v === null) return;
            const x = u.valToPos(trends.years[yi]!, 'x', true);
            const y = u.valToPos(v, 'y', true);
            ctx.save();
            ctx.beginPath();
            ctx.arc(x, y, r, 0, 2 * Math.PI);
            ctx.fillStyle = '#fff';
            ctx.fill();
            ctx.lineWidth = 2 * devicePixelRatio;
            ctx.strokeStyle = colorOf(si);
            ctx.stroke();
            ctx.restore();
          });
        });
      },
    },
  };
}

/** The annotations: a dashed line (a day) or a shaded band (a period), numbered at the top as in the list. */
function annotationPlugin(annotations: readonly Annotation[]): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u) => {
        // Bands under the lines.
        const ctx = u.ctx;
        for (const a of annotations) {
          if (!a.end) continue;
          const x0 = u.valToPos(dayPosition(a.date), 'x', true);
          const x1 = u.valToPos(dayPosition(a.end), 'x', true);
          ctx.save();
          ctx.fillStyle = 'rgba(240, 162, 2, 0.13)';
          ctx.fillRect(x0, u.bbox.top, Math.max(x1 - x0, 2), u.bbox.height);
          ctx.restore();
        }
      },
      draw: (u) => {
        const ctx = u.ctx;
        const dpr = devicePixelRatio;
        annotations.forEach((a, i) => {
          const x = u.valToPos(dayPosition(a.date), 'x', true);
          if (x < u.bbox.left - 1 || x > u.bbox.left + u.bbox.width + 1) return;
          ctx.save();
          ctx.strokeStyle = '#b45309';
          ctx.lineWidth = 1.5 * dpr;
          ctx.setLineDash([5 * dpr, 4 * dpr]);
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
          ctx.setLineDash([]);
          const r = 8 * dpr;
          ctx.fillStyle = '#b45309';
          ctx.beginPath();
          ctx.arc(x, u.bbox.top + r, r, 0, 2 * Math.PI);
          ctx.fill();
          ctx.fillStyle = '#fff';
          ctx.font = `600 ${11 * dpr}px system-ui, sans-serif`;
          ctx.textAlign = 'center';
          ctx.textBaseline = 'middle';
          ctx.fillText(String(i + 1), x, u.bbox.top + r + 0.5 * dpr);
          ctx.restore();
        });
      },
    },
  };
}

/** The y axis's label. */
export const axisLabel = ({ unit, relative }: Scale) =>
  relative
    ? unit === 'per10k'
      ? 'Punkter per 10 000 ord'
      : unit === 'meetings'
        ? 'Procent av mötena'
        : 'Procent av punkterna'
    : 'Antal dagordningspunkter';

/** Draws the chart into `box`. */
export function drawChart(box: HTMLElement, trends: Trends, scale: Scale): uPlot {
  const width = Math.max(260, Math.min(900, box.clientWidth - 16));
  const value = (pt: Point) => chartValue(scale, pt);
  const first = trends.years[0]!;
  const last = trends.years.at(-1)!;
  // Counts are whole numbers: ticks at 1, 2, 5, 10 … never at halves.
  const countIncrs = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000];
  return new uPlot(
    {
      width,
      height: width < 500 ? 240 : 320,
      scales: {
        // Each year's point in the middle of its year, so a dated event falls inside the right year.
        x: { time: false, range: () => [first - 0.5, last + 0.5] },
        // Shares and counts start at 0: a cut axis exaggerates change.
        y: {
          range: (_u, _min, max) => [0, max > 0 ? (scale.relative ? max * 1.1 : Math.max(1, Math.ceil(max * 1.1))) : 1],
        },
      },
      axes: [
        {
          label: 'År',
          incrs: [1, 2, 5, 10],
          values: (_u, v) => v.map((x) => (Number.isInteger(x) ? String(x) : '')),
        },
        {
          label: axisLabel(scale),
          size: 56,
          ...(scale.relative ? {} : { incrs: countIncrs }),
          values: (_u, v) =>
            v.map((x) =>
              // Ticks as they are: 2,5 %, never a 2.5 rounded to "3 %".
              !scale.relative ? (Number.isInteger(x) ? num(x) : '') : scale.unit !== 'per10k' ? `${dec(x)} %` : dec(x),
            ),
        },
      ],
      series: [
        { label: 'År', value: (_u: uPlot, v: number | null) => (v === null ? '–' : String(v)) },
        ...trends.series.map((s, i) => ({
          label: s.label,
          stroke: colorOf(i),
          width: 2,
          points: { size: 7, fill: colorOf(i) },
          // A year without meetings is a gap in the line, not a zero.
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => formatValue(scale, v),
        })),
      ],
      cursor: { focus: { prox: 30 } },
      focus: { alpha: 0.4 },
      plugins: [annotationPlugin(trends.annotations), smallBasePlugin(trends, scale)],
    },
    [trends.years, ...trends.series.map((s) => s.points.map(value))] as uPlot.AlignedData,
    box,
  );
}

/** The series closest to where the user clicked, at the year under the cursor, or null. */
export function seriesAt(plot: uPlot, trends: Trends, scale: Scale): { series: number; year: number } | null {
  const idx = plot.cursor.idx;
  if (idx === null || idx === undefined) return null;
  const y = plot.posToVal(plot.cursor.top ?? 0, 'y');
  let best = -1;
  let bestDistance = Infinity;
  trends.series.forEach((s, i) => {
    const v = chartValue(scale, s.points[idx]!);
    if (v !== null && Math.abs(v - y) < bestDistance) {
      best = i;
      bestDistance = Math.abs(v - y);
    }
  });
  return best < 0 ? null : { series: best, year: idx };
}

/** A PNG for a report: title, the chart with its axes, a legend, notes (what is left out, events) and the source. */
export function chartPng(plot: uPlot, title: string, labels: string[], notes: string[], source: string): string {
  const chart = plot.ctx.canvas;
  const ratio = chart.width / plot.width;
  const pad = 16 * ratio;
  const line = 22 * ratio;
  const legendRows = Math.ceil(labels.length / 3);
  const canvas = document.createElement('canvas');
  canvas.width = chart.width + 2 * pad;
  canvas.height = chart.height + pad * 2 + line * (2 + legendRows + notes.length) + line;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#1d2326';
  ctx.font = `600 ${16 * ratio}px system-ui, sans-serif`;
  ctx.fillText(title, pad, pad + line * 0.8);
  ctx.drawImage(chart, pad, pad + line * 1.5);
  ctx.font = `${13 * ratio}px system-ui, sans-serif`;
  const colWidth = (canvas.width - 2 * pad) / 3;
  labels.forEach((label, i) => {
    const x = pad + (i % 3) * colWidth;
    const y = pad + line * 1.5 + chart.height + line * (1 + Math.floor(i / 3));
    ctx.fillStyle = colorOf(i);
    ctx.fillRect(x, y - 9 * ratio, 18 * ratio, 4 * ratio);
    ctx.fillStyle = '#1d2326';
    ctx.fillText(label, x + 24 * ratio, y - 3 * ratio);
  });
  ctx.fillStyle = '#1d2326';
  ctx.font = `${12 * ratio}px system-ui, sans-serif`;
  notes.forEach((note, i) => {
    ctx.fillText(note, pad, pad + line * 1.5 + chart.height + line * (1 + legendRows + i) - 3 * ratio);
  });
  ctx.fillStyle = '#5b6770';
  ctx.font = `${11 * ratio}px system-ui, sans-serif`;
  ctx.fillText(source, pad, canvas.height - pad);
  return canvas.toDataURL('image/png');
}
