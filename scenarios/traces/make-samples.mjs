// Writes the sample traces of scenarios/traces/, one per format, from each format's published
// description (README.md beside this file). No public trace may be redistributed here: these are
// made up, deterministically (a fixed seed, no clock), with the shapes real block traces have —
// sequential runs among random requests, bursts and pauses, mostly small requests.
//
//   node scenarios/traces/make-samples.mjs
//
// Running it again writes the same text. The .gz file's bytes depend on the zlib of the Node that
// runs the script; what it holds does not.
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const here = (name) => new URL(name, import.meta.url);
const KiB = 1024;
const GiB = 1024 ** 3;

/** mulberry32: a small seeded generator, so that the samples never change. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(rand, weighted) {
  const total = weighted.reduce((sum, [, w]) => sum + w, 0);
  let x = rand() * total;
  for (const [value, w] of weighted) if ((x -= w) < 0) return value;
  return weighted.at(-1)[0];
}

const SIZES = [[4 * KiB, 45], [8 * KiB, 20], [16 * KiB, 10], [64 * KiB, 15], [512, 5], [128 * KiB, 5]];

/**
 * Requests in time order: { us (µs from the start), device, offset (bytes), size (bytes), write }.
 * Arrivals alternate busy phases (`busyIops`) and pauses; each device keeps a sequential cursor
 * that a request continues with probability `sequential`, else it lands anywhere in the span.
 */
function workload({ seed, count, devices, spanBytes, readFraction, busyIops, sequential = 0.6, align = 4 * KiB }) {
  const rand = random(seed);
  const cursors = new Map(devices.map(([d]) => [d, Math.floor(rand() * spanBytes / align) * align]));
  const out = [];
  let us = 0;
  let busyLeft = 40;
  for (let i = 0; i < count; i++) {
    if (busyLeft-- <= 0) {
      us += Math.round(500_000 + rand() * 1_500_000); // a pause of 0.5 to 2 s
      busyLeft = 20 + Math.floor(rand() * 60);
    }
    us += Math.round((-Math.log(1 - rand()) * 1e6) / busyIops);
    const device = pick(rand, devices);
    const size = pick(rand, SIZES);
    let offset = rand() < sequential ? cursors.get(device) : Math.floor((rand() * spanBytes) / align) * align;
    if (offset + size > spanBytes) offset = 0;
    cursors.set(device, offset + size);
    out.push({ us, device, offset, size, write: rand() >= readFraction });
  }
  return out;
}

const lines = (rows) => `${rows.join('\n')}\n`;

/** MSR Cambridge: Timestamp (Windows filetime),Hostname,DiskNumber,Type,Offset,Size,ResponseTime. Gzipped, as SNIA ships them. */
function msr() {
  const base = 128_166_372_000_000_000n; // 2007-02-22, in 100 ns units since 1601
  const rand = random(11);
  const rows = workload({ seed: 1, count: 400, devices: [['usr_0', 3], ['usr_1', 1]], spanBytes: 12 * GiB, readFraction: 0.65, busyIops: 120 }).map((r) => {
    const [host, disk] = r.device.split('_');
    const response = Math.round(500 + rand() * 150_000); // 50 µs to 15 ms, in 100 ns units
    return `${base + BigInt(r.us) * 10n},${host},${disk},${r.write ? 'Write' : 'Read'},${r.offset},${r.size},${response}`;
  });
  writeFileSync(here('msr-sample.csv.gz'), gzipSync(lines(rows)));
}

/** SPC (UMass Financial-like): ASU,LBA (512-byte blocks),Size (bytes),Opcode (r/w),Timestamp (s, 6 decimals). */
function spc() {
  const rows = workload({ seed: 2, count: 400, devices: [[0, 5], [1, 3], [2, 1]], spanBytes: 4 * GiB, readFraction: 0.25, busyIops: 200, align: 512 }).map(
    (r) => `${r.device},${r.offset / 512},${r.size},${r.write ? 'w' : 'r'},${(r.us / 1e6).toFixed(6)}`,
  );
  writeFileSync(here('spc-sample.spc'), lines(rows));
}

/**
 * blkparse's default output: for each request its Q, G, I, D and C events (and an A remap for some),
 * every event of the run in time order with per-CPU sequence numbers, a few flushes and discards,
 * then the summary blkparse closes with.
 */
