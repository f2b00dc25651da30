import { describe, expect, it } from 'vitest';
import { barChartSvg } from './bar-chart.js';
import { computeInsights } from './insights-computation.js';
import { csvHref, insightsSectionHtml } from './insights-section.js';
import { MEASURE_DEFINITIONS, MEASURES, PERCENTILE_DEFINITION } from './measure-definitions.js';
import { escapeMarkup } from './markup.js';
import { EVERY_SEVERITY, INPUT, NOW } from './testing/known-incidents.js';

const LINKS = { page: '/site/insights', csv: '/site/insights.csv' };
const report = computeInsights(INPUT, EVERY_SEVERITY, NOW);
const html = insightsSectionHtml(report, LINKS);

/** The first group of every match of a global pattern. */
function all(pattern: RegExp, text = html): string[] {
  const found: string[] = [];
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) found.push(match[1]!);
  return found;
}
/** The markup of the figure with this id, up to the end of its table. */
const figure = (id: string) =>
  html
    .slice(html.indexOf(`<figure class="insights-figure" aria-labelledby="${id}-caption"`))
    .split('</figure>')[0]!;
/** The text of each cell of a table row, header cell first. */
const row = (markup: string, label: string) =>
  all(
    /<t[hd][^>]*>([^<]*)<\/t[hd]>/g,
    markup.slice(markup.indexOf(`<th scope="row">${label}</th>`)).split('</tr>')[0]!,
  );

describe(insightsSectionHtml.name, () => {
  it('shows every measure with its heading, its written definition and a CSV link for the same filter', () => {
    for (const measure of MEASURES) {
      const { title, definition } = MEASURE_DEFINITIONS[measure];
      expect(html).toContain(`<h2 id="insights-${measure}">${escapeMarkup(title)}</h2>`);
      expect(html).toContain(`<p class="insights-definition">${escapeMarkup(definition)}</p>`);
      expect(html).toContain(`href="${escapeMarkup(csvHref(LINKS.csv, EVERY_SEVERITY, measure))}"`);
    }
    expect(csvHref(LINKS.csv, { ...EVERY_SEVERITY, severities: ['critical', 'minor'] }, 'follow-ups')).toBe(
      '/site/insights.csv?measure=follow-ups&from=2026-01&to=2026-04&severity=critical&severity=minor',
    );
    expect(html).toContain(escapeMarkup(PERCENTILE_DEFINITION));
  });

  it('gives every chart role="img" named by its own title and description, with unique ids on the page', () => {
    const ids = all(/ id="([^"]+)"/g);
    expect(new Set(ids).size).toBe(ids.length);
    const charts = html.split('<svg ').slice(1);
    expect(charts).toHaveLength(9);
    for (const chart of charts) {
      const [title, desc] = all(/aria-labelledby="([^"]+)"/g, chart)[0]!.split(' ');
      expect(chart).toMatch(/^xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="insights-chart" role="img"/);
      expect(chart).toContain(`<title id="${title}">`);
      expect(chart).toContain(`<desc id="${desc}">`);
    }
    for (const reference of all(/aria-labelledby="([^"]+)"/g).flatMap((each) => each.split(' '))) {
      expect(ids).toContain(reference);
    }
  });

  it('puts the same numbers in the table as in the chart labels', () => {
    const acknowledge = figure('insights-time-to-acknowledge-by-month');
    expect(row(acknowledge, 'Jan 2026')).toEqual(['Jan 2026', '3', '5 min', '15 min']);
    expect(row(acknowledge, 'Feb 2026')).toEqual(['Feb 2026', '0', '—', '—']);
    const chartLabels = all(/<text [^>]*>([^<]*)<\/text>/g, acknowledge.split('</svg>')[0]);
    expect(chartLabels).toEqual([
      'Median',
      '90th percentile',
      'Jan 2026',
      '5 min',
      '15 min',
      'Feb 2026',
      'no incidents',
      'no incidents',
      'Mar 2026',
      '5 min',
      '10 min',
      'Apr 2026',
      'no incidents',
      'no incidents',
    ]);
    expect(row(figure('insights-incidents-by-component'), 'API')).toEqual(['API', '2', '0', '1', '0', '3']);
    expect(row(figure('insights-follow-ups'), 'Feb 2026')).toEqual(['Feb 2026', '0', '0', '1']);
  });

  it('draws in the text colour with no colour of its own and no inline style, so dark mode and a strict policy hold', () => {
    expect(html).not.toMatch(/#[\da-f]{3,8}\b|rgb|hsl|style=|<style/i);
    expect(html).toContain('fill="currentColor"');
  });

  it('tells the series apart by pattern and legend, not by colour', () => {
    const followups = figure('insights-follow-ups');
    const legendFills = all(/<rect x="\d+" y="6" [^>]*?(fill="[^"]+")/g, followups);
    expect(legendFills).toEqual([
      'fill="currentColor"',
      'fill="url(#insights-follow-ups-hatched)"',
      'fill="url(#insights-follow-ups-dotted)"',
    ]);
    expect(all(/<text x="\d+" y="13" dy="0.35em">([^<]+)</g, followups)).toEqual([
      'Opened',
      'Closed',
      'Overdue',
    ]);
  });

  it('escapes what people typed, in the chart and in the table', () => {
    const hostile = computeInsights(
      { ...INPUT, components: [{ id: 'api', name: '<img src=x onerror=alert(1)> "API" & co' }] },
      EVERY_SEVERITY,
      NOW,
    );
    const markup = insightsSectionHtml(hostile, { page: '/site/insights?"><script>', csv: LINKS.csv });
    expect(markup).not.toContain('<img');
    expect(markup).not.toContain('<script');
    expect(markup).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; &quot;API&quot; &amp; co');
    expect(markup).toContain('text-anchor="end">&lt;img src&#x3D;x o…</text>');
  });

  it('keeps the filter in the form: months and the ticked severities', () => {
    const critical = insightsSectionHtml(
      computeInsights(INPUT, { ...EVERY_SEVERITY, severities: ['critical'] }, NOW),
      LINKS,
    );
    expect(critical).toContain('<form class="insights-filter" method="get" action="/site/insights">');
    expect(critical).toContain('name="from" value="2026-01"');
    expect(critical).toContain('name="to" value="2026-04"');
    expect(critical).toContain('value="critical" checked>');
    expect(critical).toContain('value="major">');
    expect(critical).toContain(
      '2 incidents started from Jan 2026 to Apr 2026 (UTC months), severity critical.',
    );
  });
});

describe(barChartSvg.name, () => {
  it('says so when there is nothing to chart', () => {
    const svg = barChartSvg({
      id: 'empty',
      title: 'Incidents per component',
      description: 'None',
      categories: [],
      series: [{ name: 'Incidents', values: [] }],
      valueText: String,
      missingText: 'No incidents in this period',
    });
    expect(svg).toContain('>No incidents in this period</text>');
    // The legend's swatch is the only shape drawn in the series' fill.
    expect(svg.match(/class="insights-series-1"/g)).toHaveLength(1);
  });
});
