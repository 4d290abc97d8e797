export * from './format.js';
export { FORMATS } from './formats/index.js';
export * from './lines.js';
export * from './reader.js';
export * from './replay.js';
export * from './stats.js';
export * from './trace-error.js';
