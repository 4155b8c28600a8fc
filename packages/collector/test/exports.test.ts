import { expect, it } from 'vitest'
import * as collector from '@touchpoint/collector'

it('exports exactly its public surface', () => {
  expect(Object.keys(collector).sort()).toEqual([
    'CSV_COLUMNS', 'FATIGUE_CAP', 'FILTER_KEYS', 'GROUPS', 'LIMITS', 'MAX_DEPTH', 'MAX_EVENTS', 'MAX_GROUPS', 'MAX_RESPONSES', 'MIGRATIONS',
    'OTHER', 'StartupError', 'comments', 'copyAnswers', 'createHandler', 'envelopeProblem', 'eventProblem', 'exportCsv', 'fatigue', 'filterProblem',
    'groupByProblem', 'ingest', 'ingestEvents', 'isValidResponse', 'migrate', 'openPglite', 'openPostgres', 'privateWebhooksFromEnv', 'rateLimiter', 'reach', 'responseProblem',
    'responseRate', 'searchWords', 'startCollector', 'stats', 'statsResult', 'summarize', 'withReach',
  ])
})
