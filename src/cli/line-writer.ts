import { closeSync, openSync, writeSync } from 'node:fs';

/** Writes lines to a file through a buffer, synchronously (a run is synchronous). */
export class LineWriter {
  private readonly fd: number;
  private buffer: string[] = [];
  private bufferedChars = 0;
  lines = 0;
  private closed = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(line: string): void {
    this.buffer.push(line);
    this.bufferedChars += line.length + 1;
    this.lines++;
    if (this.bufferedChars > 1 << 20) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join('\n') + '\n');
    this.buffer = [];
    this.bufferedChars = 0;
  }

  /** Flushes and closes the file; closing again does nothing. */
  close(): void {
    if (this.closed) return;
    this.flush();
    closeSync(this.fd);
    this.closed = true;
  }
}
