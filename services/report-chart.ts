/**
 * The results report's chart as a PNG, drawn on the server by Chart.js on a Skia canvas
 * (@napi-rs/canvas ships its binary in the npm package, so nothing is compiled on install).
 */
import { createCanvas } from '@napi-rs/canvas';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Title, type ChartConfiguration } from 'chart.js';
import type { MonthCompletions } from '../domain/results-report';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Title);

/** Twice the size it is shown at in the document, so that it prints sharp. */
export const CHART_SIZE = { width: 1200, height: 560 };

/** 2024-05 → "T5/2024". */
const monthLabel = (month: string) => `T${Number(month.slice(5))}/${month.slice(0, 4)}`;

/** Completions per month, on time in green and late in orange, stacked, on a white ground. */
export function completionsChartPng(months: readonly MonthCompletions[]): Buffer {
  const canvas = createCanvas(CHART_SIZE.width, CHART_SIZE.height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, CHART_SIZE.width, CHART_SIZE.height);
  const font = { family: 'Liberation Serif, DejaVu Serif, serif', size: 26 };
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: months.map((line) => monthLabel(line.month)),
      datasets: [
        { label: 'Hoàn thành đúng hạn', data: months.map((line) => line.onTime), backgroundColor: '#2e7d32' },
        { label: 'Hoàn thành quá hạn', data: months.map((line) => line.late), backgroundColor: '#e65100' },
      ],
    },
    options: {
      animation: false,
      responsive: false,
      devicePixelRatio: 1,
      font,
      scales: {
        x: { stacked: true, ticks: { font } },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0, font }, title: { display: true, text: 'Số lượt nhiệm vụ', font } },
      },
      plugins: { legend: { position: 'bottom', labels: { font } } },
    },
  };
  // Chart.js draws on any 2D context of the canvas API; the Skia one lacks only DOM events.
  const chart = new Chart(context as unknown as ConstructorParameters<typeof Chart>[0], config);
  const png = canvas.toBuffer('image/png');
  chart.destroy();
  return png;
}
