/**
 * A progress bar on stderr: redrawn in place on a terminal, a line every few seconds otherwise
 * (CI logs, files), so stdout stays free for the summary.
 */
export interface ProgressOptions {
  label: string;
  total: number;
  unit: string;
  stream?: NodeJS.WriteStream;
  now?: () => number;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '--:--';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

/** The bar's text for `done` of `total` after `elapsedMs` (pure, for tests). */
export function renderBar(label: string, done: number, total: number, elapsedMs: number, unit: string, skipped = 0, width = 28): string {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * width);
  const rate = elapsedMs > 0 ? ((done - skipped) / elapsedMs) * 1000 : 0;
  const eta = rate > 0 ? ((total - done) / rate) * 1000 : Number.NaN;
  const pct = `${(share * 100).toFixed(0).padStart(3)}%`;
  return `${label.padEnd(18)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${unit}  ${Math.round(rate).toLocaleString('en-US')}/s  ${done >= total ? formatDuration(elapsedMs) : `ETA ${formatDuration(eta)}`}`;
}

export class Progress {
  readonly #options: Required<ProgressOptions>;
  readonly #startedAt: number;
  #done = 0;
  #skipped = 0;
  #lastDraw = 0;

  constructor(options: ProgressOptions) {
    this.#options = { stream: process.stderr, now: () => performance.now(), ...options };
    this.#startedAt = this.#options.now();
    this.#draw(true);
  }

  get done(): number {
    return this.#done;
  }

  /** Counts work finished before this run (a resumed load) without crediting it to the rate. */
  skip(n: number): void {
    this.#done += n;
    this.#skipped += n;
    this.#draw(true);
  }

  add(n: number): void {
    this.#done += n;
    this.#draw(false);
  }

  finish(): number {
    const elapsed = this.#options.now() - this.#startedAt;
    this.#draw(true, true);
    return elapsed;
  }

  #draw(force: boolean, final = false): void {
    const { stream, now, label, total, unit } = this.#options;
    const t = now();
    const tty = Boolean(stream.isTTY);
    if (!force && t - this.#lastDraw < (tty ? 100 : 5000)) return;
    this.#lastDraw = t;
    const line = renderBar(label, this.#done, total, t - this.#startedAt, unit, this.#skipped);
    if (tty) stream.write(`\r${line}\x1b[K${final ? '\n' : ''}`);
    else stream.write(`${line}\n`);
  }
}
