/**
 * Loads `.env` from the working directory when present. Variables already set in the
 * environment win, so deployments override the file.
 */
import { existsSync } from 'node:fs';

if (existsSync('.env')) process.loadEnvFile('.env');
