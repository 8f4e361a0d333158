/**
 * Where published configs live in KV. Snapshots are immutable (`config/<version>`); the live
 * pointer (`live`) holds the version number and moves atomically on publish and rollback.
 * e2e/stack.mjs seeds the same keys for the local demo.
 */
export const LIVE_POINTER_KEY = 'live';
export const snapshotKey = (version: number): string => `config/${version}`;
export const SNAPSHOT_PREFIX = 'config/';
