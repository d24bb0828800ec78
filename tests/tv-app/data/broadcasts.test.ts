import { describe, expect, it } from 'vitest';
import { airState, boxChannels, leftText, spokenLeft, type TvChannel, type TvProgramme } from '../../../tv-app/src/data/broadcasts.ts';

const T0 = Date.parse('2026-12-02T11:30:00Z');
const min = 60_000;
const prog = (title: string, startMin: number, endMin: number, takeover: TvProgramme['takeover'] = 'none', announceMinutes = 0): TvProgramme => ({
  broadcastId: title,
  title,
  startsAt: new Date(T0 + startMin * min).toISOString(),
  endsAt: new Date(T0 + endMin * min).toISOString(),
  takeover,
  announceMinutes,
});
const channel = (id: string, streetId: string | null, now: TvProgramme | null, next: TvProgramme | null): TvChannel => ({
  id,
  name: id,
  streetId,
  hls: `/live/${id}/master.m3u8`,
  now,
  next,
  signal: null,
});

describe('what is on air for a box (data/broadcasts.ts)', () => {
  it('when a box belongs to a street, then it watches its street’s channel first and the district’s, never another street’s', () => {
    const list = [channel('district', null, null, null), channel('street-a', 'a', null, null), channel('street-b', 'b', null, null)];
    expect(boxChannels(list, 'a').map((c) => c.id)).toEqual(['street-a', 'district']);
    expect(boxChannels(list, null).map((c) => c.id)).toEqual(['district']);
  });

  it('when nothing is scheduled, then nothing is on air, the street’s channel plays, and nothing changes by the clock', () => {
    const s = airState([channel('district', null, null, null), channel('street-a', 'a', null, null)], 'a', T0);
    expect([s.onAir, s.soon, s.channel?.id, s.changesAt]).toEqual([null, null, 'street-a', Infinity]);
  });

  it('when a broadcast with takeover is within its warning, then it is soon, and the state changes at its start', () => {
    const meeting = prog('会议', 10, 70, 'prompt', 5);
    const before = airState([channel('district', null, null, meeting)], null, T0);
    expect(before.soon).toBeNull();
    expect(before.changesAt).toBe(T0 + 5 * min); // the warning begins
    const warned = airState([channel('district', null, null, meeting)], null, T0 + 6 * min);
    expect(warned.soon?.programme.title).toBe('会议');
    expect(warned.changesAt).toBe(T0 + 10 * min);
  });

  it('when a broadcast without takeover comes, then there is no countdown, but it is on air at its start until its end', () => {
    const plain = prog('讲座', 5, 35);
    expect(airState([channel('district', null, null, plain)], null, T0 + 4 * min).soon).toBeNull();
    const on = airState([channel('district', null, null, plain)], null, T0 + 5 * min);
    expect(on.onAir?.programme.title).toBe('讲座');
    expect(on.changesAt).toBe(T0 + 35 * min);
    expect(airState([channel('district', null, plain, null)], null, T0 + 35 * min).onAir).toBeNull();
  });

  it('when the district’s channel has a broadcast on air and the street’s has none, then the live view plays the district’s', () => {
    const s = airState([channel('district', null, prog('全区大会', -5, 55), null), channel('street-a', 'a', null, null)], 'a', T0);
    expect([s.onAir?.programme.title, s.channel?.id]).toEqual(['全区大会', 'district']);
  });

  it('when the countdown is shown and read out, then it says minutes and seconds plainly', () => {
    expect([leftText(125_000), leftText(45_000), leftText(-1)]).toEqual(['2 分 05 秒', '45 秒', '0 秒']);
    expect([spokenLeft(125_000), spokenLeft(45_000)]).toEqual(['2分钟', '45秒']);
  });
});
