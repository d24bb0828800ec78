// The guide and the playlist file ordinary IPTV players read (VLC, Kodi's IPTV Simple client, TiviMate, Jellyfin):
// an M3U of the channels (EXTM3U with tvg-id, tvg-name, group-title and url-tvg) and an XMLTV guide
// (xmltv.dtd), built with xmlbuilder2 so every text is escaped by the library. Filler is shown by its section's name.
import { create } from 'xmlbuilder2';
import type { ChannelIndex } from './live-playlist.ts';
import { slotsBetween } from './live-playlist.ts';

export interface GuideChannel {
  id: string;
  name: string;
  group: string;
  /** The filler's name in the guide (its section's title). */
  fillerTitle: string;
  index: ChannelIndex;
}

/** XMLTV's time form: "20261124193000 +0000" (UTC; players convert). */
const xmltvTime = (ms: number): string => `${new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14)} +0000`;

/** The M3U playlist: one entry per channel, pointing at its live master playlist. */
export function channelsM3u(channels: GuideChannel[], baseUrl: string): string {
  // Attribute values are quoted; a quote or line break in a name would end them, so those are replaced.
  const attr = (s: string) => s.replace(/["\r\n]/g, ' ');
  const lines = [`#EXTM3U url-tvg="${attr(`${baseUrl}/iptv/epg.xml`)}"`];
  for (const c of channels) {
    lines.push(`#EXTINF:-1 tvg-id="${attr(c.id)}" tvg-name="${attr(c.name)}" group-title="${attr(c.group)}",${attr(c.name)}`);
    lines.push(`${baseUrl}/live/${c.id}/master.m3u8`);
  }
  return `${lines.join('\n')}\n`;
}

/** The XMLTV guide of [fromMs, toMs): every broadcast, and the filler between them. */
export function xmltvGuide(channels: GuideChannel[], fromMs: number, toMs: number): string {
  const tv = create({ version: '1.0', encoding: 'UTF-8' })
    .dtd({ name: 'tv', sysID: 'xmltv.dtd' })
    .ele('tv', { 'generator-info-name': 'Keting' });
  for (const c of channels) {
    tv.ele('channel', { id: c.id }).ele('display-name', { lang: 'zh' }).txt(c.name);
  }
  for (const c of channels) {
    const programme = (start: number, stop: number, title: string, category?: string) => {
      const p = tv.ele('programme', { start: xmltvTime(start), stop: xmltvTime(stop), channel: c.id });
      p.ele('title', { lang: 'zh' }).txt(title);
      if (category) p.ele('category', { lang: 'zh' }).txt(category);
    };
    let cursor = fromMs;
    for (const s of slotsBetween(c.index, fromMs, toMs)) {
      if (s.startMs > cursor) programme(cursor, s.startMs, c.fillerTitle);
      programme(Math.max(s.startMs, fromMs), Math.min(s.endMs, toMs), s.title, '直播');
      cursor = Math.min(s.endMs, toMs);
    }
    if (cursor < toMs) programme(cursor, toMs, c.fillerTitle);
  }
  return tv.end({ prettyPrint: true });
}
