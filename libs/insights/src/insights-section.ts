import { SEVERITIES } from '@firebreak/incident';
import { barChartSvg } from './bar-chart.js';
import { filterParameters, type InsightsFilter } from './insights-filter.js';
import { figuresOf, type Figure } from './insights-figures.js';
import type { InsightsReport } from './insights-report.js';
import { escapeMarkup } from './markup.js';
import {
  MEASURE_DEFINITIONS,
  MEASURES,
  PERCENTILE_DEFINITION,
  type MeasureId,
} from './measure-definitions.js';
import { monthLabel } from './months.js';

/** Where the section's form and links go. */
export interface InsightsLinks {
  /** The page itself: the filter form submits to it with GET (e.g. `/site/insights`). */
  readonly page: string;
  /** Where a measure's CSV is served (e.g. `/site/insights.csv`); `measure` and the filter are added. */
  readonly csv: string;
}

/**
 * The insights as one HTML section for a page to mount: a filter form, the period and report time, the
 * percentile rule, then each measure with its definition, a CSV link and its figures (an SVG chart and a table
 * of the same numbers). Works without JavaScript; every text is escaped.
 */
export function insightsSectionHtml(report: InsightsReport, links: InsightsLinks): string {
  return (
    '<section class="insights" aria-label="Insights">' +
    filterForm(report.filter, links.page) +
    scope(report) +
    MEASURES.map((measure) => measureSection(report, measure, links)).join('') +
    '</section>'
  );
}

/** The link to one measure's CSV for the report's filter. */
export function csvHref(csvPath: string, filter: InsightsFilter, measure: MeasureId): string {
  const parameters = new URLSearchParams({ measure });
  for (const [name, value] of filterParameters(filter)) parameters.append(name, value);
  return `${csvPath}?${parameters.toString()}`;
}

function filterForm(filter: InsightsFilter, page: string): string {
  const severities = SEVERITIES.map((severity) => {
    const checked = filter.severities.includes(severity) ? ' checked' : '';
    return (
      `<label><input type="checkbox" name="severity" value="${severity}"${checked}> ` +
      `${escapeMarkup(severity)}</label>`
    );
  }).join(' ');
  return (
    `<form class="insights-filter" method="get" action="${escapeMarkup(page)}">` +
    monthField('from', 'From month', filter.from) +
    monthField('to', 'To month', filter.to) +
    `<fieldset><legend>Severity (none ticked: all)</legend>${severities}</fieldset>` +
    '<button type="submit">Show</button>' +
    '</form>'
  );
}

function monthField(name: 'from' | 'to', label: string, value: string): string {
  return (
    `<label for="insights-${name}">${label} <span class="insights-hint">(YYYY-MM)</span></label> ` +
    `<input type="month" id="insights-${name}" name="${name}" value="${escapeMarkup(value)}" ` +
    'pattern="[0-9]{4}-[0-9]{2}" placeholder="YYYY-MM" required>'
  );
}

function scope(report: InsightsReport): string {
  const { filter } = report;
  const incidents =
    report.incidentCount === 1 ? '1 incident' : `${report.incidentCount.toLocaleString('en')} incidents`;
  const severities =
    filter.severities.length === SEVERITIES.length
      ? 'every severity'
      : `severity ${filter.severities.join(', ')}`;
  const at = report.generatedAt.toISOString();
  return (
    `<p class="insights-scope">${incidents} started from ${monthLabel(filter.from)} to ${monthLabel(filter.to)} ` +
    `(UTC months), ${escapeMarkup(severities)}. Figures as of <time datetime="${at}">` +
    `${at.slice(0, 10)} ${at.slice(11, 16)} UTC</time>.</p>` +
    `<p class="insights-definition">${escapeMarkup(PERCENTILE_DEFINITION)}</p>`
  );
}

function measureSection(report: InsightsReport, measure: MeasureId, links: InsightsLinks): string {
  const { title, definition } = MEASURE_DEFINITIONS[measure];
  return (
    `<section class="insights-measure" aria-labelledby="insights-${measure}">` +
    `<h2 id="insights-${measure}">${escapeMarkup(title)}</h2>` +
    `<p class="insights-definition">${escapeMarkup(definition)}</p>` +
    `<p><a href="${escapeMarkup(csvHref(links.csv, report.filter, measure))}" download>` +
    `Download the ${escapeMarkup(title.toLowerCase())} figures (CSV)</a></p>` +
    figuresOf(report, measure).map(figureHtml).join('') +
    '</section>'
  );
}

function figureHtml(figure: Figure): string {
  const { id, table } = figure;
  const head = table.columns.map((column) => `<th scope="col">${escapeMarkup(column)}</th>`).join('');
  const rows = table.rows
    .map(
      (row) =>
        `<tr><th scope="row">${escapeMarkup(row.label)}</th>` +
        row.cells.map((cell) => `<td>${escapeMarkup(cell)}</td>`).join('') +
        '</tr>',
    )
    .join('');
  // The table may be wider than a phone: its box scrolls, and a scrolling box must be reachable by keyboard.
  return (
    `<figure class="insights-figure" aria-labelledby="${id}-caption">` +
    `<figcaption id="${id}-caption">${escapeMarkup(figure.title)}</figcaption>` +
    barChartSvg(figure.chart) +
    `<div class="insights-table" role="region" tabindex="0" aria-labelledby="${id}-table">` +
    `<table><caption id="${id}-table">${escapeMarkup(figure.title)}: the figures</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>` +
    '</figure>'
  );
}

/**
 * Layout for the section, for the page's stylesheet (the site serves it as a file: a Content-Security-Policy
 * without inline styles still applies it). Colours come from the page: charts are drawn in `currentColor`.
 */
export const INSIGHTS_STYLESHEET = `
.insights-filter { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; }
.insights-filter fieldset { border: 1px solid; border-radius: 4px; }
.insights-hint { opacity: 0.8; }
.insights-figure { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: flex-start; margin: 1rem 0 2rem; }
.insights-figure figcaption { flex-basis: 100%; font-weight: 600; }
.insights-chart { flex: 1 1 18rem; max-width: 30rem; height: auto; }
.insights-table { flex: 1 1 16rem; max-width: 100%; overflow-x: auto; }
.insights-table table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.insights-table caption { text-align: left; font-size: 0.9em; }
.insights-table th, .insights-table td { padding: 0.25rem 0.5rem; text-align: right; border-bottom: 1px solid; white-space: nowrap; }
.insights-table th[scope='row'], .insights-table th:first-child { text-align: left; }
.insights-table:focus-visible { outline: 3px solid; outline-offset: 2px; }
`;
