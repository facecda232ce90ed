// The first-load benchmark (scripts/bench-first-load): the end-to-end set-up (release server,
// fresh database, Debian's Chromium) running the files in bench/ instead of the tests.
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({ ...base, testDir: './bench', timeout: 600_000 });
