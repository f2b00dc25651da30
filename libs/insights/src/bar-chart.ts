import { escapeMarkup } from './markup.js';

interface BarSeries {
  readonly name: string;
  /** One per category; null when there is nothing to show (e.g. a month without incidents). */
  readonly values: readonly (number | null)[];
}

/** A horizontal bar chart: one group of bars per category (row), one bar per series. */
export interface BarChart {
  /** Unique on the page: the chart's element ids start with it. */
  readonly id: string;
  readonly title: string;
  /** What the chart shows, read by screen readers with the title. */
  readonly description: string;
  readonly categories: readonly string[];
  /** At most three: each has its own fill pattern, so no series is told apart by colour alone. */
  readonly series: readonly BarSeries[];
  /** How a value reads at the end of its bar. */
  readonly valueText: (value: number) => string;
  /** What a null value reads instead of a bar. */
  readonly missingText: string;
}

/** Narrow on purpose: scaled down to a 320 px screen, the 12-unit text still reads at about 8 px. */
const WIDTH = 420;
/** Room for a 13-character label at the left (about 9 units a character at most), right-aligned. */
const LABEL_END = 120;
const BARS_START = 128;
/** Room after the longest bar for its value. */
const VALUE_ROOM = 90;
const BAR_HEIGHT = 14;
const BAR_GAP = 3;
const GROUP_GAP = 12;
const LEGEND_HEIGHT = 30;
const LABEL_LENGTH = 13;

/**
 * Fills by series: solid, hatched, dotted. Everything is drawn in `currentColor`, so the chart follows the text
 * colour of the page (dark mode included); the `insights-series-<n>` classes let a stylesheet colour them too.
 */
const FILLS = [
  (_id: string) => 'fill="currentColor" fill-opacity="0.8"',
  (id: string) => `fill="url(#${id}-hatched)"`,
  (id: string) => `fill="url(#${id}-dotted)"`,
];

/** The chart as inline SVG: `role="img"` named by its `<title>` and `<desc>`, every bar labelled with its value. */
export function barChartSvg(chart: BarChart): string {
  if (chart.series.length > FILLS.length)
    throw new RangeError(`A bar chart has at most ${FILLS.length} series.`);
  const id = escapeMarkup(chart.id);
  const groupHeight = chart.series.length * BAR_HEIGHT + (chart.series.length - 1) * BAR_GAP;
  const height = LEGEND_HEIGHT + Math.max(1, chart.categories.length) * (groupHeight + GROUP_GAP);
  const largest = Math.max(0, ...chart.series.flatMap((series) => series.values.map((value) => value ?? 0)));
  const body =
    chart.categories.length === 0
      ? `<text x="${BARS_START}" y="${LEGEND_HEIGHT + BAR_HEIGHT}" dy="0.35em">${escapeMarkup(chart.missingText)}</text>`
      : chart.categories
          .map((category, index) => group(chart, index, category, groupHeight, largest))
          .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="insights-chart" role="img" width="100%" ` +
    `viewBox="0 0 ${WIDTH} ${height}" aria-labelledby="${id}-title ${id}-desc" font-size="12" fill="currentColor">` +
    `<title id="${id}-title">${escapeMarkup(chart.title)}</title>` +
    `<desc id="${id}-desc">${escapeMarkup(chart.description)}</desc>` +
    patterns(id) +
    legend(chart, id) +
    `<line x1="${BARS_START}" y1="${LEGEND_HEIGHT - 4}" x2="${BARS_START}" y2="${height - GROUP_GAP / 2}" stroke="currentColor"/>` +
    body +
    '</svg>'
  );
}

function patterns(id: string): string {
  return (
    '<defs>' +
    `<pattern id="${id}-hatched" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
    '<rect width="6" height="6" fill="currentColor" fill-opacity="0.12"/>' +
    '<line x1="0" y1="0" x2="0" y2="6" stroke="currentColor" stroke-width="3"/></pattern>' +
    `<pattern id="${id}-dotted" width="5" height="5" patternUnits="userSpaceOnUse">` +
    '<circle cx="2.5" cy="2.5" r="1.3" fill="currentColor"/></pattern>' +
    '</defs>'
  );
}

function legend(chart: BarChart, id: string): string {
  let x = BARS_START;
  return chart.series
    .map((series, index) => {
      const entry =
        `<rect x="${x}" y="6" width="14" height="14" class="insights-series-${index + 1}" ${FILLS[index]!(id)} stroke="currentColor"/>` +
        `<text x="${x + 20}" y="13" dy="0.35em">${escapeMarkup(series.name)}</text>`;
      x += 20 + series.name.length * 7 + 24;
      return entry;
    })
    .join('');
}

function group(
  chart: BarChart,
  index: number,
  category: string,
  groupHeight: number,
  largest: number,
): string {
  const top = LEGEND_HEIGHT + index * (groupHeight + GROUP_GAP);
  const label =
    `<text x="${LABEL_END}" y="${top + groupHeight / 2}" dy="0.35em" text-anchor="end">` +
    `${escapeMarkup(shortened(category))}</text>`;
  const bars = chart.series.map((series, seriesIndex) => {
    const y = top + seriesIndex * (BAR_HEIGHT + BAR_GAP);
    return bar(chart, seriesIndex, series.values[index] ?? null, y, largest);
  });
  return label + bars.join('');
}

function bar(chart: BarChart, seriesIndex: number, value: number | null, y: number, largest: number): string {
  const id = escapeMarkup(chart.id);
  const textY = y + BAR_HEIGHT / 2;
  if (value === null) {
    return `<text x="${BARS_START + 6}" y="${textY}" dy="0.35em" fill-opacity="0.75">${escapeMarkup(chart.missingText)}</text>`;
  }
  const room = WIDTH - BARS_START - VALUE_ROOM;
  // A value above zero always shows a sliver, so it never reads as nothing.
  const width = largest > 0 && value > 0 ? Math.max(2, Math.round((value / largest) * room)) : 0;
  const rect =
    width > 0
      ? `<rect x="${BARS_START}" y="${y}" width="${width}" height="${BAR_HEIGHT}" ` +
        `class="insights-series-${seriesIndex + 1}" ${FILLS[seriesIndex]!(id)} stroke="currentColor"/>`
      : '';
  return (
    rect +
    `<text x="${BARS_START + width + 6}" y="${textY}" dy="0.35em">${escapeMarkup(chart.valueText(value))}</text>`
  );
}

/** Long labels are cut in the chart; the table beside it has them whole. */
function shortened(label: string): string {
  const characters = [...label];
  return characters.length <= LABEL_LENGTH ? label : `${characters.slice(0, LABEL_LENGTH - 1).join('')}…`;
}
