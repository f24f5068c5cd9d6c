// The end-to-end tests' browser: Playwright's own when it is installed, else Debian's chromium
// (Playwright cannot download browsers on a machine without internet).
import { existsSync } from 'node:fs'
import { chromium } from '@playwright/test'
import { ensureInstalled } from './debian.mjs'

if (!process.env.CHROMIUM_PATH && !existsSync(chromium.executablePath())) ensureInstalled('chromium')
