// A small line plot of the temperature per generated token (inline SVG, no library).
import { svg, clear, fmt } from './dom.js';

const W = 340, H = 130, LEFT = 34, RIGHT = 8, TOP = 8, BOTTOM = 26;

export function drawSchedule(container, values) {
  const top = Math.max(1, ...values.filter(Number.isFinite)) * 1.1;
  const n = values.length;
  const x = (t) => LEFT + (n > 1 ? (t / (n - 1)) * (W - LEFT - RIGHT) : 0);
  const y = (v) => TOP + (1 - Math.min(v, top) / top) * (H - TOP - BOTTOM);
  const points = values.map((v, t) => `${fmt(x(t), 1)},${fmt(y(v), 1)}`).join(' ');
  const yTicks = [0, 0.5, 1, 1.5, 2, 2.5, 3].filter(v => v <= top);
  const xTicks = [...new Set([0, Math.floor((n - 1) / 2), n - 1])];
  const plot = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'schedule', role: 'img', 'aria-labelledby': 'schedule-caption', 'data-testid': 'schedule-plot' },
    yTicks.map(v => svg('g', {},
      svg('line', { x1: LEFT, x2: W - RIGHT, y1: y(v), y2: y(v), class: 'grid' }),
      svg('text', { x: LEFT - 4, y: y(v) + 4, class: 'tick', 'text-anchor': 'end', text: fmt(v, 1) }))),
    xTicks.map(t => svg('text', { x: x(t), y: H - BOTTOM + 14, class: 'tick', 'text-anchor': 'middle', text: String(t) })),
    svg('text', { x: (LEFT + W - RIGHT) / 2, y: H - 2, class: 'axis', 'text-anchor': 'middle', text: 'generated token' }),
    svg('text', { x: 10, y: (TOP + H - BOTTOM) / 2, class: 'axis', 'text-anchor': 'middle', transform: `rotate(-90 10 ${(TOP + H - BOTTOM) / 2})`, text: 'temperature' }),
    svg('polyline', { points, class: 'line', fill: 'none' }));
  clear(container).append(plot);
}
