/**
 * A small progress display on stderr: on a TTY one line redrawn with '\r'; elsewhere
 * (a log file, systemd, CI) a plain line every few seconds.
 */

export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  stream?: ProgressStream;
  /** Override the TTY detection of the stream. */
  tty?: boolean;
  /** Minimum time between redraws on a TTY (default 150 ms). */
  ttyIntervalMs?: number;
  /** Time between lines on a non-TTY (default 5 s). */
  plainIntervalMs?: number;
  /** Word in front of plain lines, e.g. "backfill". */
  label?: string;
}

export interface ProgressState {
  /** Bytes of the files consumed (compressed bytes for gzip). */
  bytes: number;
  /** Lines read in this run. */
  lines: number;
  /** Shown after the figures (e.g. counts, the current file). */
  extra?: string;
}

export class Progress {
  private readonly stream: ProgressStream;
  private readonly tty: boolean;
  private readonly startedAt = Date.now();
  private startBytes: number | undefined;
  private lastDraw = 0;
  private drawn = false;
  private lastPlain = '';
  private state: ProgressState = { bytes: 0, lines: 0 };

  constructor(
    /** Total bytes to read, or undefined when unknown (tail). */
    private readonly total: number | undefined,
    private readonly options: ProgressOptions = {},
  ) {
    this.stream = options.stream ?? process.stderr;
    this.tty = options.tty ?? Boolean(this.stream.isTTY);
  }

  update(state: ProgressState, force = false): void {
    this.startBytes ??= state.bytes;
    this.state = state;
    const now = Date.now();
    const interval = this.tty ? (this.options.ttyIntervalMs ?? 150) : (this.options.plainIntervalMs ?? 5000);
    if (!force && now - this.lastDraw < interval) return;
    this.lastDraw = now;
    this.draw();
  }

  /** Prints a message without garbling the bar. */
  log(message: string): void {
    if (this.tty && this.drawn) this.stream.write('\r\x1b[K');
    this.stream.write(message + '\n');
    if (this.tty && this.drawn) this.draw();
  }

  /** Final redraw, then leaves the bar's line. */
  done(): void {
    this.draw();
    if (this.tty) this.stream.write('\n');
    this.drawn = false;
  }

  private draw(): void {
    const text = formatProgress({
      total: this.total,
      bytes: this.state.bytes,
      startBytes: this.startBytes ?? this.state.bytes,
      lines: this.state.lines,
      elapsedMs: Date.now() - this.startedAt,
      extra: this.state.extra,
      bar: this.tty,
    });
    if (this.tty) {
      const width = this.stream.columns || 120; // 0 when the terminal size is unknown
      this.stream.write('\r' + text.slice(0, Math.max(20, width - 1)) + '\x1b[K');
      this.drawn = true;
    } else {
      const line = `${this.options.label ? this.options.label + ': ' : ''}${text}\n`;
      if (line !== this.lastPlain) this.stream.write(line);
      this.lastPlain = line;
    }
  }
}

export function formatProgress(p: {
  total: number | undefined;
  bytes: number;
  startBytes: number;
  lines: number;
  elapsedMs: number;
  extra?: string;
  bar: boolean;
}): string {
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? p.lines / seconds : 0;
  const parts: string[] = [];
  if (p.total !== undefined) {
    const fraction = p.total > 0 ? Math.min(1, p.bytes / p.total) : 1;
    if (p.bar) {
      const width = 24;
      const full = Math.round(fraction * width);
      parts.push(`[${'█'.repeat(full)}${'░'.repeat(width - full)}]`);
    }
    parts.push(`${(fraction * 100).toFixed(1).padStart(5)}%`);
  }
  parts.push(`${formatCount(p.lines)} lines`, `${formatCount(Math.round(rate))} lines/s`);
  if (p.total !== undefined) {
    const done = p.bytes - p.startBytes;
    const byteRate = seconds >= 1 && done > 0 ? done / seconds : 0;
    parts.push(`ETA ${byteRate > 0 ? formatDuration(((p.total - p.bytes) / byteRate) * 1000) : '--'}`);
  } else {
    parts.push(`read ${formatBytes(p.bytes)}`);
  }
  if (p.extra) parts.push(p.extra);
  return parts.join('  ');
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}
