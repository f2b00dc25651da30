import type { StatusSnapshot } from '@firebreak/status';
import { type Branding, imageSourcesOf } from './branding.js';
import { renderMarkdown } from './markdown.js';

/** Text safe inside XML content and attributes; characters XML 1.0 forbids are dropped. */
function xmlText(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const STATUS_WORDS: Readonly<Record<string, string>> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  postmortem: 'Postmortem',
};

const FEED_ITEMS = 50;

/** Every public incident update, newest first. */
function updateItems(snapshot: StatusSnapshot, branding: Branding) {
  return snapshot.incidents
    .flatMap((incident) =>
      incident.updates.map((update) => ({
        id: `${branding.url}/incidents/${incident.ref}#update-${update.id}`,
        link: `${branding.url}/incidents/${incident.ref}#update-${update.id}`,
        title: `${incident.title} — ${STATUS_WORDS[update.status] ?? update.status}`,
        text: update.body,
        at: update.at,
      })),
    )
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, FEED_ITEMS);
}

/** RSS 2.0 of incident updates. */
export function historyRss(snapshot: StatusSnapshot, branding: Branding): string {
  const items = updateItems(snapshot, branding)
    .map(
      (item) => `    <item>
      <title>${xmlText(item.title)}</title>
      <link>${xmlText(item.link)}</link>
      <guid isPermaLink="false">${xmlText(item.id)}</guid>
      <pubDate>${item.at.toUTCString()}</pubDate>
      <description>${xmlText(item.text)}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${xmlText(branding.name)} — incident history</title>
    <link>${xmlText(branding.url)}/history</link>
    <atom:link href="${xmlText(branding.url)}/history.rss" rel="self" type="application/rss+xml"/>
    <description>Public updates on incidents affecting ${xmlText(branding.name)}</description>
    <language>en</language>
    <lastBuildDate>${snapshot.updatedAt.toUTCString()}</lastBuildDate>
${items}
  </channel>
</rss>
`;
}

/** Atom 1.0 of incident updates. */
export function historyAtom(snapshot: StatusSnapshot, branding: Branding): string {
  const entries = updateItems(snapshot, branding)
    .map(
      (item) => `  <entry>
    <title>${xmlText(item.title)}</title>
    <id>${xmlText(item.id)}</id>
    <link rel="alternate" type="text/html" href="${xmlText(item.link)}"/>
    <updated>${item.at.toISOString()}</updated>
    <content type="text">${xmlText(item.text)}</content>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${xmlText(branding.name)} — incident history</title>
  <id>${xmlText(branding.url)}/history.atom</id>
  <link rel="self" type="application/atom+xml" href="${xmlText(branding.url)}/history.atom"/>
  <link rel="alternate" type="text/html" href="${xmlText(branding.url)}/history"/>
  <updated>${snapshot.updatedAt.toISOString()}</updated>
  <author><name>${xmlText(branding.name)}</name></author>
${entries}
</feed>
`;
}

/** RSS 2.0 of published write-ups, their sanitized HTML as the description. */
export function blogRss(snapshot: StatusSnapshot, branding: Branding): string {
  const images = imageSourcesOf(branding);
  const items = snapshot.writeUps
    .slice(0, FEED_ITEMS)
    .map(
      (writeUp) => `    <item>
      <title>${xmlText(writeUp.title)}</title>
      <link>${xmlText(`${branding.url}/blog/${writeUp.slug}`)}</link>
      <guid isPermaLink="true">${xmlText(`${branding.url}/blog/${writeUp.slug}`)}</guid>
      <pubDate>${writeUp.publishedAt.toUTCString()}</pubDate>
      <description>${xmlText(renderMarkdown(writeUp.markdown, images))}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${xmlText(branding.name)} — post-incident write-ups</title>
    <link>${xmlText(branding.url)}/blog</link>
    <atom:link href="${xmlText(branding.url)}/blog.rss" rel="self" type="application/rss+xml"/>
    <description>What happened, and what we changed</description>
    <language>en</language>
    <lastBuildDate>${snapshot.updatedAt.toUTCString()}</lastBuildDate>
${items}
  </channel>
</rss>
`;
}
