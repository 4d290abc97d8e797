import type { TraceFormatName } from '../host/traces/format.js';
import { FORMATS } from '../host/traces/formats/index.js';
import { openTrace } from '../host/traces/reader.js';
import { traceStats, type Span, type TraceStats } from '../host/traces/stats.js';
import { EXIT } from './exit-codes.js';
import { formatBytesAbout } from '../scenario/estimate.js';

export interface TraceStatsOptions {
  readonly format: TraceFormatName;
  readonly json?: boolean;
}

/**
 * `mirrorsim trace-stats FILE --format F`: reads a trace (streaming, gzip
 * too) and prints what a user needs to lay it onto a scenario. A line that
 * does not parse throws `TraceParseError`: main prints it, exit 2.
 */
export function traceStatsCommand(file: string, options: TraceStatsOptions): number {
  const stats = traceStats(openTrace(file, options.format));
  process.stdout.write(options.json ? `${JSON.stringify(stats, null, 2)}\n` : formatTraceStats(stats));
  return EXIT.ok;
}

/** The statistics as text: a few lines, a size histogram, the devices, and requests per interval. */
export function formatTraceStats(s: TraceStats): string {
  const format = FORMATS[s.format];
  const writes = s.requests - s.reads;
  const seconds = s.durationNs / 1e9;
  const out = [
    `${s.file}`,
    row('format', `${s.format}, ${format.title}: ${format.layout}`),
    row('lines', `${s.lines}${s.skippedLines > 0 ? ` (${s.skippedLines} without a request: headers, other events)` : ''}`),
    row('requests', `${s.requests} over ${duration(s.durationNs)}${seconds > 0 ? ` (${round(s.requests / seconds)} IOPS on average)` : ''}`),
  ];
  if (s.requests === 0) return `${out.join('\n')}\n`;
  out.push(
    row('reads', `${percent(s.reads, s.requests)} of requests (${s.reads} reads, ${writes} writes); ${bytes(s.bytesRead)} read, ${bytes(s.bytesWritten)} written`),
    row('sizes', `${bytes(s.sizeBytes.min)} to ${bytes(s.sizeBytes.max)}, ${bytes(s.sizeBytes.mean)} on average`),
    ...sizeRows(s),
    row('address span', `${span(s.span)}: a volume of at least ${bytes(s.span.highBytes)} holds every request without wrapping`),
    ...deviceRows(s),
    ...iopsRows(s),
    '',
    'In a scenario (docs/traces.md):',
    `  workload: { trace: { file: ${s.file}, format: ${s.format}${s.devices.length > 1 ? `, devices: [${yamlId(s.devices[0]!.device)}]` : ''} }, volume: NAME }`,
  );
  return `${out.join('\n')}\n`;
}

function sizeRows(s: TraceStats): string[] {
  const largest = Math.max(...s.sizes.map((b) => b.reads + b.writes));
  return s.sizes
    .filter((b) => b.reads + b.writes > 0)
    .map((b) => {
      const n = b.reads + b.writes;
      const label = b.upToBytes === null ? `> ${bytes(s.sizes.at(-2)!.upToBytes!)}` : `≤ ${bytes(b.upToBytes)}`;
      return `    ${label.padEnd(12)}${String(n).padStart(9)} ${percent(n, s.requests).padStart(7)}  ${bar(n / largest)}  reads: ${b.reads}`;
    });
}

const SHOWN_DEVICES = 10;

function deviceRows(s: TraceStats): string[] {
  if (s.devices.length <= 1 && s.otherDeviceRequests === 0) return s.devices.length === 1 ? [row('device', `${s.devices[0]!.device} (${FORMATS[s.format].device})`)] : [];
  const count = `${s.devices.length}${s.otherDeviceRequests > 0 ? '+' : ''}`;
  const rows = [row('devices', `${count}, the busiest first (a device is ${FORMATS[s.format].device})`)];
  const width = Math.max(...s.devices.slice(0, SHOWN_DEVICES).map((d) => d.device.length), 6);
  for (const d of s.devices.slice(0, SHOWN_DEVICES)) {
    rows.push(`    ${d.device.padEnd(width)}  ${String(d.requests).padStart(9)} requests  ${percent(d.reads, d.requests).padStart(7)} reads  ${span(d)}`);
  }
  if (s.devices.length > SHOWN_DEVICES) rows.push(`    … ${s.devices.length - SHOWN_DEVICES} more (--json lists them)`);
  if (s.otherDeviceRequests > 0) rows.push(`    and ${s.otherDeviceRequests} requests on devices beyond the first ${s.devices.length}`);
  return rows;
}

function iopsRows(s: TraceStats): string[] {
  const { intervalNs, counts } = s.iops;
  const rates = counts.map((n) => n / (intervalNs / 1e9));
  const peak = Math.max(...rates);
  const rows = [row('IOPS', `per ${duration(intervalNs)} from the first request: peak ${round(peak)}`)];
  rates.forEach((rate, i) => rows.push(`    ${duration(i * intervalNs).padEnd(12)}${round(rate).padStart(9)}  ${bar(peak === 0 ? 0 : rate / peak)}`));
  return rows;
}

const row = (label: string, text: string) => `${label.padEnd(14)}${text}`;

const BAR_CHARS = 30;
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A horizontal bar of `fraction` × 30 characters, in eighths. */
function bar(fraction: number): string {
  const eighths = Math.round(fraction * BAR_CHARS * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

function percent(part: number, whole: number): string {
  return `${whole === 0 ? '0.0' : ((100 * part) / whole).toFixed(1)} %`;
}

/** `512 B`, `4 KiB`, `12.3 GiB`: sizes to three figures. */
const bytes = (n: number): string => formatBytesAbout(n, 'B');

function span(s: Span): string {
  return `bytes ${bytes(s.lowBytes)} to ${bytes(s.highBytes)}`;
}

/** `0 s`, `250 ms`, `1.5 s`, `2 min`, `3 h`: interval starts and lengths. */
function duration(ns: number): string {
  if (ns === 0) return '0 s';
  if (ns < 1e6) return `${Number((ns / 1e3).toPrecision(3))} µs`;
  if (ns < 1e9) return `${Number((ns / 1e6).toPrecision(3))} ms`;
  if (ns < 120e9) return `${Number((ns / 1e9).toPrecision(3))} s`;
  if (ns < 7200e9) return `${Number((ns / 60e9).toPrecision(3))} min`;
  if (ns < 172_800e9) return `${Number((ns / 3600e9).toPrecision(3))} h`;
  return `${Number((ns / 86_400e9).toPrecision(3))} days`;
}

const round = (n: number) => String(Number(n.toPrecision(3)));

/** A device id as YAML reads it back: quoted unless a plain name or number. */
const yamlId = (id: string) => (/^[A-Za-z0-9_.-]+$/.test(id) ? id : JSON.stringify(id));
