// The live view: the box's channel full screen (its street's, else the district's; the one with a broadcast on air
// first — data/broadcasts.ts), joined at the live edge by the one player module (hls.js picks the edge of a live
// playlist), under a band at the top (the channel, the time) and one at the bottom (now, next, the keys). The bands
// hide a few seconds after the last key and come back with any key, and whenever the programme changes. Nothing
// to pause or seek: it is a channel. Now/next follow the picture, not the wall clock: a live player plays some
// seconds behind the edge (three segments), so what is on is what is on at the frame's EXT-X-PROGRAM-DATE-TIME.
// Back leaves like any other screen; a broadcast that took the viewer here sends them back when its end has been
// seen on screen (App.ts → $broadcastEnded). If the signal drops, it says so and tries again by itself.
import { Lightning, Router } from '@lightningjs/sdk';
import { fullScreen, tellApp } from '../components/ScreenFrame.ts';
import { text } from '../components/Text.ts';
import { mediaUrl, sendLiveProgress } from '../data/api.ts';
import { boxStatus } from '../data/boxes.ts';
import { air, airLoaded, onAir, refreshChannels, serverNow, type AirState, type TvChannel, type TvProgramme } from '../data/broadcasts.ts';
import { timeText } from '../data/format.ts';
import { sitting } from '../data/watchers.ts';
import { activeKeyMap, type KeyName } from '../keymap.ts';
import { observed, report } from '../observe.ts';
import { installHlsLoader, player } from '../player/hls-player.ts';
import { colors, contentWidth, layout, plateColor } from '../theme/index.ts';
import { MessagePlate } from './player/MessagePlate.ts';

const L = layout.live;
const ARROWS: KeyName[] = ['Up', 'Down', 'Left', 'Right'];
const HIDE_AFTER_MS = 8_000;
/** After the signal drops, the channel is opened again this long later. */
const RETRY_MS = 5_000;
const CLOCK_TICK_MS = 1_000;
/** How often the live view reports the watching members' study of a broadcast (as the player does for lessons). */
const LIVE_STUDY_REPORT_MS = 15_000;
/** The latest a viewer taken over by a broadcast is sent back after its end on the wall clock (the picture lags less). */
const RETURN_LATEST_MS = 60_000;
/** While a relayed meeting is on, the channels are read this often for its signal (the list is cached 2 s). */
const SIGNAL_POLL_MS = 5_000;
/** The programmes kept per channel, to tell what the (lagging) picture shows. */
const KEEP_PROGRAMMES = 8;

const slotText = (p: TvProgramme) => `${timeText(p.startsAt)}–${timeText(p.endsAt)}`;

