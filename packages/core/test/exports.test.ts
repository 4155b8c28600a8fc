import { expect, it } from 'vitest'
import * as core from '@touchpoint/core'

it('exports exactly its public surface', () => {
  expect(Object.keys(core).sort()).toEqual([
    'CONTEXT_KEY', 'ConfigError', 'DEVICES', 'EVENT_KINDS', 'MAX_CONFIG_DEPTH', 'PROTOCOL_VERSION', 'RESPONSE_LIMITS', 'STAGES', 'STATUSES', 'SURVEY_TYPES',
    'TRIGGER_KINDS', 'VISIT_TIMEOUT_MS', 'audienceMiss', 'bucketOf', 'ces', 'chooseLocale', 'closest', 'configProblems', 'csat',
    'deviceOf', 'explain', 'failedCondition', 'fnv1a', 'frequencyMiss', 'highFrom', 'inSample', 'localeMatches', 'localize',
    'matchCondition', 'matchUrl', 'nextVisit', 'nps', 'sampleValue', 'scaleOf', 'scheduleMiss', 'surveyState', 'validateConfig',
  ])
})
