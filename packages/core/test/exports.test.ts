import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import * as core from '@touchpoint/core'

it('exports exactly its public surface', () => {
  expect(Object.keys(core).sort()).toEqual([
    'CHECKED_HEADER', 'CONTEXT_KEY', 'ConfigError', 'DEVICES', 'EVENT_KINDS', 'MAX_CONFIG_DEPTH', 'PROTOCOL_VERSION', 'RESPONSE_LIMITS', 'STAGES', 'STATUSES', 'SURVEY_TYPES',
    'TRIGGER_KINDS', 'VERSION', 'VISIT_TIMEOUT_MS', 'audienceMiss', 'bucketOf', 'ces', 'chooseLocale', 'closest', 'configProblems', 'csat',
    'deviceOf', 'explain', 'failedCondition', 'fnv1a', 'frequencyMiss', 'highFrom', 'inSample', 'localeMatches', 'localize',
    'matchCondition', 'matchUrl', 'nextVisit', 'nps', 'sampleValue', 'scaleOf', 'scheduleMiss', 'surveyState', 'validateConfig',
  ])
})

it('gives its own version, the one a collector names when it vouches for a config', () => {
  expect(core.VERSION).toBe(JSON.parse(readFileSync('packages/core/package.json', 'utf8')).version)
})
