/**
 * Registers every built-in env. Import this module (for its side effect) wherever the full
 * list is needed: the CLI, tests iterating `listEnvs()`, notebooks. Each env family has one
 * `register.ts`; add one import line here per family.
 */
import './classic/register.js';
import './hiv/register.js';
import './oncology/register.js';
import './warfarin/register.js';
