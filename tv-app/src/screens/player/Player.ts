// The player screen: the video fills the screen (the <video> under a transparent canvas) under a large
// overlay (PlayerOverlay) that hides a few seconds after the last key while playing. OK pauses and plays;
// ← → jump 10 s, 30 s when pressed again and again or held; ↓ turns captions on and off; Back leaves.
// Loading and buffering are said in words (MessagePlate); when the video cannot go on the viewer is asked
// 重试 or 换一个清晰度 (error-choices.ts). Never a black screen: the poster shows whenever no picture plays.
// On a paired box a lesson starts by asking 谁在看 (once per sitting, data/watchers.ts) and its reports name the
// members chosen; every 30 minutes of playback without a key it asks 还在观看吗 (player/still-watching.ts),
// unanswered it pauses and reports nothing more; after the lesson each member's month is shown and said.
// This file is the screen's state machine: the route, the video's events and the keys.
import { Lightning, Router } from '@lightningjs/sdk';
import { fullScreen, tellApp } from '../../components/ScreenFrame.ts';
import { ApiError, loadItem, mediaUrl } from '../../data/api.ts';
import { boxStatus, studySummary } from '../../data/boxes.ts';
import { clockText } from '../../data/format.ts';
import { progressOf, resumable, takeHeldPosition } from '../../data/progress.ts';
import { askable, sitting, summaryLines } from '../../data/watchers.ts';
import { report } from '../../observe.ts';
import { installHlsLoader, player } from '../../player/hls-player.ts';
import { APPLY_AFTER_MS, SeekGatherer } from '../../player/seek.ts';
import { PlayClock, stillWatchingTimes } from '../../player/still-watching.ts';
import { settings, updateSettings } from '../../settings.ts';
import { colors } from '../../theme/index.ts';
import { CaptionPlate } from './CaptionPlate.ts';
import { errorChoices } from './error-choices.ts';
import { JumpNote, MessagePlate } from './MessagePlate.ts';
import { PlayerOverlay } from './PlayerOverlay.ts';
import { ProgressSaver } from './progress-saver.ts';
import { lowerLevel, qualityName } from './renditions.ts';

/** How long after resuming without a question ← means 从头开始. */
const START_OVER_MS = 8_000;

/** Buffering longer than this is treated as a problem the viewer can act on. */
const STALL_MS = 15_000;

/** 还在观看吗: when to ask and how long to wait, read once at start (the start address may shorten them). */
const STILL = stillWatchingTimes(location.search, storedSetting('keting.stillWatching'));

/** What the screen says when 还在观看吗 went unanswered. */
export const NOBODY_THERE = '没有人回答，视频已暂停，不再记录学习时间。按 OK 键继续观看';