function blkparse() {
  const rand = random(13);
  const requests = workload({ seed: 3, count: 120, devices: [['8,0', 4], ['8,16', 1]], spanBytes: 6 * GiB, readFraction: 0.55, busyIops: 400, align: 4 * KiB });
  const events = [];
  const procs = ['postgres', 'kworker/u8:2', 'cat', 'rsync'];
  requests.forEach((r, i) => {
    const t = r.us * 1000;
    const cpu = Math.floor(rand() * 4);
    const pid = 1000 + Math.floor(rand() * 4);
    const proc = procs[pid - 1000];
    const rwbs = r.write ? (rand() < 0.3 ? 'WS' : 'W') : rand() < 0.2 ? 'RA' : 'R';
    const sector = r.offset / 512;
    const io = `${rwbs} ${sector} + ${r.size / 512}`;
    if (i % 9 === 0) events.push({ t, cpu, pid, device: r.device, action: 'A', rest: `${io} <- (${r.device.split(',')[0]},${Number(r.device.split(',')[1]) + 1}) ${sector - 2048}` });
    events.push({ t: t + 1, cpu, pid, device: r.device, action: 'Q', rest: `${io} [${proc}]` });
    events.push({ t: t + 900, cpu, pid, device: r.device, action: 'G', rest: `${io} [${proc}]` });
    events.push({ t: t + 2100, cpu, pid, device: r.device, action: 'I', rest: `${io} [${proc}]` });
    events.push({ t: t + 5300, cpu, pid, device: r.device, action: 'D', rest: `${io} [${proc}]` });
    const serviceNs = Math.round(80_000 + rand() * 4_000_000);
    events.push({ t: t + 5300 + serviceNs, cpu: Math.floor(rand() * 4), pid: 0, device: r.device, action: 'C', rest: `${io} [0]` });
    if (i % 25 === 7) events.push({ t: t + 7000, cpu, pid: 412, device: r.device, action: 'Q', rest: 'FWS [jbd2/sda1-8]' });
    if (i % 40 === 13) events.push({ t: t + 8000, cpu, pid: 2201, device: r.device, action: 'Q', rest: `D ${sector} + 2048 [fstrim]` });
  });
  events.sort((a, b) => a.t - b.t || a.cpu - b.cpu);
  const sequence = new Map();
  const rows = events.map((e) => {
    const key = `${e.device} ${e.cpu}`;
    const seq = (sequence.get(key) ?? 0) + 1;
    sequence.set(key, seq);
    const time = `${Math.floor(e.t / 1e9)}.${String(e.t % 1e9).padStart(9, '0')}`;
    const [action, ...rest] = [e.action, ...e.rest.split(' ')];
    return `${e.device.padStart(5)} ${String(e.cpu).padStart(2)} ${String(seq).padStart(8)} ${time.padStart(14)} ${String(e.pid).padStart(5)}  ${action} ${rest[0].padStart(3)} ${rest.slice(1).join(' ')}`;
  });
  const reads = requests.filter((r) => !r.write);
  const writes = requests.filter((r) => r.write);
  const kib = (rs) => rs.reduce((sum, r) => sum + r.size, 0) / KiB;
  const summary = [
    '',
    'CPU0 (8,0):',
    ` Reads Queued:     ${String(reads.length).padStart(6)}, ${String(kib(reads)).padStart(8)}KiB\t Writes Queued:     ${String(writes.length).padStart(6)}, ${String(kib(writes)).padStart(8)}KiB`,
    'Total (8,0):',
    ` Reads Queued:     ${String(reads.length).padStart(6)}, ${String(kib(reads)).padStart(8)}KiB\t Writes Queued:     ${String(writes.length).padStart(6)}, ${String(kib(writes)).padStart(8)}KiB`,
    '',
    'Throughput (R/W): 1843KiB/s / 1203KiB/s',
    `Events (8,0): ${events.length} entries`,
    'Skips: 0 forward (0 -   0.0%)',
  ];
  writeFileSync(here('blkparse-sample.txt'), lines([...rows, ...summary]));
}

/** Alibaba: device_id,opcode (R/W),offset (bytes),length (bytes),timestamp (µs). */
function alibaba() {
  const base = 1_577_808_000_000_000; // 2020-01-01T00:00:00+08:00, in µs
  const rows = workload({ seed: 4, count: 400, devices: [[3, 3], [17, 2], [250, 1]], spanBytes: 40 * GiB, readFraction: 0.3, busyIops: 150 }).map(
    (r) => `${r.device},${r.write ? 'W' : 'R'},${r.offset},${r.size},${base + r.us}`,
  );
  writeFileSync(here('alibaba-sample.csv'), lines(rows));
}

/** Tencent CBS: Timestamp (Unix s),Offset (sectors),Size (sectors),IOType (0 read, 1 write),VolumeID. */
function tencent() {
  const base = 1_538_352_000; // 2018-10-01T00:00:00Z
  const rows = workload({ seed: 5, count: 400, devices: [[1063, 4], [1064, 1], [2011, 1]], spanBytes: 20 * GiB, readFraction: 0.4, busyIops: 60 }).map(
    (r) => `${base + Math.floor(r.us / 1e6)},${r.offset / 512},${r.size / 512},${r.write ? 1 : 0},${r.device}`,
  );
  writeFileSync(here('tencent-sample.csv'), lines(rows));
}

msr();
spc();
blkparse();
alibaba();
tencent();
