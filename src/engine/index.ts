export * from './assert.js';
export * from './choices.js';
export * from './event-queue.js';
export * from './rng.js';
export * from './simulator.js';
export * from './time.js';
export * from './trace.js';