function storedSetting(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export type PlayerState = 'loading' | 'playing' | 'paused' | 'buffering' | 'error' | 'ended';

export class Player extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private itemId = '';
  private url = '';
  private title = '';
  private phase: PlayerState = 'loading';
  private seekTimer: ReturnType<typeof setTimeout> | undefined;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;
  private pendingSeek = 0;
  /** Until when ← starts the video from the beginning instead of stepping back (after resuming without a question). */
  private startOverUntil = 0;
  private lastPosition = 0;
  /** Bumped whenever the page starts or leaves, so a load finishing after the viewer left is dropped. */
  private visit = 0;
  /** The pinned rendition (index, lowest first) or -1 for automatic. */
  private level = -1;
  private levels: number[] = [];
  private seeker = new SeekGatherer();
  private saver = new ProgressSaver();
  /** Takes back the question this screen asked, if it is still open (the video plays again, the viewer left). */
  private withdrawQuestion = () => {};
  /** Playback since the last key, and in all this visit (还在观看吗, and whether a lesson was watched). */
  private clock = new PlayClock(STILL.askEveryMs);
  /** 谁在看 was answered in this visit (Back too: a retry does not ask again). */
  private whoAnswered = false;
  private withdrawWho = () => {};
  /** 还在观看吗 is open; its timer; the way to take it back. */
  private stillAsking = false;
  private stillTimer: ReturnType<typeof setTimeout> | undefined;
  private withdrawStill = () => {};
  /** Paused because 还在观看吗 went unanswered: OK or play carries on, and reporting resumes. */
  private stillPaused = false;
  /** This lesson's 本月已学习 was asked for (at its end, or as the viewer left). */
  private summarised = false;

  get announce(): string {
    return this.title ? `正在播放：${this.title}` : '';
  }

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      ...fullScreen,
      // Shown whenever no picture plays (loading, errors, the end): never a black screen.
      Poster: { ...fullScreen, rect: true, color: colors.background, Image: { ...fullScreen, alpha: 0 } },
      Overlay: { type: PlayerOverlay },
      Caption: { type: CaptionPlate },
      Jump: { type: JumpNote },
      Message: { type: MessagePlate },
    };
  }

  private get overlay(): PlayerOverlay {
    return this.tag('Overlay') as unknown as PlayerOverlay;
  }
  private get caption(): CaptionPlate {
    return this.tag('Caption') as unknown as CaptionPlate;
  }
  private get jump(): JumpNote {
    return this.tag('Jump') as unknown as JumpNote;
  }
  private get message(): MessagePlate {
    return this.tag('Message') as unknown as MessagePlate;
  }

  override set params(p: { itemId?: string }) {
    this.itemId = p.itemId ?? '';
  }

  override _active(): void {
    report({ route: `play/${this.itemId}`, focused: null, message: null, player: null });
    installHlsLoader((why) => this.fail(why));
    this.level = -1;
    this.lastPosition = 0;
    this.clock = new PlayClock(STILL.askEveryMs);
    this.whoAnswered = false;
    this.summarised = false;
    this.saver.members = [];
    this.endStillCheck();
    void this.start();
  }

  override _inactive(): void {
    this.visit++;
    this.withdrawQuestion();
    this.withdrawWho();
    this.withdrawWho = () => {};
    this.withdrawStill();
    this.withdrawStill = () => {};
    clearTimeout(this.stillTimer);
    this.overlay.stop();
    [this.seekTimer, this.stallTimer].forEach(clearTimeout);
    this.seeker.reset();
    this.summarise(this.saver.save(this.itemId, this.title, true));
    player.close();
    report({ player: null, watching: null });
  }

  // ---- 谁在看, 还在观看吗 and 本月已学习 (issue 16) ----

  /**
   * On a paired box whose household has members, asks 谁在看 unless this sitting already answered, then goes on
   * (`go`); unpaired boxes never ask. Back on the question plays without recording.
   */
  private whoThen(visit: number, go: () => void): void {
    const status = boxStatus();
    const household = status?.paired ? status.household : null;
    const members = household ? askable(household.members) : [];
    const kept = household ? sitting.choice(household.name, members, Date.now()) : [];
    if (!household || !members.length || kept !== undefined || this.whoAnswered) {
      this.watching(kept ?? this.saver.members);
      go();
      return;
    }
    this.message.say('');
    this.overlay.hide(); // the question covers the screen; play() shows the overlay again
    this.withdrawWho = tellApp(this, '$askWho', {
      members,
      answer: (chosen) => {
        this.withdrawWho = () => {};
        if (visit !== this.visit) return;
        this.whoAnswered = true;
        if (chosen !== null) sitting.choose(household.name, chosen, Date.now());
        this.watching(chosen ?? []);
        go();
      },
    });
  }

  private watching(members: readonly number[]): void {
    this.saver.members = [...members];
    report({ watching: [...members] });
  }

  /** After a lesson with members watching: their month, once the last report has been answered. Failures silent. */
  private summarise(lastReport: Promise<void> | undefined): void {
    const members = this.saver.members;
    if (this.summarised || !members.length || this.clock.played < 1000) return;
    this.summarised = true;
    const lines = (lastReport ?? Promise.resolve()).then(() => studySummary(members)).then(summaryLines);
    lines.catch(() => undefined);
    tellApp(this, '$studySummary', lines);
  }

  /** 还在观看吗: the time up to now is reported, then nothing more until the viewer answers. */
  private askStill(): void {
    this.saver.save(this.itemId, this.title, true);
    this.saver.held = true;
    this.stillAsking = true;
    const askedAt = player.currentTime;
    const here = () => {
      this.endStillCheck();
      this.overlay.show();
    };
    this.withdrawStill = tellApp(this, '$ask', { question: '还在观看吗？按 OK 键继续', choices: ['继续观看'], answer: here, back: here });
    this.stillTimer = setTimeout(() => this.nobodyThere(askedAt), STILL.answerWithinMs);
  }

  /** No answer: pause where the question came (what played since was watched by nobody), say so, report nothing. */
  private nobodyThere(askedAt: number): void {
    this.withdrawStill();
    this.withdrawStill = () => {};
    this.stillAsking = false;
    this.stillPaused = true;
    player.pause();
    if (player.duration > 0 && askedAt < player.currentTime) player.seek(askedAt);
    this.setState('paused');
    this.message.say(NOBODY_THERE);
    this.overlay.show(false);
    report({ message: NOBODY_THERE });
    tellApp(this, '$announce', NOBODY_THERE);
  }

  /** The viewer is there (answered, or pressed OK after the pause): counting and reporting go on. */
  private endStillCheck(): void {
    clearTimeout(this.stillTimer);
    this.withdrawStill = () => {};
    this.stillAsking = false;
    this.stillPaused = false;
    this.saver.held = false;
    this.clock.reset();
  }

  private setState(state: PlayerState): void {
    this.phase = state;
    const showPoster = state === 'loading' || state === 'error' || state === 'ended';
    this.tag('Poster')!.setSmooth('alpha', showPoster ? 1 : 0, { duration: 0.3 });
    this.overlay.showState(state);
    report({ player: state });
  }

  private async start(): Promise<void> {
    const visit = ++this.visit;
    this.setState('loading');
    this.message.say('正在加载视频，请稍候…');
    this.overlay.setTitle('');
    this.overlay.setProgress(0, 0);
    try {
      const item = await loadItem(this.itemId);
      if (visit !== this.visit) return; // the viewer has already left
      if (!item.video) throw new ApiError('no_video', '这条内容没有视频。');
      this.title = item.title;
      this.overlay.setTitle(item.title);
      this.tag('Poster.Image')!.patch({ src: mediaUrl(item.video.poster), alpha: 1 });
      this.url = mediaUrl(item.video.hls);
      this.whoThen(visit, () => this.begin());
    } catch (e) {
      if (visit === this.visit) this.fail(e instanceof ApiError ? e.message : '这个视频暂时无法播放。');
    }
  }

  /** Plays the loaded video: on from a retry's or a kept position, or after asking where to start. */
  private begin(): void {
    const saved = progressOf(this.itemId);
    const held = takeHeldPosition(this.itemId);
    if (this.lastPosition > 0) {
      this.play(this.lastPosition); // a retry carries on where it stopped
    } else if (held !== undefined) {
      // Straight on from the 继续观看 list, or back from a broadcast that took over: where the viewer was,
      // without a question; for a few seconds ← starts from the beginning instead.
      this.play(held);
      if (held > 0) this.offerStartOver(held);
    } else if (resumable(saved)) {
      this.message.say('');
      this.withdrawQuestion = tellApp(this, '$ask', {
        question: `从上次 ${clockText(saved.position)} 继续播放？`,
        choices: ['继续播放', '从头开始'],
        answer: (i) => this.play(i === 0 ? saved.position : 0),
        back: () => Router.back(), // Back on the question: one step back, out of the player
      });
    } else {
      this.play(0);
    }
  }

  private offerStartOver(from: number): void {
    this.startOverUntil = Date.now() + START_OVER_MS;
    const said = `从 ${clockText(from)} 继续`;
    this.jump.show(`${said}　按 ← 从头开始`);
    setTimeout(() => this.jump.fade(), START_OVER_MS);
    report({ message: said });
    tellApp(this, '$announce', `${said}，按左键从头开始`);
  }

  private startOver(): boolean {
    this.startOverUntil = 0;
    if (player.duration > 0) player.seek(0);
    else this.pendingSeek = 0;
    this.jump.show('从头开始');
    report({ message: '从头开始' });
    tellApp(this, '$announce', '从头开始');
    return true;
  }

  private play(from: number): void {
    this.pendingSeek = from;
    this.setState('loading');
    this.message.say(this.level >= 0 ? `正在换成${qualityName(this.levels[this.level] ?? 0)}，请稍候…` : '正在加载视频，请稍候…');
    player.open(this.url, this, this.level);
    this.overlay.show();
  }

  private fail(why: string): void {
    // A late event of the video closed as the viewer left (a play() cut short): nothing to tell or ask.
    if (!this.active) return;
    if (player.currentTime > 0) this.lastPosition = player.currentTime;
    this.levels = player.levels.length ? player.levels : this.levels;
    player.close();
    [this.stallTimer, this.seekTimer].forEach(clearTimeout);
    this.seeker.reset();
    this.jump.hide();
    this.setState('error');
    this.offerChoices(why);
    report({ message: why });
    tellApp(this, '$announce', `${why}按 OK 键重试`);
  }

  /** Why the video does not go on, with 重试 and (when there is more than one rendition) 换一个清晰度. */
  private offerChoices(why: string): void {
    this.message.say('');
    this.withdrawQuestion();
    this.withdrawQuestion = tellApp(this, '$ask', errorChoices(why, this.levels.length, (lower) => this.retry(lower), () => Router.back()));
    this.overlay.show(false);
  }

  private retry(lower: boolean): void {
    report({ focused: null });
    if (lower) this.level = lowerLevel(this.level, this.levels.length);
    if (this.phase === 'error' || this.phase === 'buffering') {
      player.close();
      if (this.url) this.play(this.lastPosition);
      else void this.start();
    }
  }

  private showCaption(): void {
    const on = settings().captions && this.phase !== 'error' && this.phase !== 'ended';
    this.caption.show(on ? player.captionAt(player.currentTime) : '', this.overlay.isUp);
  }

  // Events the SDK's VideoPlayer fires on its consumer.
  $videoPlayerPlaying(): void {
    clearTimeout(this.stallTimer);
    this.withdrawQuestion(); // buffering too long, then the video went on after all
    this.message.say('');
    this.setState('playing');
    this.overlay.show();
    report({ message: null, focused: null });
  }

  $videoPlayerWaiting(): void {
    if (this.phase === 'error' || this.stillPaused) return; // paused by 还在观看吗 and put back: nothing to wait for
    this.setState('buffering');
    this.message.say('正在缓冲，请稍候…');
    this.overlay.show(false);
    clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => {
      if (this.phase !== 'buffering') return;
      this.levels = player.levels;
      this.lastPosition = player.currentTime;
      this.offerChoices('网络太慢，视频一直在缓冲。');
    }, STALL_MS);
  }

  $videoPlayerTimeUpdate(): void {
    if (this.seeker.pending === undefined) this.overlay.setProgress(player.currentTime, player.duration);
    this.overlay.showQuality();
    this.showCaption();
    if (player.currentTime > 0) this.lastPosition = player.currentTime;
    this.saver.tick(this.itemId, this.title);
    const due = this.clock.tick(Date.now(), this.phase === 'playing');
    if (due && this.phase === 'playing' && !this.stillAsking) this.askStill();
  }

  $videoPlayerLoadedMetadata(): void {
    this.levels = player.levels;
    this.overlay.showQuality();
    if (this.pendingSeek > 0) {
      player.seek(this.pendingSeek);
      this.pendingSeek = 0;
    }
  }

  $videoPlayerPause(): void {
    if (this.phase === 'playing' || this.phase === 'buffering') this.setState('paused');
    this.saver.save(this.itemId, this.title, true);
    this.overlay.show(false);
  }

  $videoPlayerEnded(): void {
    if (this.stillAsking) {
      this.withdrawStill();
      clearTimeout(this.stillTimer);
      this.stillAsking = false;
    }
    this.summarise(this.saver.save(this.itemId, this.title, true));
    this.setState('ended');
    this.lastPosition = 0;
    this.message.say('播放完了。按 OK 键从头再看，按 返回 键回到上一页。');
    this.overlay.show(false);
  }

  $videoPlayerError(): void {
    if (this.phase !== 'error') this.fail('这个视频暂时无法播放。');
  }

  private togglePlay(): void {
    if (this.phase === 'paused') {
      if (this.stillPaused) {
        this.endStillCheck();
        this.message.say('');
        report({ message: null });
      }
      player.play();
      this.setState('playing');
      tellApp(this, '$announce', '继续播放');
    } else if (this.phase === 'playing' || this.phase === 'buffering') {
      player.pause();
      this.setState('paused');
      tellApp(this, '$announce', '已暂停');
    }
    this.overlay.flash('Play');
    this.overlay.show();
  }

  private seek(dir: -1 | 1): boolean {
    if (!(player.duration > 0)) return true;
    const { target, step } = this.seeker.press(dir, Date.now(), player.currentTime, player.duration);
    if (step !== 0) {
      const word = dir > 0 ? '前进' : '后退';
      const seconds = Math.abs(Math.round(step));
      this.jump.show(`${dir > 0 ? '→' : '←'} ${word} ${seconds} 秒`);
      report({ message: `${word}${seconds}秒` });
    }
    this.overlay.setProgress(target, player.duration);
    this.overlay.flash(dir > 0 ? 'Fwd' : 'Back');
    this.overlay.show();
    clearTimeout(this.seekTimer);
    this.seekTimer = setTimeout(() => {
      const to = this.seeker.take();
      if (to !== undefined) player.seek(to);
      this.jump.fade();
    }, APPLY_AFTER_MS);
    return true;
  }

  // The keys. While a question is open the app's dialog has them (OK answers it, Back leaves).
  /** Any key shows someone is watching: 还在观看吗 counts from here. */
  override _captureKey(): boolean {
    this.clock.reset();
    return false;
  }

  override _handleEnter(): boolean {
    if (this.phase === 'ended') {
      this.summarised = false; // watched again: its end or leaving says the month again
      this.endStillCheck();
      this.play(0);
    } else this.togglePlay();
    return true;
  }

  override _handleLeft(): boolean {
    if (Date.now() < this.startOverUntil) return this.startOver();
    return this.seek(-1);
  }

  override _handleRight(): boolean {
    return this.seek(1);
  }

  override _handleUp(): boolean {
    this.overlay.show(this.phase === 'playing');
    return true;
  }

  /** ↓ switches captions on and off (when the video has them). */
  override _handleDown(): boolean {
    if (player.hasCaptions) {
      const on = !settings().captions;
      updateSettings({ captions: on });
      tellApp(this, '$announce', on ? '字幕已打开' : '字幕已关闭');
      this.overlay.showQuality();
      this.showCaption();
    }
    this.overlay.show(this.phase === 'playing');
    return true;
  }

  // Media keys of remotes that have them.
  _handlePlayPause(): boolean {
    return this._handleEnter();
  }
  _handlePlay(): boolean {
    if (this.phase === 'paused') this.togglePlay();
    return true;
  }
  _handlePause(): boolean {
    if (this.phase === 'playing') this.togglePlay();
    return true;
  }
  _handleRewind(): boolean {
    return this.seek(-1);
  }
  _handleFastForward(): boolean {
    return this.seek(1);
  }
  _handleStop(): boolean {
    Router.back();
    return true;
  }
}
