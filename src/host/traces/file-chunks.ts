import { closeSync, openSync, readSync } from 'node:fs';

/** Bytes read from a file at a time. */
export const CHUNK_BYTES = 1 << 16;

/**
 * A file's bytes, `chunkBytes` at a time, synchronously (the simulator pulls
 * trace requests inside its run). The file is opened for each chunk and
 * closed at once, so that a reader abandoned part-way (a run that ends
 * before its trace does) holds no file descriptor. Each chunk is valid until
 * the next is asked for. Throws the file system's error (`code`: ENOENT …).
 */
export function* fileChunks(path: string, chunkBytes = CHUNK_BYTES): Generator<Uint8Array, void, undefined> {
  const buffer = new Uint8Array(chunkBytes);
  for (let position = 0; ; ) {
    const fd = openSync(path, 'r');
    let read: number;
    try {
      read = readSync(fd, buffer, 0, chunkBytes, position);
    } finally {
      closeSync(fd);
    }
    if (read === 0) return;
    position += read;
    yield buffer.subarray(0, read);
  }
}