export class Live extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private channel: TvChannel | undefined;
  private url = '';
  private hideTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private openTimer: ReturnType<typeof setTimeout> | undefined;
  private clockTimer: ReturnType<typeof setInterval> | undefined;
  /** When this view last reported the members' study of the broadcast (reportStudy). */
  private studyReportedAt = 0;
  private unwatch = () => {};
  private nowLine = '';
  private nextLine = '';
  /** The channel's programmes seen in its now/next, oldest first. */
  private programmes: TvProgramme[] = [];
  /** Leave once the picture reaches this moment (a takeover's end), or null. */
  private returnAtMs: number | null = null;
  private returnTimer: ReturnType<typeof setTimeout> | undefined;
  private signalTimer: ReturnType<typeof setInterval> | undefined;
  /** The plate of an interrupted relay (直播信号中断，稍后恢复) is on screen. */
  private plateShown = false;

  get announce(): string {
    return this.nowLine;
  }

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      ...fullScreen,
      Bands: {
        Top: {
          w: layout.screenW,
          h: L.top.h,
          rect: true,
          color: plateColor('overlay'),
          Channel: { x: layout.safeX, y: L.top.textY, ...text('', { role: 'title', bold: true }) },
          Clock: { x: layout.screenW - layout.safeX, y: L.top.textY, mountX: 1, ...text('', { role: 'title', bold: true }) },
        },
        Bottom: {
          y: layout.screenH - L.bottom.h,
          w: layout.screenW,
          h: L.bottom.h,
          rect: true,
          color: plateColor('overlay'),
          Now: { x: layout.safeX, y: L.bottom.nowY, ...text('', { role: 'title', bold: true, width: contentWidth, maxLines: 1 }) },
          Next: { x: layout.safeX, y: L.bottom.nextY, ...text('', { role: 'heading', width: contentWidth, maxLines: 1 }) },
          Hint: { x: layout.safeX, y: L.bottom.hintY, ...text('OK 键 显示节目信息 · 返回键 回到上一页', { role: 'caption', color: colors.textSecondary }) },
        },
      },
      Message: { type: MessagePlate },
    };
  }

  private get message(): MessagePlate {
    return this.tag('Message') as unknown as MessagePlate;
  }

  override _active(): void {
    report({ route: 'live', focused: null, message: null, player: 'loading', liveDate: null });
    installHlsLoader((why) => this.signalLost(why));
    this.unwatch = onAir((s) => this.follow(s));
    this.clockTimer = setInterval(() => this.tick(), CLOCK_TICK_MS);
    this.tick();
    // The Router shows this page before it hides the one it leaves, whose _inactive closes the player (a video
    // taken over by a broadcast): open the channel after that, not before.
    this.openTimer = setTimeout(() => {
      if (airLoaded()) this.follow(air());
      else void refreshChannels(); // the first read answers through follow()
    });
  }

  override _inactive(): void {
    this.unwatch();
    [this.hideTimer, this.retryTimer, this.openTimer, this.returnTimer].forEach(clearTimeout);
    this.returnAtMs = null;
    this.programmes = [];
    this.nowLine = '';
    clearInterval(this.clockTimer);
    clearInterval(this.signalTimer);
    this.signalTimer = undefined;
    this.plateShown = false;
    player.close();
    this.channel = undefined;
    this.url = '';
    report({ player: null, liveNow: null, liveNext: null, liveDate: null });
  }

  /** The state changed: open the right channel (a broadcast on the other one began), and say what is on. */
  private follow(s: AirState): void {
    const channel = s.channel;
    if (!channel) {
      this.message.say('现在没有直播频道。按 返回 键回到上一页。');
      return;
    }
    if (channel.id !== this.channel?.id) this.programmes = [];
    this.channel = channel;
    const url = mediaUrl(channel.hls);
    if (url !== this.url) {
      this.url = url;
      this.open();
    }
    for (const p of [channel.now, channel.next]) {
      if (p && !this.programmes.some((q) => q.broadcastId === p.broadcastId && q.startsAt === p.startsAt)) this.programmes.push(p);
    }
    this.programmes = this.programmes.sort((a, b) => a.startsAt.localeCompare(b.startsAt)).slice(-KEEP_PROGRAMMES);
    this.tag('Bands.Top.Channel')!.text!.text = `● 直播 · ${channel.name}`;
    // A relayed meeting: its signal may drop and come back; ask for it while it is on.
    if (channel.signal && !this.signalTimer) this.signalTimer = setInterval(() => void refreshChannels(), SIGNAL_POLL_MS);
    if (!channel.signal && this.signalTimer) {
      clearInterval(this.signalTimer);
      this.signalTimer = undefined;
    }
    this.describe();
  }

  /** The relay's plate, once the picture has reached the moment its signal changed (the picture lags the edge). */
  private showSignal(at: number): void {
    const signal = this.channel?.signal ?? null;
    if (signal && at < Date.parse(signal.since)) return;
    const plate = signal?.state === 'interrupted' ? signal.plate : null;
    if (plate && !this.plateShown) {
      this.message.say(plate);
      this.plateShown = true;
      report({ message: plate });
    } else if (!plate && this.plateShown) {
      this.message.say('');
      this.plateShown = false;
      report({ message: null });
    }
  }

  /** Says what the picture shows now and what comes next, when that changed. */
  private describe(): void {
    if (!this.channel) return;
    const at = player.playingDate ?? serverNow();
    this.showSignal(at);
    const on = this.programmes.find((p) => Date.parse(p.startsAt) <= at && at < Date.parse(p.endsAt));
    const next = this.programmes.find((p) => Date.parse(p.startsAt) > at);
    const nowLine = on ? `正在直播：${on.title}` : `${this.channel.name}：现在播放精选节目`;
    const nowText = on ? `${nowLine}  ${slotText(on)}` : nowLine;
    const nextText = next ? `接下来：${timeText(next.startsAt)} ${next.title}` : '接下来：精选节目';
    if (nowLine === this.nowLine && nextText === this.nextLine) return;
    this.nowLine = nowLine;
    this.nextLine = nextText;
    this.tag('Bands.Bottom.Now')!.text!.text = nowText;
    this.tag('Bands.Bottom.Next')!.text!.text = nextText;
    report({ liveNow: nowText, liveNext: nextText });
    this.showBands();
    tellApp(this, '$announce', nowLine);
  }

  /**
   * The broadcast that brought the viewer here ended (on the wall clock): leave once its end is on screen, or at
   * once when the picture's moment is not known (a box playing HLS natively).
   */
  $broadcastEnded(endMs: number): void {
    if (player.playingDate === null) {
      Router.back();
      return;
    }
    this.returnAtMs = endMs;
    clearTimeout(this.returnTimer);
    this.returnTimer = setTimeout(() => this.active && Router.back(), RETURN_LATEST_MS);
  }

  private open(): void {
    clearTimeout(this.retryTimer);
    this.message.say('正在打开直播，请稍候…');
    report({ player: 'loading' });
    player.open(this.url, this);
  }

  private signalLost(why: string): void {
    if (!this.active) return;
    player.close();
    this.message.say('直播信号中断，正在重新连接…');
    report({ player: 'error', message: why });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.active && this.url) this.open();
    }, RETRY_MS);
  }

  private tick(): void {
    this.tag('Bands.Top.Clock')!.text!.text = timeText(new Date(serverNow()).toISOString());
    this.reportStudy();
  }

  /**
   * Every LIVE_STUDY_REPORT_MS while a broadcast plays: the members this sitting chose (谁在看, asked as a lesson
   * starts) study it. Nothing on an unpaired box, with nobody chosen, or while filler plays.
   */
  private reportStudy(): void {
    const now = Date.now();
    if (now - this.studyReportedAt < LIVE_STUDY_REPORT_MS || !this.channel?.now || observed().player !== 'playing') return;
    const household = boxStatus()?.household;
    const members = household ? sitting.choice(household.name, household.members, now) : undefined;
    if (!members?.length) return;
    this.studyReportedAt = now;
    void sendLiveProgress(this.channel.id, members);
  }

  private showBands(): void {
    this.tag('Bands')!.setSmooth('alpha', 1, { duration: 0.2 });
    report({ overlay: true });
    clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => {
      this.tag('Bands')!.setSmooth('alpha', 0, { duration: 0.4 });
      report({ overlay: false });
    }, HIDE_AFTER_MS);
  }

  // Events the SDK's VideoPlayer fires on its consumer.
  $videoPlayerPlaying(): void {
    if (!this.plateShown) {
      this.message.say('');
      report({ message: null });
    }
    report({ player: 'playing' });
  }

  $videoPlayerWaiting(): void {
    if (!this.plateShown) this.message.say('正在缓冲，请稍候…'); // the relay's plate says more
    report({ player: 'buffering' });
  }

  $videoPlayerTimeUpdate(): void {
    const at = player.playingDate;
    report({ liveDate: at });
    this.describe();
    if (this.returnAtMs !== null && at !== null && at >= this.returnAtMs) {
      this.returnAtMs = null;
      Router.back(); // exactly where the viewer was: the Router's history (App.ts kept a video's position)
    }
  }

  $videoPlayerError(): void {
    this.signalLost('直播暂时无法播放。');
  }

  // Every key shows what is on; none pauses or seeks a channel.
  override _handleEnter(): boolean {
    this.showBands();
    tellApp(this, '$announce', this.nowLine);
    return true;
  }
  /** The arrows too (Lightning calls this for keys without their own handler); Back and the rest go on. */
  override _handleKey(e: KeyboardEvent): boolean {
    if (!ARROWS.includes(activeKeyMap()[e.keyCode] ?? 'Back')) return false;
    this.showBands();
    return true;
  }
}
