/** The linear-time regex engine, a module of its own so a browser loads it only for a config that uses $regex (regex.ts). */
export { RE2JS } from 're2js';
